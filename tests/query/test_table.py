"""What `exograph query` and `exograph analyze` print in a terminal: tables that fit its width without
cutting a cell, values a person reads (CURIEs, p-values with their comparator, large numbers, durations,
"1 row"), the query list with parameters, analyze's legend and cut lists; and `validate` of a missing file."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from exograph.query.table import as_table, cell, scientific
from support import cli_in_process


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch, built_project: Path):  # noqa: ANN201 - a function
    """The command line at a given terminal width ($COLUMNS), on the built project."""

    def run(width: int, *args: str):  # noqa: ANN202
        monkeypatch.setenv("COLUMNS", str(width))
        result = cli_in_process("--root", str(built_project), *args)
        assert result.returncode == 0, result.stderr
        return result.stdout

    return run


def test_query_tables_fit_the_terminal_and_keep_every_cell_whole(terminal, catalog, oxigraph_backend) -> None:  # noqa: ANN001
    from exograph.query.run import run_saved

    out = terminal(120, "query", "studies")
    assert max(len(line) for line in out.splitlines()) <= 120
    words = set(out.split())
    for row in run_saved(catalog["studies"], oxigraph_backend):  # cells are wrapped, never cut
        for column in ("study", "source", "indication"):
            assert all(word in words for word in str(row[column]).split() if len(word) <= 20), row[column]
    assert "(11 rows; not shown: evidence_level, review (--wide" in out


def test_wide_prints_each_row_on_one_line(terminal) -> None:  # noqa: ANN001
    out = terminal(120, "query", "studies", "--wide")
    lines = out.strip().splitlines()
    assert len(lines) == 2 + 11 + 1 and max(len(line) for line in lines) > 120


def test_columns_that_do_not_fit_are_named(terminal) -> None:  # noqa: ANN001
    out = terminal(80, "query", "skin-outcomes")
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "not shown:" in out and "--wide" in out


def test_iris_show_as_curies_and_p_values_with_their_comparator(terminal) -> None:  # noqa: ANN001
    ancestors = terminal(160, "query", "studies-by-tissue-ancestor")
    assert "UBERON:0001987" in ancestors and "http://purl.obolibrary.org" not in ancestors
    density = terminal(400, "query", "density-change")
    assert "< 0.0001" in density and "p_comparator" not in density


def test_large_numbers_durations_and_counts_read_as_words() -> None:
    assert scientific(Decimal("1.0E+10")) == "1 × 10¹⁰"
    assert cell(Decimal("12345678"), "amount") == "1.2345678 × 10⁷"
    assert cell("10000000000.0", "amount") == "1 × 10¹⁰"
    assert cell(182.625, "duration_days") == "6 months" and cell(Decimal("30.4375"), "duration_days") == "1 month"
    assert cell(84, "duration_days") == "12 weeks" and cell(1, "duration_days") == "1 day"
    assert cell(0.0001, "p_value") == "0.0001" and cell(True, "significant") == "yes"
    assert cell("9.5 to 35 hairs/cm2", "stated") == "9.5 to 35 hairs/cm²" and cell("13.01 um", "computed") == "13.01 µm"
    assert cell("ug", "unit") == "µg" and cell("um", "unit_as_reported") == "µm" and cell("ug", "note") == "ug"
    assert as_table([{"n": 1}], ["n"]).endswith("(1 row)")


def test_query_list_shows_each_querys_parameters(terminal) -> None:  # noqa: ANN001
    out = terminal(200, "query", "--list")
    assert "--param ancestor=<uri> (default http://purl.obolibrary.org/obo/MONDO_0004907)" in out
    assert "--param outcome=<string>" in out


def test_analyze_explains_its_columns_and_says_where_it_cuts(terminal) -> None:  # noqa: ANN001
    out = terminal(100, "analyze", "--limit", "3")
    assert "columns:" in out and "betweenness" in out and "patients in those studies" in out
    assert "(the first 3 of 8 by weighted degree; --limit 8 shows all)" in out
    assert max(len(line) for line in out.splitlines() if not line.startswith("evidence network")) <= 100


def test_validate_of_a_missing_file_is_a_usage_error(built_project: Path, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-record.yaml"
    result = cli_in_process("--root", str(built_project), "validate", str(missing))
    assert result.returncode == 2
    assert result.stderr.strip() == f"error: {missing}: no such file or folder (validate takes record files or folders)"


# Verbatim columns (quotes, where a fact is stated, computed sentences naming a record's fields) keep
# their text; every other column must show labels and readable durations.
VERBATIM = re.compile(r"as_reported|quote|locator|stated_at|^source_[ab]$|^statement_[ab]?$|explanation|how_computed|"
                      r"looked_in|^fact$|^topic$|^reason$")


def test_tables_print_measure_labels_and_plural_durations(terminal, catalog, oxigraph_backend) -> None:  # noqa: ANN001
    """No saved query prints a measure key where the graph has the measure's label, nor a singular
    duration after a number ("12 week"): labels come from the graph, so every backend prints them."""
    from exograph import vocab
    from exograph.query.catalog import PAGE
    from exograph.query.run import run_saved
    from exograph.query.table import shown_rows

    rules = ("adverse-events", "same-number", "design-qualifier", "class-claim", "bias-reason", "all-of-one", "et-al")
    named = [*vocab.MEASURES, *vocab.DOCUMENT_KINDS, *vocab.SOURCE_KINDS, *vocab.DESIGNS, *rules]
    keys = re.compile(r"(?<![\w\[-])(" + "|".join(re.escape(k) for k in named if "-" in k) + r")(?![\w\]-])")
    singular = re.compile(r"(?<![\w.])(?!1 )\d+(\.\d+)? (day|week|month|year)\b")
    unit_keys = re.compile(r"(?<![\w/])(hairs/cm2|mL/cm2|ug/mL|um|ug)(?![\w/])")
    found = []
    for name, query in catalog.items():
        if name.startswith(f"{PAGE}/"):
            continue  # the page's queries give plain keys on purpose: the page looks labels up itself
        header, cells = shown_rows(run_saved(query, oxigraph_backend), list(query.columns))
        found += [(name, column, text) for line in cells for column, text in zip(header, line)
                  if not VERBATIM.search(column) and (keys.search(text) or singular.search(text) or unit_keys.search(text))]
    assert not found, found[:10]
    skin = terminal(120, "query", "skin-outcomes")
    assert {"global", "aesthetic", "improvement"} <= set(skin.split()) and "global-aesthetic" not in skin
    doses = terminal(120, "query", "normalised-doses", "--format", "csv")
    assert "140–160 µg per session × 3 sessions" in doses and " ug " not in doses
    follow_up = terminal(120, "query", "follow-up")
    assert "12 weeks" in follow_up and "6 months" in follow_up and not singular.search(follow_up.split("as_reported")[0])

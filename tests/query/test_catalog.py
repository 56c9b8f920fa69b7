"""The saved queries as files: every one has a header the code reads, the required questions exist
with their columns in order, and a malformed header is an error that names the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from exograph.errors import QueryError
from exograph.query.catalog import load_catalog, parse_query_file

ROOT = Path(__file__).resolve().parents[2]
CATALOG = load_catalog(ROOT / "queries")
# written by the ontology engineer; the rest of queries/ belongs to this suite
HIERARCHY = {"studies-by-tissue-ancestor", "indications-under", "studies-by-cell-type-ancestor"}

REQUIRED = {
    "studies": ["study", "author", "year", "country", "design", "sample_size", "source", "indication", "evidence_level"],
    "patients-by-source": ["source", "studies", "patients"],
    "density-change": ["study", "source", "subgroup", "baseline", "followup", "change", "unit", "timepoint"],
    "thickness-change": ["study", "source", "change_um"],
    "evidence-levels": ["level", "study"],
    "risk-of-bias": ["study", "tool", "domain", "judgement"],
    "adverse-events": ["study", "source", "event", "frequency", "severity"],
    "skin-outcomes": ["outcome", "exosome_value", "control_value", "unit", "p_value", "significant"],
    "discrepancies": ["topic", "statement_a", "source_a", "statement_b", "source_b"],
}


def test_at_least_twenty_saved_queries_of_our_own() -> None:
    assert len(set(CATALOG) - HIERARCHY) >= 20


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_required_query_has_its_columns_first(name: str) -> None:
    assert name in CATALOG, f"queries/{name}.rq is missing"
    columns = list(CATALOG[name].columns)
    assert columns[: len(REQUIRED[name])] == REQUIRED[name]


def test_skin_outcomes_keeps_the_p_value_comparator() -> None:
    assert "p_comparator" in CATALOG["skin-outcomes"].columns


@pytest.mark.parametrize("name", sorted(set(CATALOG) - HIERARCHY))
def test_header_is_complete(name: str) -> None:
    query = CATALOG[name]
    assert query.summary.endswith("?"), "the summary is the question, in one line"
    assert query.columns
    for parameter in query.parameters:
        assert parameter.description, f"parameter {parameter.name} needs a description"


def test_density_change_takes_a_source_without_default() -> None:
    (parameter,) = CATALOG["density-change"].parameters
    assert (parameter.name, parameter.type, parameter.default) == ("source", "string", None)
    assert parameter.variable == "param_source"  # the column ?source stays free


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "bad.rq"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("text, expected", [
    ("#+ summary: Q?\nSELECT ?a WHERE { ?a ?b ?c }", "missing '#+ columns:'"),
    ("#+ columns: a\nSELECT ?a WHERE { ?a ?b ?c }", "missing '#+ summary:'"),
    ("#+ summary: Q?\n#+ columns: a, b\nSELECT ?a WHERE { ?a ?b ?c }", "lists a, b but the query selects a"),
    ("#+ summary: Q?\n#+ colums: a\nSELECT ?a WHERE { ?a ?b ?c }", "unknown header key 'colums'"),
    ("#+ summary: Q?\n#+ columns: a\n#+ param: x number 1 d\nSELECT ?a WHERE { ?a ?b ?x }", "TYPE one of"),
    ("#+ summary: Q?\n#+ columns: a\n#+ param: y string - d\nSELECT ?a WHERE { ?a ?b ?c }", "never uses ?param_y or ?y"),
])
def test_malformed_header_names_the_file(tmp_path: Path, text: str, expected: str) -> None:
    with pytest.raises(QueryError, match="bad.rq") as error:
        parse_query_file(_write(tmp_path, text))
    assert expected in str(error.value)


def test_a_variable_named_where_is_not_the_where_keyword(tmp_path: Path) -> None:
    path = _write(tmp_path, "#+ summary: Q?\n#+ columns: a, where\nSELECT ?a ?where WHERE { ?a ?b ?where }")
    assert parse_query_file(path).columns == ("a", "where")

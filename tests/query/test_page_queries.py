"""The page's queries (queries/page/*.rq): headed like the saved queries, read by the one catalog,
runnable by name from the command line, and each one read by the analysis that builds the page (no
file the page does not read, no query the page reads that is not a file). That they give the same rows
on rdflib's engine, Oxigraph (in process and as a server) and Virtuoso is checked with the saved queries
(test_backends_agree.py, test_backends_synthetic.py, test_virtuoso.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib.plugins.sparql import prepareQuery

from exograph.errors import QueryError
from exograph.query.catalog import PAGE, get_query, load_catalog
from support import ROOT, run_cli

QUERIES = ROOT / "queries"
PAGE_CATALOG = load_catalog(QUERIES, PAGE)
ANALYSIS = ROOT / "src" / "exograph" / "analysis"


def test_the_page_has_its_queries() -> None:
    assert len(PAGE_CATALOG) >= 20
    assert all(name.startswith(f"{PAGE}/") for name in PAGE_CATALOG)
    assert not set(load_catalog(QUERIES)) & set(PAGE_CATALOG), "the saved queries stay apart from the page's"


@pytest.mark.parametrize("name", sorted(PAGE_CATALOG))
def test_header_is_complete_and_its_columns_are_what_the_query_selects(name: str) -> None:
    query = PAGE_CATALOG[name]
    assert query.summary.endswith("?"), "the summary is the question, in one line"
    assert query.parameters == ()
    # rdflib's own parser (not the catalog's header check) names the projected variables
    projected = [str(variable) for variable in prepareQuery(query.text).algebra["PV"]]
    assert projected == list(query.columns)


@pytest.mark.parametrize("name", sorted(PAGE_CATALOG))
def test_a_fact_comes_with_all_three_provenance_columns(name: str) -> None:
    columns = PAGE_CATALOG[name].columns
    provenance = [c for c in columns if c in ("quote", "locator", "document")]
    assert provenance in ([], ["quote", "locator", "document"])


def test_every_page_query_is_read_by_the_analysis_and_every_one_read_exists() -> None:
    read = set()
    for path in ANALYSIS.glob("*.py"):
        read |= set(re.findall(r"""page\.rows\(["']([\w-]+)["']\)""", path.read_text(encoding="utf-8")))
    assert {f"{PAGE}/{name}" for name in read} == set(PAGE_CATALOG)


def test_a_page_query_runs_by_name(built_project: Path) -> None:
    import csv

    result = run_cli("query", "page/studies", "--format", "csv", cwd=built_project, check=True)
    header, *rows = [row for row in csv.reader(result.stdout.splitlines()) if row]
    assert header == ["study", "id", "label", "patients", "year", "title", "doi"]
    assert sorted(row[1] for row in rows) == sorted(p.stem for p in (built_project / "data" / "studies").rglob("*.yaml"))


def test_the_listing_shows_the_page_queries_apart(built_project: Path) -> None:
    listing = run_cli("query", "--list", cwd=built_project, check=True).stdout
    saved, _, page = listing.partition("The page's queries")
    assert "page/measurements" in page and "page/" not in saved
    assert re.search(r"^studies\s", saved, re.MULTILINE) and re.search(r"^page/studies\s", page, re.MULTILINE)


@pytest.mark.parametrize("name", ["page/nope", "page/../studies", "elsewhere/studies", "page/", "/studies"])
def test_a_name_outside_the_catalog_is_an_error(name: str) -> None:
    with pytest.raises(QueryError, match="no saved query named"):
        get_query(QUERIES, name)


def test_a_missing_page_query_names_the_file(tmp_path: Path, built_graph) -> None:  # noqa: ANN001
    from exograph.analysis.evidence import load_evidence

    (tmp_path / PAGE).mkdir()
    with pytest.raises(QueryError, match=r"page/studies\.rq is missing"):
        load_evidence(built_graph, tmp_path)

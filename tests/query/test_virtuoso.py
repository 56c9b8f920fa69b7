"""The saved queries on a second, independent SPARQL store: Virtuoso Open Source, loaded by `exograph push
--store virtuoso` (Graph Store Protocol with HTTP Digest authentication). Every query gives the rows the
embedded store gives; where Virtuoso read a query differently, the query was made portable SPARQL 1.1."""

from __future__ import annotations

from pathlib import Path

import pytest

from exograph.query.run import run_saved

from .test_backends_agree import EMPTY_ON_THE_CURATED_DATA, NAMES, normalized


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_query_gives_the_embedded_rows_on_virtuoso(name: str, catalog, oxigraph_backend, virtuoso_backend) -> None:  # noqa: ANN001
    query = catalog[name]
    embedded = normalized(run_saved(query, oxigraph_backend))
    assert bool(embedded) != (name in EMPTY_ON_THE_CURATED_DATA), f"{name}: rows on the real graph: {len(embedded)}"
    assert normalized(run_saved(query, virtuoso_backend)) == embedded


# Ancestors other than the defaults: classes above some of the data's classes, a source's own class,
# a class above every one of them, and one above none (no curated source is from fibroblasts).
ANCESTORS = [("studies-by-tissue-ancestor", a) for a in ("UBERON:0000479", "UBERON:0000062", "UBERON:0001013", "BFO:0000001")] + \
            [("studies-by-cell-type-ancestor", a) for a in ("CL:0002570", "CL:0000000", "CL:0000057")]
ABOVE_NO_SOURCE = {"CL:0000057"}


@pytest.mark.slow
@pytest.mark.parametrize(("name", "ancestor"), ANCESTORS)
def test_ancestor_query_gives_the_embedded_rows_on_virtuoso(name: str, ancestor: str, catalog, oxigraph_backend,  # noqa: ANN001
                                                            rdflib_backend, virtuoso_backend) -> None:  # noqa: ANN001
    """Virtuoso 7.2 loses rows of `?class rdfs:subClassOf* ?ancestor` when both ends are bound (the
    class by the data, the ancestor by the parameter); the queries keep the upper end free."""
    query, given = catalog[name], {"ancestor": ancestor}
    embedded = normalized(run_saved(query, oxigraph_backend, given))
    assert bool(embedded) != (ancestor in ABOVE_NO_SOURCE), f"{name} {ancestor}: {len(embedded)} rows"
    assert normalized(run_saved(query, rdflib_backend, given)) == embedded
    assert normalized(run_saved(query, virtuoso_backend, given)) == embedded


def test_non_ascii_text_comes_back_from_virtuoso_as_it_went_in(built_graph, virtuoso_backend) -> None:  # noqa: ANN001
    """The charset travels with the pushed data: text with curly quotes and dashes is not garbled."""
    from rdflib import Literal

    text = next(str(o) for o in built_graph.objects() if isinstance(o, Literal) and any(c in str(o) for c in "“”–µ"))
    rows = virtuoso_backend.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s ?p {Literal(text).n3()} }}")
    assert rows[0]["n"] >= 1, f"{text!r} is not in Virtuoso as pushed"


def test_query_on_virtuoso_queries_the_pushed_graph_by_default(built_project: Path, virtuoso, run_cli) -> None:  # noqa: ANN001
    pushed = run_cli("query", "studies", "--format", "csv", "--endpoint", virtuoso.sparql_url, cwd=built_project)
    assert pushed.returncode == 0, pushed.stderr
    assert len(pushed.stdout.strip().splitlines()) == 1 + 11, pushed.stdout


def test_push_to_virtuoso_without_credentials_says_how_to_give_them(built_project: Path, virtuoso, run_cli) -> None:  # noqa: ANN001
    result = run_cli("push", "--endpoint", virtuoso.url, "--store", "virtuoso", "--graph", "http://example.org/g",
                     cwd=built_project)
    assert result.returncode == 2
    assert "answered HTTP 401" in result.stderr and "--user NAME" in result.stderr and "EXOGRAPH_PASSWORD" in result.stderr


def test_push_with_a_wrong_password_is_refused(built_project: Path, virtuoso, run_cli) -> None:  # noqa: ANN001
    result = run_cli("push", "--endpoint", virtuoso.url, "--store", "virtuoso", "--user", "dba", "--graph",
                     "http://example.org/g", cwd=built_project, env={"EXOGRAPH_PASSWORD": "not-the-password"})
    assert result.returncode == 2
    assert "answered HTTP 401" in result.stderr and "refused the user name or password" in result.stderr


def test_push_to_an_explicit_graph_store_url(built_project: Path, virtuoso, run_cli) -> None:  # noqa: ANN001
    graph = "http://example.org/exograph-copy"
    pushed = run_cli("push", "--endpoint", virtuoso.url, "--gsp", f"{virtuoso.url}/sparql-graph-crud-auth",
                     "--user", "dba", "--graph", graph, cwd=built_project, env={"EXOGRAPH_PASSWORD": "dba"})
    assert pushed.returncode == 0, pushed.stderr
    rows = run_cli("query", "studies", "--format", "csv", "--endpoint", virtuoso.sparql_url, "--graph", graph,
                   cwd=built_project)
    assert len(rows.stdout.strip().splitlines()) == 1 + 11, rows.stderr

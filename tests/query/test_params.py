"""Parameters: validated, bound as typed terms in a VALUES block, never pasted into the query; a value
full of SPARQL syntax stays one plain literal on every backend."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from exograph.errors import QueryError
from exograph.query.catalog import Parameter
from exograph.query.params import bindings, parse_assignments, to_term, with_values
from exograph.query.run import run_saved

INJECTION = 'adipose" } ; DROP ALL ; #'


def _param(kind: str) -> Parameter:
    return Parameter("x", kind, None, "test", "x")


@pytest.mark.parametrize("kind, raw, expected", [
    ("string", "adipose", Literal("adipose")),
    ("integer", "12", Literal(12, datatype=XSD.integer)),
    ("decimal", "1E+3", Literal("1000", datatype=XSD.decimal)),
    ("uri", "UBERON:0001013", URIRef("http://purl.obolibrary.org/obo/UBERON_0001013")),
    ("uri", "https://example.org/a", URIRef("https://example.org/a")),
])
def test_values_become_typed_terms(kind: str, raw: str, expected: object) -> None:
    assert to_term(_param(kind), raw) == expected


@pytest.mark.parametrize("kind, raw, message", [
    ("integer", "twelve", "expects a whole number"),
    ("decimal", "NaN", "expects a decimal number"),
    ("decimal", "1.2.3", "expects a decimal number"),
    ("uri", "not an iri", "expects an IRI"),
    ("uri", "http://a.org/x> } DROP ALL {", "expects an IRI"),
])
def test_bad_values_are_rejected_with_what_was_expected(kind: str, raw: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        to_term(_param(kind), raw)


def test_unknown_parameter_names_the_known_ones(catalog) -> None:  # noqa: ANN001
    with pytest.raises(QueryError, match="has no parameter 'sorce'; its parameters: source"):
        bindings(catalog["density-change"], {"sorce": "adipose"})


def test_assignment_needs_key_and_value() -> None:
    assert parse_assignments(["source=a=b"]) == {"source": "a=b"}
    with pytest.raises(QueryError, match="KEY=VALUE"):
        parse_assignments(["source"])


def test_injection_is_one_escaped_literal_in_a_values_block(catalog) -> None:  # noqa: ANN001
    query = catalog["density-change"]
    text = with_values(query.text, bindings(query, {"source": INJECTION}))
    assert 'VALUES (?param_source) { ("adipose\\" } ; DROP ALL ; #") }' in text
    assert text.count("DROP ALL") == 1


def test_injection_matches_nothing_and_changes_nothing_on_rdflib(catalog, rdflib_backend) -> None:  # noqa: ANN001
    before = len(rdflib_backend.graph)
    assert run_saved(catalog["density-change"], rdflib_backend, {"source": INJECTION}) == []
    assert len(rdflib_backend.graph) == before


def test_injection_matches_nothing_and_changes_nothing_on_a_server(catalog, endpoint_backend) -> None:  # noqa: ANN001
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    before = endpoint_backend.select(count)
    assert run_saved(catalog["density-change"], endpoint_backend, {"source": INJECTION}) == []
    assert endpoint_backend.select(count) == before


def test_source_filter_is_a_case_insensitive_substring(catalog, oxigraph_backend) -> None:  # noqa: ANN001
    query = catalog["density-change"]
    everything = run_saved(query, oxigraph_backend)
    adipose = run_saved(query, oxigraph_backend, {"source": "ADIPOSE"})
    assert adipose and len(adipose) < len(everything)
    assert all("adipose" in row["source"].lower() for row in adipose)
    assert {r["study"] for r in everything if "adipose" in (r["source"] or "").lower()} == {r["study"] for r in adipose}


def test_cli_reports_an_unknown_parameter_without_a_traceback(built_project: Path, run_cli) -> None:  # noqa: ANN001
    result = run_cli("query", "density-change", "--param", "sorce=adipose", cwd=built_project)
    assert result.returncode == 2
    assert "has no parameter 'sorce'; its parameters: source" in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_runs_the_injection_as_a_plain_value(built_project: Path, run_cli) -> None:  # noqa: ANN001
    result = run_cli("query", "density-change", "--param", f"source={INJECTION}", "--format", "json", cwd=built_project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"

"""`exograph imports --endpoint`: terms read from a real SPARQL server (Oxigraph, loaded with uo.obo
as N-Triples) give the same module as the file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from exograph.ontology import imports as imp
from exograph.ontology.sources import OboFileSource, graph_of_table
from ontology_helpers import serve_file, shared_ontologies  # noqa: F401 (fixtures)

ROOT = Path(__file__).resolve().parents[2]
TERMS = ROOT / "ontology" / "imports" / "terms.tsv"
BODY_START = "obo:IAO_0000115 a owl:AnnotationProperty .\n"


@pytest.fixture(scope="module")
def uo_server(shared_ontologies, tmp_path_factory):
    folder = tmp_path_factory.mktemp("oxigraph")
    data = folder / "uo.nt"
    graph = graph_of_table(OboFileSource(shared_ontologies / "uo.obo").table)
    data.write_bytes(graph.serialize(format="nt", encoding="utf-8"))
    server = serve_file(folder / "store", data)
    yield server
    server.stop()


def _uo_entries() -> list[imp.TermEntry]:
    return [e for e in imp.read_term_list(TERMS) if e.spec.prefix == "UO"]


def test_endpoint_module_equals_file_module(uo_server, shared_ontologies):
    entries = _uo_entries()
    assert len(entries) > 10
    from_file, problems = imp.build_module(imp.ONTOLOGIES["UO"], entries, shared_ontologies,
                                           imp.read_source_readme(shared_ontologies))
    assert not problems
    from_endpoint, problems = imp.build_endpoint_module(imp.ONTOLOGIES["UO"], entries, uo_server.query_url)
    assert not problems
    assert set(from_endpoint.terms) == set(from_file.terms)
    assert imp.render_terms(from_endpoint) == imp.render_terms(from_file)
    assert from_endpoint.sources == [uo_server.query_url]


def test_endpoint_lacking_a_term_is_an_error_naming_it(uo_server):
    entries = _uo_entries()[:1] + [imp.TermEntry("UO:9999999", imp.ONTOLOGIES["UO"].iri("9999999"),
                                                 imp.ONTOLOGIES["UO"], "no such unit", None, 0)]
    _, problems = imp.build_endpoint_module(imp.ONTOLOGIES["UO"], entries, uo_server.query_url)
    assert len(problems) == 1 and "UO:9999999" in problems[0] and uo_server.query_url in problems[0]


def test_cli_endpoint_extraction_matches_the_committed_module(uo_server, tmp_path):
    env = {**os.environ, "EXOGRAPH_ROOT": str(ROOT)}
    result = subprocess.run([sys.executable, "-m", "exograph", "imports", "--endpoint", uo_server.query_url,
                             "--only", "UO", "--out", str(tmp_path)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    written = (tmp_path / "uo_import.ttl").read_text(encoding="utf-8")
    committed = (ROOT / "ontology" / "imports" / "uo_import.ttl").read_text(encoding="utf-8")
    assert written.split(BODY_START, 1)[1] == committed.split(BODY_START, 1)[1]
    assert uo_server.query_url in written.split(BODY_START, 1)[0]


def test_imports_add_looks_a_term_up_on_the_endpoint(uo_server, scratch_project):
    """`imports --add CURIE --endpoint URL`: the label comes from the endpoint, the term enters terms.tsv
    and its module is extracted from the endpoint; a term the endpoint lacks leaves terms.tsv as it was."""
    from support import run_cli

    terms = scratch_project / "ontology" / "imports" / "terms.tsv"
    result = run_cli("imports", "--add", "UO:0000032", "--endpoint", uo_server.query_url, cwd=scratch_project)
    assert result.returncode == 0, result.stderr
    assert "added UO:0000032 'hour'" in result.stdout
    assert "UO:0000032\thour" in terms.read_text(encoding="utf-8").splitlines()
    module = (scratch_project / "ontology" / "imports" / "uo_import.ttl").read_text(encoding="utf-8")
    assert 'obo:UO_0000032 a owl:Class ;\n    rdfs:label "hour"' in module and uo_server.query_url in module
    before = terms.read_bytes()
    missing = run_cli("imports", "--add", "UO:0099999", "--endpoint", uo_server.query_url, cwd=scratch_project)
    assert missing.returncode == 1 and "has no such term" in missing.stderr, missing.stderr
    assert terms.read_bytes() == before

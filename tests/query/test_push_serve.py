"""exograph push (Graph Store Protocol PUT into a named graph) and exograph serve (a real local
Oxigraph server that stops cleanly on SIGTERM)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from exograph.errors import EndpointError
from exograph.query.backends import EndpointBackend
from exograph.store import GRAPH_IRI, OxigraphServer, graph_store_url, push_ntriples

from .http_double import Reply

COUNT = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


@pytest.mark.parametrize("given, store", [
    ("http://127.0.0.1:7878", "http://127.0.0.1:7878/store"),
    ("http://127.0.0.1:7878/", "http://127.0.0.1:7878/store"),
    ("http://127.0.0.1:7878/query", "http://127.0.0.1:7878/store"),
    ("http://127.0.0.1:7878/store", "http://127.0.0.1:7878/store"),
    ("http://localhost:3030/ds/data", "http://localhost:3030/ds/data"),
])
def test_the_store_url_is_found_from_a_base_query_or_store_url(given: str, store: str) -> None:
    assert graph_store_url(given) == store


def test_a_non_http_url_is_refused() -> None:
    with pytest.raises(EndpointError, match="expected an http"):
        graph_store_url("ftp://example.org/store")


def test_pushing_twice_leaves_one_copy(tmp_path: Path, built_project: Path, run_cli) -> None:  # noqa: ANN001
    triples = len((built_project / "build" / "exograph.nt").read_text(encoding="utf-8").splitlines())
    with OxigraphServer(tmp_path / "store") as server:
        first = run_cli("push", "--endpoint", server.url, cwd=built_project, check=True)
        assert f"pushed {triples} triples into graph <{GRAPH_IRI}>" in first.stdout
        run_cli("push", "--endpoint", f"{server.url}/store", cwd=built_project, check=True)
        counts = EndpointBackend(server.query_url).select(COUNT)
    assert counts == [{"g": GRAPH_IRI, "n": triples}]


def test_push_sends_the_charset_with_the_data(fake_endpoint) -> None:  # noqa: ANN001
    fake_endpoint.script(Reply(204))
    push_ntriples("<http://a> <http://b> \"caf\u00e9 \u201cq\u201d\" .\n".encode(), fake_endpoint.url)
    assert fake_endpoint.headers[-1]["Content-Type"] == "application/n-triples; charset=utf-8"


def test_push_to_a_failing_store_names_the_status(fake_endpoint, built_project: Path, run_cli) -> None:  # noqa: ANN001
    fake_endpoint.script(Reply(403, b"read-only store", "text/plain"))
    result = run_cli("push", "--endpoint", fake_endpoint.url.replace("/sparql", "/store"), cwd=built_project)
    assert result.returncode == 2
    assert "answered HTTP 403: read-only store" in result.stderr and "Traceback" not in result.stderr


def test_push_retries_a_busy_store(fake_endpoint) -> None:  # noqa: ANN001
    fake_endpoint.script(Reply(503, b"busy"), Reply(204))
    result = push_ntriples(b"<http://a> <http://b> <http://c> .\n", fake_endpoint.url, backoff=0.01)
    assert (result.status, result.triples, fake_endpoint.requests) == (204, 1, 2)


def test_serve_prints_its_urls_answers_queries_and_stops_on_sigterm(built_project: Path) -> None:
    env = {**os.environ, "EXOGRAPH_ROOT": str(built_project), "PYTHONWARNINGS": "ignore"}
    process = subprocess.Popen([sys.executable, "-m", "exograph", "serve", "--port", "0"], cwd=built_project,
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        endpoint_line = process.stdout.readline()
        page_line = process.stdout.readline()
        assert endpoint_line.startswith("SPARQL endpoint: http://127.0.0.1:"), endpoint_line + process.stderr.read()
        endpoint = endpoint_line.split(": ", 1)[1].strip()
        page = page_line.split(": ", 1)[1].strip()
        assert endpoint.endswith("/query") and page == endpoint.removesuffix("query")
        rows = EndpointBackend(endpoint).select("SELECT (COUNT(?s) AS ?n) WHERE { ?s a <https://w3id.org/exograph/ontology#Study> }")
        assert rows == [{"n": 11}]
        with urllib.request.urlopen(page, timeout=5) as response:
            assert response.status == 200 and b"<html" in response.read().lower()
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=15) == 0
    finally:
        if process.poll() is None:
            process.kill()
    with pytest.raises(EndpointError):  # the Oxigraph child went with it
        EndpointBackend(endpoint, retries=1, timeout=2).select("ASK {}")

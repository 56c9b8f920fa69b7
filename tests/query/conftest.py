"""Fixtures for the saved-query tests: the built graph behind each backend, a real Oxigraph server
with the graph pushed into it, and a small misbehaving HTTP server for the endpoint error paths."""

from __future__ import annotations

import http.server
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

import pytest
import support
from .http_double import FakeEndpoint, handler_for

from exograph.query.backends import EndpointBackend, OxigraphBackend, RdflibBackend
from exograph.query.catalog import SavedQuery, load_catalog
from exograph.store import OxigraphServer
from virtuoso_server import PASSWORD, USER, VirtuosoServer


@pytest.fixture(scope="session")
def run_cli() -> Callable:
    """The real command line in a subprocess (support.run_cli), as a fixture."""
    return support.run_cli


@pytest.fixture(scope="session")
def catalog(built_project: Path) -> dict[str, SavedQuery]:
    return load_catalog(built_project / "queries")


@pytest.fixture(scope="session")
def rdflib_backend(built_graph) -> RdflibBackend:  # noqa: ANN001 - an rdflib Graph
    return RdflibBackend(built_graph)


@pytest.fixture(scope="session")
def oxigraph_backend(built_project: Path) -> OxigraphBackend:
    """The published store, opened read-only: what `exograph query` runs on."""
    from exograph.paths import ProjectPaths
    from exograph.query.engine import embedded_backend

    return embedded_backend(ProjectPaths(built_project))


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory, built_project: Path, run_cli) -> Iterator[OxigraphServer]:  # noqa: ANN001
    """A real `oxigraph serve` on a free 127.0.0.1 port, with the built graph pushed into its named
    graph by `exograph push` (the server's default graph is the union of its graphs)."""
    server = OxigraphServer(tmp_path_factory.mktemp("oxigraph-store")).start()
    try:
        run_cli("push", "--endpoint", server.url, cwd=built_project, check=True)
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def endpoint_backend(oxigraph_server: OxigraphServer) -> EndpointBackend:
    return EndpointBackend(oxigraph_server.query_url, timeout=30)


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory, built_project: Path, run_cli) -> Iterator[VirtuosoServer]:  # noqa: ANN001
    """A private Virtuoso Open Source server (started once per session, its database in a temporary
    folder) with the built graph pushed into its named graph by `exograph push --store virtuoso`
    (Graph Store Protocol, HTTP Digest authentication)."""
    server = VirtuosoServer(tmp_path_factory.mktemp("virtuoso")).start()
    try:
        run_cli("push", "--endpoint", server.url, "--store", "virtuoso", "--user", USER, cwd=built_project,
                check=True, env={"EXOGRAPH_PASSWORD": PASSWORD})
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def virtuoso_backend(virtuoso: VirtuosoServer) -> EndpointBackend:
    """Virtuoso's SPARQL endpoint over the pushed graph (its default graph is not the union of its graphs)."""
    from exograph.store import GRAPH_IRI

    return EndpointBackend(virtuoso.sparql_url, timeout=120, graph=GRAPH_IRI)


# ---- a real HTTP server that misbehaves on purpose -----------------------------------------


@pytest.fixture
def fake_endpoint() -> Iterator[FakeEndpoint]:
    endpoint = FakeEndpoint("")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler_for(endpoint))
    endpoint.url = f"http://127.0.0.1:{server.server_address[1]}/sparql"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield endpoint
    finally:
        server.shutdown()
        server.server_close()


# ---- the source documents the expected values are read from -------------------------------


@dataclass(frozen=True)
class Sources:
    hair: str
    skin: str

    def table1(self) -> dict[str, list[str]]:
        """The hair review's Table 1: first author → its 13 tab-separated cells."""
        rows = {}
        for line in self.hair.splitlines():
            cells = line.split("\t")
            if len(cells) == 13 and " et al" in cells[0] and cells[1].strip().isdigit():
                rows[cells[0].split(" et al")[0].strip()] = [c.strip() for c in cells]
        return rows

    def table2(self) -> tuple[list[str], list[list[str]]]:
        """The hair review's Table 2 (ROBINS-I): the study names and the rows of judgements."""
        lines = self.hair.splitlines()
        start = next(i for i, line in enumerate(lines) if line.startswith("Domain\t"))
        names = [cell.split(" et al")[0].strip() for cell in lines[start].split("\t")[1:]]
        rows = [line.split("\t") for line in lines[start + 1: start + 9]]
        return names, rows


@pytest.fixture(scope="session")
def sources() -> Sources:
    need_shared = support.need_shared
    return Sources(need_shared("seeds", "hair-review-2025.md").read_text(encoding="utf-8"),
                   need_shared("seeds", "skin-review-2025-abstract.md").read_text(encoding="utf-8"))

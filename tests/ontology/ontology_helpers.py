"""Fixtures and helpers of the ontology tests: the shared ontology files (skipped when ../shared is
absent, failing when CI=true, through tests/conftest.py's `need_shared`), the real graph and its
reasoning, fixture records through the real loader, and a real Oxigraph SPARQL server.

Test modules import the fixtures they use from here. (A tests/ontology/conftest.py would replace
tests/conftest.py as the module `conftest` that other tests import helpers from.)"""

from __future__ import annotations

import importlib.util
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RESOURCES = ROOT / "tests" / "resources"


def _root_conftest():
    spec = importlib.util.spec_from_file_location("exograph_tests_root_conftest", ROOT / "tests" / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


need_shared = _root_conftest().need_shared


@pytest.fixture(scope="session")
def shared_ontologies() -> Path:
    return need_shared("ontologies")


@pytest.fixture(scope="session")
def obo_reference() -> Path:
    return need_shared("reference", "obo-terms.tsv")


@pytest.fixture(scope="session")
def java() -> str:
    found = shutil.which("java")
    if not found:
        pytest.skip("no Java on PATH: HermiT needs it")
    return found


@pytest.fixture(scope="session")
def project_paths():
    from exograph.paths import ProjectPaths

    return ProjectPaths(ROOT)


@pytest.fixture(scope="session")
def ontology(project_paths):
    from exograph.pipeline import ontology_graph

    return ontology_graph(project_paths)


@pytest.fixture(scope="session")
def data(project_paths):
    from exograph.pipeline import build_data_graph

    return build_data_graph(project_paths)


@pytest.fixture(scope="session")
def merged(ontology, data):
    from rdflib import Graph

    graph = Graph()
    graph += ontology
    graph += data
    return graph


@pytest.fixture(scope="session")
def real_inference(java, ontology, data):
    from exograph.ontology.reason import infer

    return infer(data, ontology)


def fixture_data(name: str):
    """The data graph of the records in tests/resources/<name>/data (through the real loader)."""
    from exograph.paths import ProjectPaths
    from exograph.pipeline import data_graph, load_records

    paths = ProjectPaths(RESOURCES / name)
    files = sorted((paths.data / "studies").glob("*.yaml"))
    return data_graph(load_records(paths, files))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def oxigraph_command() -> str:
    found = Path(sys.executable).parent / "oxigraph"
    if found.exists():
        return str(found)
    which = shutil.which("oxigraph")
    if not which:
        pytest.skip("the oxigraph CLI is not installed (pip install oxigraph)")
    return which


class OxigraphServer:
    """`oxigraph load` a file into a store, then `oxigraph serve` it on a free local port."""

    def __init__(self, store: Path, data_file: Path):
        self.command = oxigraph_command()
        subprocess.run([self.command, "load", "--location", str(store), "--file", str(data_file)],
                       check=True, capture_output=True, timeout=120)
        self.port = free_port()
        self.process = subprocess.Popen([self.command, "serve", "--location", str(store),
                                         "--bind", f"127.0.0.1:{self.port}"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.url = f"http://127.0.0.1:{self.port}/query"
        self._wait()

    def _wait(self) -> None:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"oxigraph serve exited: {self.process.stderr.read().decode()}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/query?query=ASK%7B%7D", timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("oxigraph serve did not answer within 20 s")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

"""Fixtures and helpers of the ontology tests: the shared ontology files (skipped when ../shared is
absent, failing when CI=true, through support.need_shared), the real graph and its
reasoning, fixture records through the real loader, and a real Oxigraph SPARQL server.

Test modules import the fixtures they use from here. (A tests/ontology/conftest.py would replace
tests/conftest.py as the module `conftest` that other tests import helpers from.)"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RESOURCES = ROOT / "tests" / "resources"


from support import need_shared  # noqa: E402 - the shared skip/fail rule for ../shared


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
    from exograph.graphs import ontology_graph

    return ontology_graph(project_paths)


@pytest.fixture(scope="session")
def data(project_paths):
    from exograph.records.convert import data_graph, load_records

    return data_graph(load_records(project_paths))


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
    from exograph.records.convert import data_graph, load_records

    paths = ProjectPaths(RESOURCES / name)
    files = sorted((paths.data / "studies").glob("*.yaml"))
    return data_graph(load_records(paths, files))


def serve_file(store: Path, data_file: Path):  # noqa: ANN201 - an exograph.store.OxigraphServer
    """`oxigraph load` a file into a store, then the project's own OxigraphServer serves it on a free
    127.0.0.1 port (default graph only: the loaded file is in it)."""
    from exograph.store import OxigraphServer, oxigraph_command

    subprocess.run([oxigraph_command(), "load", "--location", str(store), "--file", str(data_file)],
                   check=True, capture_output=True, timeout=120)
    return OxigraphServer(location=store, union_default_graph=False).start()


@pytest.fixture(scope="session")
def hermit_inference(java, ontology, data):
    """Whole-graph HermiT over the real data: the reference the per-record reasoner is compared with."""
    from exograph.ontology.reason import infer

    return infer(data, ontology, hermit=True)

"""Fixtures shared by every test: the project, a scratch copy of it, a built copy of it.
Plain helpers live in support.py (import them from there, never from conftest)."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import PROJECT_PARTS, ROOT, copy_project, need_shared, run_cli  # noqa: F401 - re-exported for old imports


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture
def scratch_project(tmp_path: Path) -> Path:
    """A copy of the project's curated inputs in a temporary folder, safe to break."""
    return copy_project(tmp_path)


@pytest.fixture(scope="session")
def built_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scratch project built once per session (build/ filled by `exograph build`)."""
    target = tmp_path_factory.mktemp("built")
    copy_project(target)
    run_cli("build", cwd=target, check=True)
    return target


@pytest.fixture(scope="session")
def built_graph(built_project: Path):
    from rdflib import Graph

    graph = Graph()
    graph.parse(built_project / "build" / "exograph.nt", format="nt")
    return graph

"""Fixtures shared by every test: the project, a scratch copy of it, a built copy of it.
Plain helpers live in support.py (import them from there, never from conftest)."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import (PROJECT_PARTS, ROOT, SYNTH_STUDIES, copy_project, make_synthetic_project,  # noqa: F401
                     need_shared, run_cli)


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


@pytest.fixture(scope="session")
def synthetic_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """SYNTH_STUDIES synthetic studies (`exograph synth`), written once per session."""
    return make_synthetic_project(tmp_path_factory.mktemp("synth"), SYNTH_STUDIES)


@pytest.fixture(scope="session")
def synthetic_built(synthetic_project: Path) -> Path:
    """The synthetic project with build/exograph.nt (no validation or reasoning: the queries' input)."""
    from exograph.build import build
    from exograph.paths import ProjectPaths

    build(ProjectPaths(synthetic_project), reason=False, validate=False)
    return synthetic_project

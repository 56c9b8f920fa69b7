"""Fixtures shared by every test: the project, a scratch copy of it, and access to ../shared."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("EXOGRAPH_SHARED", ROOT.parent / "shared"))
PROJECT_PARTS = ("ontology", "shapes", "queries", "data")


def need_shared(*parts: str) -> Path:
    """A path under ../shared; skipped with a reason when absent, a failure in CI (CI=true)."""
    path = SHARED.joinpath(*parts)
    if path.exists():
        return path
    message = f"{path} is absent: these tests read the shared source documents and ontology copies"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message + " (CI=true requires them)")
    pytest.skip(message)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture
def scratch_project(tmp_path: Path) -> Path:
    """A copy of the project's curated inputs in a temporary folder, safe to break."""
    for part in PROJECT_PARTS:
        shutil.copytree(ROOT / part, tmp_path / part)
    return tmp_path


def run_cli(*args: str, cwd: Path, check: bool = False) -> subprocess.CompletedProcess[str]:
    """The real command line, in a subprocess, as a user would run it."""
    env = {**os.environ, "EXOGRAPH_ROOT": str(cwd), "PYTHONWARNINGS": "ignore"}
    result = subprocess.run([sys.executable, "-m", "exograph", *args], cwd=cwd, env=env,
                            capture_output=True, text=True, timeout=600)
    if check and result.returncode != 0:
        raise AssertionError(f"exograph {' '.join(args)} exited {result.returncode}:\n{result.stderr}")
    return result


@pytest.fixture(scope="session")
def built_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scratch project built once per session (build/ filled by `exograph build`)."""
    target = tmp_path_factory.mktemp("built")
    for part in PROJECT_PARTS:
        shutil.copytree(ROOT / part, target / part)
    run_cli("build", cwd=target, check=True)
    return target


@pytest.fixture(scope="session")
def built_graph(built_project: Path):
    from rdflib import Graph

    graph = Graph()
    graph.parse(built_project / "build" / "exograph.nt", format="nt")
    return graph

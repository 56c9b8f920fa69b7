"""Fixtures for the shape tests: the project, its shapes graph, and tests/conftest.py's helpers
(taken by reference: two conftest modules share one name, so neither is imported by name)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import pytest
from rdflib import Graph

from exograph.paths import ProjectPaths

TESTS = Path(__file__).resolve().parents[1]


def top_conftest(config: pytest.Config) -> Any:
    """tests/conftest.py as pytest loaded it (sys.modules may hold another module named conftest)."""
    wanted = TESTS / "conftest.py"
    for plugin in config.pluginmanager.get_plugins():
        file = getattr(plugin, "__file__", None)
        if file and Path(file).resolve() == wanted:
            return plugin
    raise RuntimeError(f"{wanted} was not loaded by pytest")


@pytest.fixture(scope="session")
def run_cli(pytestconfig: pytest.Config) -> Callable:
    return top_conftest(pytestconfig).run_cli


@pytest.fixture(scope="session")
def need_shared(pytestconfig: pytest.Config) -> Callable:
    return top_conftest(pytestconfig).need_shared


@pytest.fixture(scope="session")
def project(pytestconfig: pytest.Config) -> ProjectPaths:
    return ProjectPaths(top_conftest(pytestconfig).ROOT)


@pytest.fixture(scope="session")
def shapes(project: ProjectPaths) -> Graph:
    from exograph.validate.shacl import shapes_graph

    return shapes_graph(project)



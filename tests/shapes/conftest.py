"""Fixtures for the shape tests: the project, its shapes graph, and the shared helpers of support.py."""

from __future__ import annotations

from typing import Callable

import pytest
from rdflib import Graph

import support
from exograph.paths import ProjectPaths


@pytest.fixture(scope="session")
def run_cli() -> Callable:
    return support.run_cli


@pytest.fixture(scope="session")
def need_shared() -> Callable:
    return support.need_shared


@pytest.fixture(scope="session")
def project() -> ProjectPaths:
    return ProjectPaths(support.ROOT)


@pytest.fixture(scope="session")
def shapes(project: ProjectPaths) -> Graph:
    from exograph.validate.shacl import shapes_graph

    return shapes_graph(project)



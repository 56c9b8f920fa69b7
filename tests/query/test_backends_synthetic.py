"""Every saved query gives the same answer on rdflib's engine and on Oxigraph: on the real data and on a
synthetic evidence base. What SPARQL leaves to the engine is normalized before comparing: the order
of rows without ORDER BY ties, the order of GROUP_CONCAT parts, and how a number is written
(rdflib keeps "67.0", Oxigraph writes "67": the same xsd:decimal value)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from exograph.query.backends import OxigraphBackend, RdflibBackend, Row
from exograph.query.catalog import PAGE, load_catalog
from exograph.query.run import run_saved

from support import ROOT, copy_project

SEPARATOR = " | "  # the GROUP_CONCAT separator every saved query uses
# the saved queries and the page's (page/NAME)
CATALOG = {**load_catalog(ROOT / "queries"), **load_catalog(ROOT / "queries", PAGE)}
QUERIES = sorted(CATALOG)


def _value(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float, Decimal)):
        return Decimal(str(value)).normalize()
    if isinstance(value, str) and SEPARATOR in value:
        return SEPARATOR.join(sorted(value.split(SEPARATOR)))
    return value


def canonical(rows: list[Row]) -> list[str]:
    return sorted(repr(sorted((key, _value(value)) for key, value in row.items())) for row in rows)


def _backends(built: Path) -> tuple[RdflibBackend, OxigraphBackend]:
    from exograph.graphs import new_graph

    data = (built / "build" / "exograph.nt").read_bytes()
    graph = new_graph()
    graph.parse(data=data, format="nt")
    return RdflibBackend(graph), OxigraphBackend(ntriples=data)


@pytest.fixture(scope="module")
def real_backends(tmp_path_factory: pytest.TempPathFactory) -> tuple[RdflibBackend, OxigraphBackend]:
    """The curated data, built without validation (so a record being curated does not hide the queries)."""
    from exograph.build import build
    from exograph.paths import ProjectPaths

    target = tmp_path_factory.mktemp("real")
    copy_project(target)
    build(ProjectPaths(target), reason=False, validate=False)
    return _backends(target)


@pytest.fixture(scope="module")
def synthetic_backends(synthetic_built: Path) -> tuple[RdflibBackend, OxigraphBackend]:
    return _backends(synthetic_built)


def _compare(name: str, backends: tuple[RdflibBackend, OxigraphBackend]) -> None:
    query = CATALOG[name]
    rdflib_rows, oxigraph_rows = (run_saved(query, backend) for backend in backends)
    assert canonical(rdflib_rows) == canonical(oxigraph_rows), (
        f"{name}: rdflib gave {len(rdflib_rows)} rows, Oxigraph {len(oxigraph_rows)}; first difference: "
        f"{sorted(set(canonical(rdflib_rows)) ^ set(canonical(oxigraph_rows)))[:2]}")


@pytest.mark.parametrize("name", QUERIES)
def test_same_rows_on_both_backends_real_data(name: str, real_backends: tuple[RdflibBackend, OxigraphBackend]) -> None:
    _compare(name, real_backends)


@pytest.mark.parametrize("name", QUERIES)
def test_same_rows_on_both_backends_synthetic(name: str,
                                              synthetic_backends: tuple[RdflibBackend, OxigraphBackend]) -> None:
    _compare(name, synthetic_backends)


def test_synthetic_data_exercises_the_queries(synthetic_backends: tuple[RdflibBackend, OxigraphBackend]) -> None:
    """The comparison means something only if the queries return rows on synthetic data."""
    empty = [name for name in QUERIES if not run_saved(CATALOG[name], synthetic_backends[1])]
    assert len(empty) <= len(QUERIES) // 3, f"queries without rows on synthetic data: {empty}"


def test_auto_backend_is_oxigraph_for_a_large_graph(synthetic_built: Path) -> None:
    from exograph.paths import ProjectPaths
    from exograph.query.engine import embedded_backend

    assert isinstance(embedded_backend(ProjectPaths(synthetic_built), "auto"), OxigraphBackend)
    assert isinstance(embedded_backend(ProjectPaths(synthetic_built), "rdflib"), RdflibBackend)

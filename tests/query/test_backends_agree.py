"""Every saved query returns rows on the real graph, and the same rows on rdflib's engine, the
in-process Oxigraph store and a real Oxigraph server the graph was pushed to."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from exograph.query.catalog import PAGE
from exograph.query.run import run_saved

ROOT = Path(__file__).resolve().parents[2]
# the saved queries and the page's (page/NAME): everything `exograph query` and the page show
NAMES = sorted(path.stem for path in (ROOT / "queries").glob("*.rq")) + \
    sorted(f"{PAGE}/{path.stem}" for path in (ROOT / "queries" / PAGE).glob("*.rq"))


def plain(value: Any) -> str:
    """A cell as comparable text: numbers by value (67.0 and 67 agree), everything else as text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float, Decimal)):
        return f"{Decimal(str(value)).normalize():f}"
    return str(value)


def normalized(rows: list[dict[str, Any]]) -> list[tuple[tuple[str, str], ...]]:
    return sorted(tuple((key, plain(row[key])) for key in sorted(row)) for row in rows)


# Queries whose answer on the curated data is no row: no curated study reports a trial registration,
# and no two curated studies can be pooled. They are run on a graph that has rows in
# tests/query/test_source_queries.py, tests/commands/test_standalone_study.py and (the page's)
# tests/query/test_backends_synthetic.py.
EMPTY_ON_THE_CURATED_DATA = {"registered-trials", f"{PAGE}/pooled-study-estimates"}


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_query_gives_the_same_rows_on_every_backend(name: str, catalog, rdflib_backend, oxigraph_backend,  # noqa: ANN001
                                                     endpoint_backend) -> None:
    query = catalog[name]
    embedded = run_saved(query, rdflib_backend)
    assert bool(embedded) != (name in EMPTY_ON_THE_CURATED_DATA), f"{name}: rows on the real graph: {len(embedded)}"
    assert all(set(row) == set(query.columns) for row in embedded[:1])
    expected = normalized(embedded)
    assert normalized(run_saved(query, oxigraph_backend)) == expected, "in-process Oxigraph differs from rdflib"
    assert normalized(run_saved(query, endpoint_backend)) == expected, "the Oxigraph server differs from rdflib"


def test_oxigraph_streams_the_built_file_into_the_same_store_as_its_bytes(built_project: Path) -> None:
    from exograph.query.backends import OxigraphBackend

    built = built_project / "build" / "exograph.nt"
    from_path, from_bytes = OxigraphBackend(path=built), OxigraphBackend(ntriples=built.read_bytes())
    assert len(from_path.store) == len(from_bytes.store) == sum(1 for line in built.open("rb") if line.strip())
    assert _named(from_path.store) == _named(from_bytes.store)


def _named(store: Any) -> set[Any]:
    """The quads without blank nodes (each load labels blank nodes afresh)."""
    import pyoxigraph

    return {q for q in store if not any(isinstance(t, pyoxigraph.BlankNode) for t in (q.subject, q.object))}

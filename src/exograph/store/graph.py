"""The built graph as an rdflib Graph, for code written against rdflib's API (viz, analyze, the
notebooks): rdflib's API over the published Oxigraph store, opened read-only (nothing is parsed or
copied; SPARQL runs on Oxigraph)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

if TYPE_CHECKING:
    import pyoxigraph
    from rdflib import Graph

    from exograph.paths import ProjectPaths


def built_graph(paths: ProjectPaths) -> Graph:
    """The published graph (checked fresh; see published.py) as an rdflib Graph."""
    from exograph.store.published import open_store

    return graph_of_store(open_store(paths))


def graph_of_store(store: pyoxigraph.Store) -> Graph:
    from oxrdflib import OxigraphStore
    from rdflib import Graph
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    graph = Graph(store=OxigraphStore(store=store), identifier=DATASET_DEFAULT_GRAPH_ID)
    from exograph.vocab import PREFIXES

    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def graph_over(chunks: list[bytes | Path]) -> Graph:
    """N-Triples (bytes, or files) as an rdflib Graph over an in-memory Oxigraph store that loads
    them on first use: rdflib's API and SPARQL at Oxigraph's speed, and nothing loaded if nobody looks."""
    from rdflib import Graph
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    return Graph(store=_lazy_store_class()(chunks), identifier=DATASET_DEFAULT_GRAPH_ID)


@lru_cache(maxsize=1)
def _lazy_store_class() -> type:
    from oxrdflib import OxigraphStore

    class LazyOxigraphStore(OxigraphStore):
        """oxrdflib's store, filled from N-Triples the first time anything reads it."""

        def __init__(self, chunks: list[bytes | Path]) -> None:
            super().__init__()
            self._chunks = chunks

        @property
        def _inner(self) -> Any:
            if self._store is None:
                import pyoxigraph as ox

                store = ox.Store()
                for data in _batches(self._chunks):
                    store.bulk_load(data, ox.RdfFormat.N_TRIPLES)
                self._store = store
            return self._store

    return LazyOxigraphStore


def _batches(chunks: list[bytes | Path], size: int = 50_000_000) -> Iterator[bytes]:
    """The chunks in batches of about `size` bytes (one load per small chunk would be slow)."""
    batch: list[bytes] = []
    held = 0
    for chunk in chunks:
        data = chunk.read_bytes() if isinstance(chunk, Path) else chunk
        batch.append(data if data.endswith(b"\n") or not data else data + b"\n")
        held += len(data)
        if held >= size:
            yield b"".join(batch)
            batch, held = [], 0
    if batch:
        yield b"".join(batch)

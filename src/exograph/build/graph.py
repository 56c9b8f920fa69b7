"""The built graph handed to code written against rdflib (viz, analyze, the notebooks)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

if TYPE_CHECKING:
    from rdflib import Graph

    from exograph.paths import ProjectPaths

LAZY_GRAPH_BYTES = 4_000_000  # ~25k triples: rdflib parses that in ~0.4 s; above, Oxigraph takes over


def load_built_graph(paths: ProjectPaths) -> Graph:
    """build/exograph.nt as an rdflib Graph, built first if it does not exist yet."""
    from exograph.build.writer import OUTPUT_NT

    built = paths.build / OUTPUT_NT
    if not built.exists():
        from exograph.build.orchestrate import build

        build(paths)
    return load_graph(built)


def graph_over(chunks: list[bytes | Path]) -> Graph:
    """N-Triples (bytes, or files) as an rdflib Graph: a plain in-memory Graph while small (what the
    reference build hands over, so small projects see no difference), an Oxigraph-backed one, loaded
    on first use, when large (parsing millions of triples into rdflib takes minutes and gigabytes)."""
    size = sum(c.stat().st_size if isinstance(c, Path) else len(c) for c in chunks)
    if size > LAZY_GRAPH_BYTES:
        return lazy_graph(chunks)
    from exograph.graphs import new_graph

    graph = new_graph()
    for data in _batches(chunks):
        graph.parse(data=data, format="nt")
    return graph


def load_graph(path: Path) -> Graph:
    """A built N-Triples file as an rdflib Graph (see graph_over)."""
    return graph_over([path])


def lazy_graph(chunks: list[bytes | Path]) -> Graph:
    """An rdflib Graph over an Oxigraph store that bulk-loads the chunks on first use: rdflib's API and
    SPARQL at Oxigraph's speed, and nothing loaded if nobody looks."""
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

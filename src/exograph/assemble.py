"""Assembling build/ from per-record pieces: each record's triples are kept as sorted N-Triples, a Turtle
body and a JSON-LD fragment (written once, when the record changes); a build joins them.

- build/exograph.nt: every line, sorted and de-duplicated — the canonical form, the same bytes the
  reference build (pipeline.py) writes for the same graph.
- build/exograph.ttl: one @prefix header, then each piece's Turtle body in a fixed order.
- build/exograph.jsonld: one JSON array of every piece's node objects.

Joining is I/O, so an unchanged 10,000-study graph is rewritten in seconds. Turtle and JSON-LD are
written by Oxigraph (rdflib's serializers are the slow part of a large build); a node that two pieces
mention appears in both, which both formats allow — the graph is the same.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator

if TYPE_CHECKING:
    from rdflib import Graph

OUTPUT_NT, OUTPUT_TTL, OUTPUT_JSONLD = "exograph.nt", "exograph.ttl", "exograph.jsonld"
OUTPUT_NAMES = (OUTPUT_TTL, OUTPUT_JSONLD, OUTPUT_NT)
WRITE_BATCH = 100_000  # lines joined per write: bounded memory while writing a large file
LAZY_GRAPH_BYTES = 4_000_000  # ~25k triples: rdflib parses that in ~0.4 s; above, Oxigraph takes over


@dataclass(frozen=True)
class Piece:
    """One part of the graph in the three output forms (sorted N-Triples, Turtle body, JSON-LD
    node objects without the enclosing brackets)."""

    nt: bytes
    ttl: bytes
    jsonld: bytes


# ---- making pieces ----------------------------------------------------------------------------------


def sorted_ntriples(triples: Graph | Iterable[tuple[Any, Any, Any]]) -> bytes:
    """Triples as sorted, unique N-Triples lines, in rdflib's N-Triples terms (the reference build's
    bytes); in a Graph with blank nodes, those are labelled by content, so every run writes the same labels."""
    from rdflib import BNode, Graph
    from rdflib.plugins.serializers.nt import _nt_row  # what Graph.serialize(format="nt") writes per triple

    if isinstance(triples, Graph) and any(isinstance(term, BNode) for triple in triples for term in triple):
        from rdflib.compare import to_canonical_graph

        triples = to_canonical_graph(triples)
    return b"".join(sorted({_nt_row(triple).encode("utf-8") for triple in triples}))


def piece_of(nt: bytes) -> Piece:
    """The Turtle body and JSON-LD fragment of sorted N-Triples (Oxigraph keeps their order, so the
    same lines always give the same bytes)."""
    import pyoxigraph as ox

    triples = list(ox.parse(nt, ox.RdfFormat.N_TRIPLES))
    ttl = ox.serialize(triples, None, ox.RdfFormat.TURTLE, prefixes=output_prefixes())
    body = b"".join(line for line in ttl.splitlines(keepends=True) if not line.startswith(b"@prefix "))
    jsonld = ox.serialize(triples, None, ox.RdfFormat.JSON_LD)
    return Piece(nt, body, jsonld.strip()[1:-1])


def piece_of_graph(graph: Graph) -> Piece:
    return piece_of(sorted_ntriples(graph))


@lru_cache(maxsize=1)
def output_prefixes() -> dict[str, str]:
    """The project's prefixes for Turtle, without exd: (data IRIs have '/' in their local part: they
    stay whole IRIs, readable and greppable) and with rdf:."""
    from exograph.vocab import PREFIXES

    prefixes = {name: str(ns) for name, ns in PREFIXES.items() if name != "exd"}
    prefixes["rdf"] = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    return dict(sorted(prefixes.items()))


def turtle_header() -> bytes:
    return b"".join(f"@prefix {name}: <{iri}> .\n".encode("utf-8") for name, iri in output_prefixes().items())


# ---- writing build/ -------------------------------------------------------------------------------------


def sort_unique(lines: list[bytes]) -> list[bytes]:
    """Sorted (byte order is code-point order for UTF-8: the reference build's order), unique, no blanks."""
    lines.sort()
    return [line for i, line in enumerate(lines) if line and (i == 0 or line != lines[i - 1])]


def write_build(build_dir: Path, lines: list[bytes], ttl: Iterable[bytes], jsonld: Iterable[bytes]) -> list[Path]:
    """Write each output to a temporary file, then rename them all: a failure leaves build/ as it was.
    `lines` are the sorted N-Triples lines; `ttl` and `jsonld` stream the pieces' bodies."""
    build_dir.mkdir(parents=True, exist_ok=True)
    temps = {name: _temp_path(build_dir, name) for name in OUTPUT_NAMES}
    try:
        write_lines(temps[OUTPUT_NT], lines)
        _write_joined(temps[OUTPUT_TTL], turtle_header(), ttl, b"", b"")
        _write_joined(temps[OUTPUT_JSONLD], b"[", jsonld, b",", b"]\n")
        for name in OUTPUT_NAMES:
            os.chmod(temps[name], 0o644)
            os.replace(temps[name], build_dir / name)
    finally:
        for temp in temps.values():
            temp.unlink(missing_ok=True)
    return [build_dir / name for name in OUTPUT_NAMES]


def _temp_path(folder: Path, name: str) -> Path:
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", dir=folder)
    os.close(fd)
    return Path(tmp)


def write_lines(path: Path, lines: list[bytes]) -> None:
    """Lines joined with newlines and a final newline (an empty graph is one newline, as before)."""
    with open(path, "wb") as handle:
        for start in range(0, len(lines), WRITE_BATCH):
            handle.write(b"\n".join(lines[start:start + WRITE_BATCH]) + b"\n")
        if not lines:
            handle.write(b"\n")


def _write_joined(path: Path, head: bytes, parts: Iterable[bytes], separator: bytes, tail: bytes) -> None:
    with open(path, "wb") as handle:
        handle.write(head)
        first = True
        for part in parts:
            if part:
                handle.write(part if first else separator + part)
                first = False
        handle.write(tail)


# ---- the graph handed to rdflib code ------------------------------------------------------------------


def graph_over(chunks: list[bytes | Path]) -> Graph:
    """N-Triples (bytes, or files) as an rdflib Graph for code written against rdflib: a plain
    in-memory Graph while small (what the reference build hands over, so small projects see no
    difference), an Oxigraph-backed one, loaded on first use, when large (parsing millions of triples
    into rdflib takes minutes and gigabytes)."""
    size = sum(c.stat().st_size if isinstance(c, Path) else len(c) for c in chunks)
    if size > LAZY_GRAPH_BYTES:
        return lazy_graph(chunks)
    from exograph.graphs import new_graph

    graph = new_graph()
    for data in _batches(chunks):
        graph.parse(data=data, format="nt")
    return graph


def load_graph(path: Path) -> Graph:
    """A built N-Triples file as an rdflib Graph (see graph_over): for pipeline.load_built_graph."""
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

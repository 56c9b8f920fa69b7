"""The pieces the graph is assembled from: each record's triples, the ontology's, each review's derived
claims and the inferred memberships, kept in the cache as sorted N-Triples and written once, when the
piece changes. publish.py merges them into the store and the exports."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any, Iterable

if TYPE_CHECKING:
    from rdflib import Graph

    from exograph.build.cache import RecordCache

PIECE_KINDS = ("nt",)


def sorted_ntriples(triples: Graph | Iterable[tuple[Any, Any, Any]]) -> bytes:
    """Triples as sorted, unique N-Triples lines, in rdflib's N-Triples terms (the reference build's
    bytes); in a Graph with blank nodes, those are labelled by content, so every run writes the same labels."""
    from rdflib import BNode, Graph
    from rdflib.plugins.serializers.nt import _nt_row  # what Graph.serialize(format="nt") writes per triple

    if isinstance(triples, Graph) and any(isinstance(term, BNode) for triple in triples for term in triple):
        from rdflib.compare import to_canonical_graph

        triples = to_canonical_graph(triples)
    return b"".join(sorted({_nt_row(triple).encode("utf-8") for triple in triples}))


def write_piece(cache: RecordCache, key: str, triples: Graph | Iterable[tuple[Any, Any, Any]]) -> None:
    cache.write("nt", key, sorted_ntriples(triples))


def read_lines(cache: RecordCache, keys: list[str]) -> list[bytes]:
    """Every N-Triples line of the pieces, sorted and unique. Pieces are read in order of their first
    line, so the list is nearly sorted already and the sort mostly merges runs."""
    chunks = [cache.path("nt", key).read_bytes() for key in keys]
    chunks.sort(key=lambda chunk: chunk[:chunk.find(b"\n")])
    lines: list[bytes] = []
    for chunk in chunks:
        lines += chunk.splitlines()
    return sort_unique(lines)


def sort_unique(lines: list[bytes]) -> list[bytes]:
    """Sorted (byte order is code-point order for UTF-8: the reference build's order), unique, no blanks."""
    lines.sort()
    return [line for i, line in enumerate(lines) if line and (i == 0 or line != lines[i - 1])]


@lru_cache(maxsize=1)
def output_prefixes() -> dict[str, str]:
    """The project's prefixes for Turtle, without exd: (data IRIs have '/' in their local part: they
    stay whole IRIs, readable and greppable) and with rdf:."""
    from exograph.vocab import PREFIXES

    prefixes = {name: str(ns) for name, ns in PREFIXES.items() if name != "exd"}
    prefixes["rdf"] = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    return dict(sorted(prefixes.items()))

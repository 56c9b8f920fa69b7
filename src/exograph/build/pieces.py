"""The pieces build/ is assembled from: each record's triples (and the ontology's, each review's derived
claims, the inferred memberships) kept in the cache as sorted N-Triples, a Turtle body and a JSON-LD
fragment, written once, when the piece changes. writer.py joins them into build/."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Iterable

if TYPE_CHECKING:
    from rdflib import Graph

    from exograph.build.cache import RecordCache

PIECE_KINDS = ("nt", "ttl", "jsonld")


@dataclass(frozen=True)
class Piece:
    """One part of the graph in the three output forms (sorted N-Triples, Turtle body, JSON-LD
    node objects without the enclosing brackets)."""

    nt: bytes
    ttl: bytes
    jsonld: bytes


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


def write_piece(cache: RecordCache, key: str, piece: Piece) -> None:
    for kind in PIECE_KINDS:
        cache.write(kind, key, getattr(piece, kind))


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

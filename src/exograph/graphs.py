"""Reading and writing RDF files: one place for parsing, prefixes and atomic, deterministic output."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from rdflib import Graph

from exograph.errors import ExographError
from exograph.outputs import write_output
from exograph.vocab import PREFIXES


def new_graph() -> Graph:
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def parse_turtle_files(paths: Iterable[Path], into: Graph | None = None) -> Graph:
    """Parse Turtle files into one graph; a syntax error names the file."""
    graph = into if into is not None else new_graph()
    for path in paths:
        try:
            graph.parse(path, format="turtle")
        except Exception as error:  # rdflib raises several unrelated types for bad syntax
            raise ExographError(f"{path}: not valid Turtle: {error}") from None
    return graph


def ontology_files(ontology_dir: Path) -> list[Path]:
    """ontology/*.ttl and its import modules, in a stable order."""
    return sorted(ontology_dir.glob("*.ttl")) + sorted((ontology_dir / "imports").glob("*.ttl"))


def write_atomically(path: Path, data: bytes) -> None:
    """Write via a temporary file in the same folder and rename (exograph.outputs.write_output)."""
    write_output(path, data)


def serialize_sorted_ntriples(graph: Graph) -> bytes:
    """N-Triples with lines sorted: a canonical form for comparisons and fast loading."""
    lines = sorted(set(graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()))
    return ("\n".join(line for line in lines if line.strip()) + "\n").encode("utf-8")


def serialize_jsonld(graph: Graph) -> bytes:
    """JSON-LD with nodes sorted by @id and keys sorted, so the same graph gives the same bytes."""
    import json

    document = json.loads(graph.serialize(format="json-ld", encoding="utf-8"))
    nodes = document.get("@graph", document) if isinstance(document, dict) else document
    nodes = sorted(nodes, key=lambda node: node.get("@id", ""))
    for node in nodes:
        for key, values in node.items():
            if isinstance(values, list):
                node[key] = sorted(values, key=lambda v: json.dumps(v, sort_keys=True))
    return (json.dumps(nodes, sort_keys=True, indent=1, ensure_ascii=False) + "\n").encode("utf-8")

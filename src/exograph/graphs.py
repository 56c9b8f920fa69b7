"""Reading RDF files: one place for parsing and prefixes (outputs are written by exograph.outputs)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from rdflib import Graph

from exograph.errors import ExographError
from exograph.vocab import PREFIXES

if TYPE_CHECKING:
    from exograph.paths import ProjectPaths


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


def ontology_graph(paths: ProjectPaths) -> Graph:
    """The ontology and its import modules in one graph."""
    return parse_turtle_files(ontology_files(paths.ontology))

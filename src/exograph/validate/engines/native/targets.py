"""Targets (SHACL §2.1.3): which nodes of the data graph a shape validates.

sh:targetNode, sh:targetClass (instances of the class or of a subclass, as rdfs:subClassOf is stated
in the data graph), implicit class targets (a shape that is also a class), sh:targetSubjectsOf,
sh:targetObjectsOf, and SHACL-AF SPARQL-based targets (sh:target [ a sh:SPARQLTarget ; sh:select ]).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rdflib import URIRef
from rdflib.term import Node


if TYPE_CHECKING:
    from exograph.validate.engines.native.run import Run
    from exograph.validate.engines.native.sparql_query import SparqlQuery


class Target:
    def focus_nodes(self, run: Run) -> list[Node]:
        raise NotImplementedError


@dataclass(frozen=True)
class NodeTarget(Target):
    node: Node

    def focus_nodes(self, run: Run) -> list[Node]:
        return [self.node]  # whether or not the data graph mentions it


@dataclass(frozen=True)
class ClassTarget(Target):
    cls: Node

    def focus_nodes(self, run: Run) -> list[Node]:
        return run.data.instances(self.cls)


@dataclass(frozen=True)
class PredicateTarget(Target):
    """sh:targetSubjectsOf (subjects=True) or sh:targetObjectsOf: the subjects or objects of a predicate."""

    predicate: URIRef
    subjects: bool

    def focus_nodes(self, run: Run) -> list[Node]:
        return run.data.subjects_with(self.predicate) if self.subjects else run.data.objects_with(self.predicate)


@dataclass(frozen=True)
class SparqlTarget(Target):
    """SHACL-AF §5.1: the bindings of ?this in the solutions of a SELECT query."""

    query: SparqlQuery
    shape: Node

    def focus_nodes(self, run: Run) -> list[Node]:
        rows = run.select(self.query, {"currentShape": self.shape})
        return list(dict.fromkeys(row["this"] for row in rows if row.get("this") is not None))


def focus_nodes(run: Run, targets: list[Target]) -> list[Node]:
    """Every focus node of the targets, each once, in a stable order."""
    found: dict[Node, None] = {}
    for target in targets:
        found.update(dict.fromkeys(target.focus_nodes(run)))
    return list(found)

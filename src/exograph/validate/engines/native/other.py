"""Other constraint components (SHACL §4.8): sh:closed (with sh:ignoredProperties),
sh:hasValue, sh:in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rdflib.term import Node

from exograph.validate.engines.native.model import Constraint, Result, Shape, ValueConstraint
from exograph.vocab import SH

if TYPE_CHECKING:
    from exograph.validate.engines.native.run import Run


@dataclass
class ClosedConstraint(Constraint):
    """Each value node has no property besides the shape's property shapes' IRI paths and the
    ignored properties: each other triple is a result, with its predicate as path."""

    allowed: frozenset[Node]
    component = SH.ClosedConstraintComponent

    def evaluate(self, run: Run, shape: Shape, focus: Node, values: list[Node]) -> list[Result]:
        return [run.result(shape, focus, self, value=o, path=p, message=f"the shape is closed: property {p} is not allowed")
                for value in values for p, o in run.data.predicate_objects(value) if p not in self.allowed]


@dataclass
class HasValueConstraint(Constraint):
    value: Node
    component = SH.HasValueConstraintComponent

    def evaluate(self, run: Run, shape: Shape, focus: Node, values: list[Node]) -> list[Result]:
        if self.value in values:
            return []
        return [run.result(shape, focus, self, message=f"no value is {self.value}")]


@dataclass
class InConstraint(ValueConstraint):
    members: frozenset[Node]
    shown: str
    component = SH.InConstraintComponent

    def accepts(self, run: Run, value: Node) -> bool:
        return value in self.members

    def message(self, value: Node) -> str:
        return f"value is not one of {self.shown}"

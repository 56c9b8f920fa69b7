"""Shape-based constraint components (SHACL §4.7): sh:node, sh:property, and
sh:qualifiedValueShape with sh:qualifiedMinCount, sh:qualifiedMaxCount and
sh:qualifiedValueShapesDisjoint."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable

from rdflib.term import Node

from exograph.validate.engines.native.model import Constraint, Result, Shape, ValueConstraint
from exograph.vocab import SH

if TYPE_CHECKING:
    from exograph.validate.engines.native.run import Run


@dataclass
class NodeConstraint(ValueConstraint):
    shape: Shape
    component = SH.NodeConstraintComponent

    def accepts(self, run: Run, value: Node) -> bool:
        return run.conforms(self.shape, value)

    def message(self, value: Node) -> str:
        return f"value does not conform to {self.shape.name}"

    def nested_shapes(self) -> Iterable[Shape]:
        return (self.shape,)


@dataclass
class PropertyConstraint(Constraint):
    """Each value node is validated against the property shape; its results are reported as they are."""

    shape: Shape
    component = SH.PropertyConstraintComponent

    def evaluate(self, run: Run, shape: Shape, focus: Node, values: list[Node]) -> list[Result]:
        found: list[Result] = []
        for value in values:
            found += run.node_results(self.shape, value)
        return found

    def nested_shapes(self) -> Iterable[Shape]:
        return (self.shape,)


@dataclass
class QualifiedCountConstraint(Constraint):
    """How many value nodes conform to the qualified value shape (and, when the shapes are disjoint,
    to none of its siblings) is at least qualifiedMinCount, or at most qualifiedMaxCount."""

    shape: Shape
    bound: int
    minimum: bool
    siblings: list[Shape] = field(default_factory=list)

    @property
    def component(self) -> Node:  # type: ignore[override]
        return SH.QualifiedMinCountConstraintComponent if self.minimum else SH.QualifiedMaxCountConstraintComponent

    def evaluate(self, run: Run, shape: Shape, focus: Node, values: list[Node]) -> list[Result]:
        count = sum(1 for v in values if run.conforms(self.shape, v)
                    and not any(run.conforms(sibling, v) for sibling in self.siblings))
        if (count >= self.bound) if self.minimum else (count <= self.bound):
            return []
        word = "fewer than" if self.minimum else "more than"
        return [run.result(shape, focus, self, message=f"{word} {self.bound} values conform to {self.shape.name}")]

    def nested_shapes(self) -> Iterable[Shape]:
        return (self.shape, *self.siblings)

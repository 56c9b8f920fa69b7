"""Logical constraint components (SHACL §4.6): sh:not, sh:and, sh:or, sh:xone. A value node
conforms to a shape when validating it against the shape gives no result; those inner results are
not reported, only the outer one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

from rdflib.term import Node

from exograph.validate.engines.native.model import Shape, ValueConstraint
from exograph.vocab import SH

if TYPE_CHECKING:
    from exograph.validate.engines.native.run import Run


@dataclass
class NotConstraint(ValueConstraint):
    shape: Shape
    component = SH.NotConstraintComponent

    def accepts(self, run: Run, value: Node) -> bool:
        return not run.conforms(self.shape, value)

    def message(self, value: Node) -> str:
        return f"value conforms to {self.shape.name}, which sh:not forbids"

    def nested_shapes(self) -> Iterable[Shape]:
        return (self.shape,)


@dataclass
class AndConstraint(ValueConstraint):
    shapes: tuple[Shape, ...]
    component = SH.AndConstraintComponent

    def accepts(self, run: Run, value: Node) -> bool:
        return all(run.conforms(shape, value) for shape in self.shapes)

    def message(self, value: Node) -> str:
        return "value does not conform to every shape of sh:and"

    def nested_shapes(self) -> Iterable[Shape]:
        return self.shapes


@dataclass
class OrConstraint(ValueConstraint):
    shapes: tuple[Shape, ...]
    component = SH.OrConstraintComponent

    def accepts(self, run: Run, value: Node) -> bool:
        return any(run.conforms(shape, value) for shape in self.shapes)

    def message(self, value: Node) -> str:
        return "value conforms to none of the shapes of sh:or"

    def nested_shapes(self) -> Iterable[Shape]:
        return self.shapes


@dataclass
class XoneConstraint(ValueConstraint):
    shapes: tuple[Shape, ...]
    component = SH.XoneConstraintComponent

    def accepts(self, run: Run, value: Node) -> bool:
        return sum(run.conforms(shape, value) for shape in self.shapes) == 1

    def message(self, value: Node) -> str:
        return "value does not conform to exactly one of the shapes of sh:xone"

    def nested_shapes(self) -> Iterable[Shape]:
        return self.shapes

"""Logical constraint components (SHACL §4.6): sh:not, sh:and, sh:or, sh:xone. A value node
conforms to a shape when validating it against the shape gives no result; those inner results are
not reported, only the outer one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable

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
class ShapeListConstraint(ValueConstraint):
    """sh:and (conforms to every shape), sh:or (to at least one), sh:xone (to exactly one)."""

    shapes: tuple[Shape, ...]
    component: Any
    wanted: str  # "all", "any" or "one"

    def accepts(self, run: Run, value: Node) -> bool:
        if self.wanted == "any":
            return any(run.conforms(shape, value) for shape in self.shapes)
        conforming = sum(run.conforms(shape, value) for shape in self.shapes)
        return conforming == (len(self.shapes) if self.wanted == "all" else 1)

    def message(self, value: Node) -> str:
        words = {"all": "every shape of sh:and", "any": "any shape of sh:or", "one": "exactly one shape of sh:xone"}
        return f"value does not conform to {words[self.wanted]}"

    def nested_shapes(self) -> Iterable[Shape]:
        return self.shapes


SHAPE_LISTS = {SH["and"]: (SH.AndConstraintComponent, "all"), SH["or"]: (SH.OrConstraintComponent, "any"),
               SH.xone: (SH.XoneConstraintComponent, "one")}


def shape_list(parameter: Any, shapes: tuple[Shape, ...]) -> ShapeListConstraint:
    component, wanted = SHAPE_LISTS[parameter]
    return ShapeListConstraint(shapes, component, wanted)

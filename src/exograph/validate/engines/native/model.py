"""What the native engine works with: compiled shapes, their constraints, and validation results."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable

from rdflib import Literal, URIRef
from rdflib.term import Node

from exograph.validate.engines.native.paths import Path

if TYPE_CHECKING:
    from exograph.validate.engines.native.run import Run
    from exograph.validate.engines.native.targets import Target


@dataclass(slots=True)
class Result:
    """One sh:ValidationResult."""

    focus: Node
    shape: Node  # sh:sourceShape
    component: URIRef  # sh:sourceConstraintComponent
    severity: URIRef
    messages: tuple[Literal, ...]
    value: Node | None = None
    path: Path | Node | None = None  # sh:resultPath: the shape's path, or an IRI a SPARQL query bound
    constraint: Node | None = None  # sh:sourceConstraint (SPARQL-based constraints)


@dataclass(eq=False)
class Shape:
    """A node shape (no path) or a property shape, with its targets and constraints."""

    node: Node
    name: str  # how errors and default messages name the shape
    path: Path | None = None
    severity: URIRef = URIRef("http://www.w3.org/ns/shacl#Violation")
    messages: tuple[Literal, ...] = ()
    deactivated: bool = False
    targets: list[Target] = field(default_factory=list)
    constraints: list[Constraint] = field(default_factory=list)

    @property
    def is_property_shape(self) -> bool:
        return self.path is not None

    def __repr__(self) -> str:
        return f"Shape({self.name})"


class Constraint:
    """One constraint of a shape: a component with its parameter values."""

    component: URIRef

    def evaluate(self, run: Run, shape: Shape, focus: Node, values: list[Node]) -> list[Result]:
        raise NotImplementedError

    def nested_shapes(self) -> Iterable[Shape]:
        """The shapes this constraint validates value nodes against (sh:node, sh:or, ...)."""
        return ()


class ValueConstraint(Constraint):
    """A constraint each value node meets or fails on its own; a failing value is a result."""

    def accepts(self, run: Run, value: Node) -> bool:
        raise NotImplementedError

    def message(self, value: Node) -> str:
        raise NotImplementedError

    def evaluate(self, run: Run, shape: Shape, focus: Node, values: list[Node]) -> list[Result]:
        return [run.result(shape, focus, self, value=v, message=self.message(v))
                for v in values if not self.accepts(run, v)]

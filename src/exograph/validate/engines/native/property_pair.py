"""Property pair constraint components (SHACL §4.5): sh:equals, sh:disjoint, sh:lessThan,
sh:lessThanOrEquals: the value nodes against the focus node's values of another property."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rdflib import URIRef
from rdflib.term import Node

from exograph.validate.engines.native.model import Constraint, Result, Shape
from exograph.validate.engines.native.value_range import compare
from exograph.vocab import SH

if TYPE_CHECKING:
    from exograph.validate.engines.native.run import Run


@dataclass
class EqualsConstraint(Constraint):
    """The value nodes and the values of the property are the same set: each node in one set only
    is a result."""

    predicate: URIRef
    shown: str
    component = SH.EqualsConstraintComponent

    def evaluate(self, run: Run, shape: Shape, focus: Node, values: list[Node]) -> list[Result]:
        others = list(run.data.objects(focus, self.predicate))
        mine = set(values)
        differing = [v for v in values if v not in set(others)] + [o for o in others if o not in mine]
        return [run.result(shape, focus, self, value=v, message=f"value is not also a value of {self.shown}")
                for v in differing]


@dataclass
class DisjointConstraint(Constraint):
    predicate: URIRef
    shown: str
    component = SH.DisjointConstraintComponent

    def evaluate(self, run: Run, shape: Shape, focus: Node, values: list[Node]) -> list[Result]:
        others = set(run.data.objects(focus, self.predicate))
        return [run.result(shape, focus, self, value=v, message=f"value is also a value of {self.shown}")
                for v in values if v in others]


@dataclass
class LessThanConstraint(Constraint):
    """Each value node is below (sh:lessThan) or not above (sh:lessThanOrEquals) every value of the
    property; a pair that cannot be compared is a result."""

    predicate: URIRef
    shown: str
    accepted: frozenset[int]
    component: Any

    def evaluate(self, run: Run, shape: Shape, focus: Node, values: list[Node]) -> list[Result]:
        others = list(run.data.objects(focus, self.predicate))
        word = "below" if self.accepted == {-1} else "at most"
        failing = [v for v in values for o in others if compare(v, o) not in self.accepted]  # one per pair
        return [run.result(shape, focus, self, value=v, message=f"value is not {word} the values of {self.shown}")
                for v in failing]


def less_than(parameter: URIRef, predicate: URIRef, shown: str) -> LessThanConstraint:
    if parameter == SH.lessThan:
        return LessThanConstraint(predicate, shown, frozenset({-1}), SH.LessThanConstraintComponent)
    return LessThanConstraint(predicate, shown, frozenset({-1, 0}), SH.LessThanOrEqualsConstraintComponent)

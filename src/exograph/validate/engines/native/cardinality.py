"""Cardinality constraint components (SHACL §4.2): sh:minCount, sh:maxCount (property shapes)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rdflib.term import Node

from exograph.validate.engines.native.model import Constraint, Result, Shape
from exograph.vocab import SH

if TYPE_CHECKING:
    from exograph.validate.engines.native.run import Run


@dataclass
class MinCountConstraint(Constraint):
    count: int
    component = SH.MinCountConstraintComponent

    def evaluate(self, run: Run, shape: Shape, focus: Node, values: list[Node]) -> list[Result]:
        if len(values) >= self.count:
            return []
        return [run.result(shape, focus, self, message=f"fewer than {self.count} values (found {len(values)})")]


@dataclass
class MaxCountConstraint(Constraint):
    count: int
    component = SH.MaxCountConstraintComponent

    def evaluate(self, run: Run, shape: Shape, focus: Node, values: list[Node]) -> list[Result]:
        if len(values) <= self.count:
            return []
        return [run.result(shape, focus, self, message=f"more than {self.count} values (found {len(values)})")]

"""Value range constraint components (SHACL §4.3): sh:minExclusive, sh:minInclusive,
sh:maxExclusive, sh:maxInclusive, and the comparison of literals they share with sh:lessThan.

Literals compare as SPARQL's `<` compares them: numbers by value across numeric datatypes, strings,
booleans, and dates, times and date-times of the same datatype when both or neither carry a time
zone. Anything else (an IRI, a blank node, an ill-typed literal, a string against a number) cannot be
compared, and a value that cannot be compared fails the constraint.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from rdflib import Literal
from rdflib.namespace import XSD
from rdflib.term import Node

from exograph.validate.engines.native.model import ValueConstraint
from exograph.vocab import SH

if TYPE_CHECKING:
    from exograph.validate.engines.native.run import Run

NUMERIC = (int, float, Decimal)
TEMPORAL = (XSD.dateTime, XSD.date, XSD.time, XSD.dateTimeStamp)


def compare(left: Node, right: Node) -> int | None:
    """-1, 0 or 1 as left is below, equal to or above right; None when they cannot be compared."""
    if not (isinstance(left, Literal) and isinstance(right, Literal)) or left.ill_typed or right.ill_typed:
        return None
    a, b = _comparable(left), _comparable(right)
    if a is None or b is None or a[0] != b[0]:
        return None
    try:
        return (a[1] > b[1]) - (a[1] < b[1])
    except TypeError:  # e.g. a date-time with a time zone against one without
        return None


def _comparable(literal: Literal) -> tuple[str, Any] | None:
    value = literal.value
    if isinstance(value, bool):
        return ("boolean", value) if literal.datatype == XSD.boolean else None
    if isinstance(value, NUMERIC):
        if isinstance(value, float) and value != value:  # NaN compares with nothing
            return None
        return "number", value
    if literal.language is None and literal.datatype in (None, XSD.string):
        return "string", str(literal)
    if literal.datatype in TEMPORAL and isinstance(value, (datetime, date, time)):
        zoned = getattr(value, "tzinfo", None) is not None
        return f"{literal.datatype}-{zoned}", value
    return None


@dataclass
class RangeConstraint(ValueConstraint):
    """value > bound (minExclusive), >= (minInclusive), < (maxExclusive) or <= (maxInclusive)."""

    bound: Literal
    accepted: frozenset[int]
    component: Any
    operator: str

    def accepts(self, run: Run, value: Node) -> bool:
        return compare(value, self.bound) in self.accepted

    def message(self, value: Node) -> str:
        return f"value is not {self.operator} {self.bound}"


RANGES = {
    SH.minExclusive: (frozenset({1}), SH.MinExclusiveConstraintComponent, ">"),
    SH.minInclusive: (frozenset({0, 1}), SH.MinInclusiveConstraintComponent, ">="),
    SH.maxExclusive: (frozenset({-1}), SH.MaxExclusiveConstraintComponent, "<"),
    SH.maxInclusive: (frozenset({-1, 0}), SH.MaxInclusiveConstraintComponent, "<="),
}


def range_constraint(parameter: Any, bound: Literal) -> RangeConstraint:
    accepted, component, operator = RANGES[parameter]
    return RangeConstraint(bound, accepted, component, operator)

"""Literal values and data ranges as OWL 2 reads them, for the per-record reasoner.

A literal is turned into its value (numbers of every XSD numeric type into one Decimal value space,
as OWL 2's owl:real does: "1.50"^^xsd:decimal and "3/2" are the same value as "1.5"); a data range
(a named datatype, an enumeration `owl:oneOf`, or a datatype restricted by numeric facets) is compiled
into a test on such values. A datatype or facet these tests do not implement is refused when the
ontology is compiled (UnsupportedAxiom), never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS_LITERAL = "http://www.w3.org/2000/01/rdf-schema#Literal"
LANG_STRING = RDF_NS + "langString"
PLAIN_LITERAL = RDF_NS + "PlainLiteral"

INTEGER_TYPES = {XSD + name: low for name, low in (
    ("integer", None), ("int", None), ("long", None), ("short", None), ("byte", None),
    ("nonNegativeInteger", 0), ("positiveInteger", 1), ("unsignedInt", 0), ("unsignedLong", 0))}
NUMERIC_TYPES = {XSD + "decimal", *INTEGER_TYPES}
OTHER_TYPES = {XSD + "boolean", XSD + "string", XSD + "date", XSD + "dateTime", XSD + "anyURI"}
NUMERIC_FACETS = {XSD + "minInclusive", XSD + "maxInclusive", XSD + "minExclusive", XSD + "maxExclusive"}

Value = tuple  # ("number", Decimal) | ("string", text) | ("lang", text, tag) | ("boolean", bool) | (datatype, lexical)


@dataclass(frozen=True)
class Literal:
    """A literal as N-Triples states it."""

    lexical: str
    datatype: str | None = None
    language: str | None = None

    def value(self) -> Value | None:
        """The literal's value, or None when its lexical form is not in its datatype (ill-typed)."""
        if self.language:
            return ("lang", self.lexical, self.language.lower())
        datatype = self.datatype or XSD + "string"
        if datatype == XSD + "string":
            return ("string", self.lexical)
        if datatype in NUMERIC_TYPES:
            return _number(self.lexical, datatype)
        if datatype == XSD + "boolean":
            text = self.lexical.strip()
            return ("boolean", text in ("true", "1")) if text in ("true", "false", "1", "0") else None
        return (datatype, self.lexical)

    def shown(self) -> str:
        kind = f" (xsd:{self.datatype.rsplit('#', 1)[-1]})" if self.datatype and self.datatype != XSD + "string" else ""
        return f"{self.lexical!r}{kind}" if kind == "" else f"{self.lexical}{kind}"


def _number(lexical: str, datatype: str) -> Value | None:
    try:
        number = Decimal(lexical.strip())
    except InvalidOperation:
        return None
    if not number.is_finite():
        return None
    if datatype in INTEGER_TYPES:
        low = INTEGER_TYPES[datatype]
        if number != number.to_integral_value() or "." in lexical or (low is not None and number < low):
            return None
    return ("number", number)


# ---- data ranges ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DataRange:
    """A named datatype (`datatype`), an enumeration (`one_of`), or a datatype with numeric facets."""

    datatype: str | None = None
    one_of: tuple[Literal, ...] = ()
    facets: tuple[tuple[str, Decimal], ...] = ()
    text: str = ""

    def contains(self, value: Value | None) -> bool:
        if value is None:
            return False
        if self.one_of:
            return any(member.value() == value for member in self.one_of)
        assert self.datatype is not None
        if not datatype_contains(self.datatype, value):
            return False
        return all(_facet_holds(name, bound, value[1]) for name, bound in self.facets)

    def members(self) -> tuple[Value, ...] | None:
        """The values of an enumeration (None: not an enumeration)."""
        if not self.one_of:
            return None
        return tuple(v for v in (m.value() for m in self.one_of) if v is not None)


def datatype_contains(datatype: str, value: Value) -> bool:
    kind = value[0]
    if datatype == RDFS_LITERAL:
        return True
    if datatype == XSD + "string":
        return kind == "string"
    if datatype == PLAIN_LITERAL:
        return kind in ("string", "lang")
    if datatype == LANG_STRING:
        return kind == "lang"
    if datatype == XSD + "boolean":
        return kind == "boolean"
    if datatype == XSD + "decimal":
        return kind == "number"
    if datatype in INTEGER_TYPES:
        low = INTEGER_TYPES[datatype]
        return kind == "number" and value[1] == value[1].to_integral_value() and (low is None or value[1] >= low)
    return kind == datatype


def _facet_holds(name: str, bound: Decimal, number: object) -> bool:
    if not isinstance(number, Decimal):
        return False
    return {XSD + "minInclusive": number >= bound, XSD + "maxInclusive": number <= bound,
            XSD + "minExclusive": number > bound, XSD + "maxExclusive": number < bound}[name]


def supported_datatype(datatype: str) -> bool:
    return datatype in NUMERIC_TYPES or datatype in OTHER_TYPES or datatype in (RDFS_LITERAL, PLAIN_LITERAL, LANG_STRING)

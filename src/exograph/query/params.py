"""Parameters bound as typed RDF terms in a VALUES block — never pasted into the query text."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from exograph.errors import QueryError
from exograph.query.catalog import Parameter, SavedQuery
from exograph.vocab import expand_curie

_IRI = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|\\^`]+$")
_CURIE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*:[A-Za-z0-9_.-]+$")


def parse_assignments(pairs: list[str]) -> dict[str, str]:
    """`KEY=VALUE` strings from the command line."""
    values: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise QueryError(f"--param expects KEY=VALUE, got {pair!r}")
        values[key.strip()] = value
    return values


def to_term(parameter: Parameter, raw: str) -> Node:
    """The typed RDF term of a parameter value, or a QueryError saying what was expected."""
    kind = parameter.type
    if kind == "string":
        return Literal(raw)
    if kind == "integer":
        try:
            return Literal(int(raw), datatype=XSD.integer)
        except ValueError:
            raise QueryError(f"parameter {parameter.name!r} expects a whole number, got {raw!r}") from None
    if kind == "decimal":
        try:
            number = Decimal(raw)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():  # NaN and Infinity are not xsd:decimal values
            raise QueryError(f"parameter {parameter.name!r} expects a decimal number, got {raw!r}")
        return Literal(format(number, "f"), datatype=XSD.decimal)  # "1E+3" is no xsd:decimal lexical form
    if _CURIE.match(raw) and not raw.startswith(("http:", "https:", "urn:")):
        try:
            return expand_curie(raw)
        except ValueError:
            pass
    if not _IRI.match(raw):
        raise QueryError(f"parameter {parameter.name!r} expects an IRI (http://...) or a CURIE such as "
                         f"UBERON:0000062, got {raw!r}")
    return URIRef(raw)


def bindings(query: SavedQuery, given: dict[str, str]) -> dict[str, Node]:
    """Every parameter's term by query variable: the given value, else its default; parameters
    without either stay unbound (the query reads that as "no filter")."""
    for name in given:
        query.parameter(name)  # raises for an unknown parameter
    bound: dict[str, Node] = {}
    for parameter in query.parameters:
        raw = given.get(parameter.name, parameter.default)
        if raw is not None and raw != "":
            bound[parameter.variable or parameter.name] = to_term(parameter, raw)
    return bound


def with_values(text: str, bound: dict[str, Node]) -> str:
    """The query with a VALUES block at the start of its outermost WHERE group: values travel as RDF
    terms written by rdflib (quotes and backslashes escaped), never as pasted query text."""
    if not bound:
        return text
    names = " ".join(f"?{name}" for name in bound)
    terms = " ".join(term.n3() for term in bound.values())
    block = f"\n  VALUES ({names}) {{ ({terms}) }}\n"
    match = re.search(r"\bWHERE\s*\{", _mask_comments(text), re.IGNORECASE)
    if not match:
        raise QueryError("a parameterized query needs a WHERE { ... } group")
    return text[: match.end()] + block + text[match.end():]


def _mask_comments(text: str) -> str:
    """The text with comment lines blanked (same length), so a WHERE in a header is not matched."""
    return "\n".join(" " * len(line) if line.lstrip().startswith("#") else line for line in text.split("\n"))

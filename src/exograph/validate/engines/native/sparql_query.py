"""SPARQL queries of a shapes graph (SHACL §5): prefixes from sh:prefixes/sh:declare, parsing, the
syntax SHACL forbids for pre-binding (§5.2.1), and messages with {?var} filled in.

A query is parsed once (rdflib's prepareQuery) and run with pre-bound variables as rdflib's
initBindings: $this, $value, $currentShape, $shapesGraph and the parameters of a constraint
component. SHACL defines pre-binding only for queries without MINUS, VALUES and SERVICE, whose
subqueries return every pre-bound variable and which never assign one with AS: any other query is
refused with an error naming the shape, as the W3C tests expect.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable

from rdflib import Literal, URIRef
from rdflib.namespace import OWL, XSD
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Query
from pyparsing import ParseResults
from rdflib.term import Node, Variable

from exograph.validate.engines.errors import ShapesError
from exograph.vocab import SH

if TYPE_CHECKING:
    from exograph.validate.engines.native.reader import ShapesReader

OPTIONAL_PREBOUND = frozenset({"currentShape", "shapesGraph"})
FORBIDDEN = {"MinusGraphPattern": "MINUS", "ServiceGraphPattern": "SERVICE", "InlineData": "VALUES", "ValuesClause": "VALUES"}
ASSIGNMENTS = {"Bind": "var", "vars": "evar", "GroupAs": "var"}  # BIND (... AS ?v), SELECT (... AS ?v), GROUP BY (... AS ?v)
WRAPPERS = ("Distinct", "Reduced", "Slice", "OrderBy")


@dataclass(frozen=True)
class SparqlQuery:
    """A parsed SELECT or ASK query and the pre-bindable variables it mentions."""

    text: str
    query: Query
    kind: str  # "SELECT" or "ASK"
    mentions: frozenset[str]

    @property
    def uses_shapes_graph(self) -> bool:
        return "shapesGraph" in self.mentions


def prefixes_of(reader: ShapesReader, node: Node, where: str) -> dict[str, str]:
    """The prefix declarations of a SPARQL-based constraint, validator or target: sh:declare of its
    sh:prefixes values and of what they owl:import, transitively."""
    found: dict[str, str] = {}
    for holder in _imported(reader, reader.objects(node, SH.prefixes)):
        for declaration in reader.objects(holder, SH.declare):
            prefix = reader.single(declaration, SH.prefix, where)
            namespace = reader.single(declaration, SH.namespace, where)
            if prefix is None or namespace is None:
                raise ShapesError(f"{where}: a prefix declaration needs one sh:prefix and one sh:namespace")
            if not isinstance(namespace, Literal) or namespace.datatype not in (None, XSD.anyURI, XSD.string):
                raise ShapesError(f"{where}: sh:namespace must be a literal of type xsd:anyURI (got {reader.term(namespace)})")
            if found.get(str(prefix), str(namespace)) != str(namespace):
                raise ShapesError(f"{where}: prefix {prefix!r} is declared with two namespaces")
            found[str(prefix)] = str(namespace)
    return found


def _imported(reader: ShapesReader, start: list[Node]) -> list[Node]:
    seen: dict[Node, None] = {}
    todo = list(start)
    while todo:
        node = todo.pop(0)
        if node not in seen:
            seen[node] = None
            todo += reader.objects(node, OWL.imports)
    return list(seen)


_PREPARED: dict[tuple, SparqlQuery] = {}


def prepare(body: str, prefixes: dict[str, str], kind: str, prebound: Iterable[str], where: str,
            optional: Iterable[str] = ()) -> SparqlQuery:
    """The query with its prefixes, parsed and checked; `prebound`: the variables always pre-bound
    for it, `optional`: those pre-bound when they have a value (optional parameters). Parsing is
    slow (~80 ms a query): a query shared by several shapes is parsed once per process."""
    text = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(prefixes.items())) + body
    key = (text, kind, frozenset(prebound), frozenset(optional))
    if key not in _PREPARED:
        if len(_PREPARED) > 2000:
            _PREPARED.clear()
        _PREPARED[key] = _prepare(text, body, kind, frozenset(prebound), where, frozenset(optional))
    return _PREPARED[key]


def _prepare(text: str, body: str, kind: str, prebound: frozenset[str], where: str, optional: frozenset[str]) -> SparqlQuery:
    try:
        parsed = parseQuery(text)
        query = translateQuery(parsed)
    except Exception as error:  # pyparsing and rdflib raise several types for a bad query
        raise ShapesError(f"{where}: the SPARQL query is not valid: {_first_line(error)}") from None
    found = query.algebra.name.replace("Query", "").upper()
    if found != kind:
        raise ShapesError(f"{where}: expected a SPARQL {kind} query, got {found}")
    check_prebinding(parsed, query.algebra, prebound, where)
    candidates = prebound | OPTIONAL_PREBOUND | frozenset(optional)
    mentions = frozenset(v for v in candidates if re.search(rf"[?$]{v}\b", body))
    return SparqlQuery(text, query, kind, mentions)


def _first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


def star_subqueries(parsed: Any) -> list[bool]:
    """For each subquery, in the order they are written: whether it is SELECT * (rdflib's algebra
    lists the variables of a SELECT * as if they were projected, FILTER-only ones included)."""
    return [node.name == "SubSelect" and "projection" not in node for node in _walk(parsed) if node.name == "SubSelect"]


def check_prebinding(parsed: Any, algebra: CompValue, prebound: frozenset[str], where: str) -> None:
    """SHACL §5.2.1: no MINUS, VALUES or SERVICE; no pre-bound variable assigned with AS (read from
    the parse tree); every subquery returns the pre-bound variables (read from the algebra)."""
    for node in _walk(parsed):
        if node.name in FORBIDDEN:
            raise ShapesError(f"{where}: SHACL does not allow {FORBIDDEN[node.name]} in a SPARQL-based constraint "
                              "(its pre-bound variables would be ill-defined)")
        assigned = node.get(ASSIGNMENTS[node.name]) if node.name in ASSIGNMENTS else None
        if isinstance(assigned, Variable) and str(assigned) in prebound | OPTIONAL_PREBOUND:
            raise ShapesError(f"{where}: the query assigns the pre-bound variable ?{assigned} with AS")
    subqueries = iter(star_subqueries(parsed))
    for node in _walk(algebra):
        if node.name == "ToMultiSet" and node.p.name != "values":
            missing = sorted(prebound - {str(v) for v in returned_variables(node.p, next(subqueries, False))})
            if missing:
                raise ShapesError(f"{where}: a subquery does not return the pre-bound variable(s) "
                                  f"{', '.join('$' + m for m in missing)}")


def _walk(node: Any) -> Iterable[CompValue]:
    """Every CompValue of a parse tree or algebra, depth first, in the order written."""
    if isinstance(node, CompValue):
        yield node
        for key, value in node.items():
            if key != "_vars":
                yield from _walk(value)
    elif isinstance(node, (list, tuple, ParseResults)):
        for item in node:
            yield from _walk(item)


def returned_variables(select: CompValue, star: bool = False) -> set[Variable]:
    """The variables a subquery returns: those it projects; for SELECT *, those in scope in its
    pattern (not a variable used only in a FILTER)."""
    while select.name in WRAPPERS:
        select = select.p
    return set(select.PV) & in_scope(select.p) if star else set(select.PV)


def in_scope(node: Any) -> set[Variable]:
    """SPARQL 1.1 §18.2.1: the variables a pattern can bind."""
    if not isinstance(node, CompValue):
        return set()
    name = node.name
    if name == "BGP":
        return {t for triple in node.triples for t in triple if isinstance(t, Variable)}
    if name in ("Join", "LeftJoin", "Union"):
        return in_scope(node.p1) | in_scope(node.p2)
    if name == "Minus":
        return in_scope(node.p1)
    if name == "Extend":
        return in_scope(node.p) | {node.var}
    if name == "Graph":
        return in_scope(node.p) | ({node.term} if isinstance(node.term, Variable) else set())
    if name == "ToMultiSet":
        return returned_variables(node.p) if node.p.name != "values" else {v for row in node.p.res for v in row}
    if name == "Project":
        return set(node.PV) & in_scope(node.p)
    if name == "AggregateJoin":
        return {a.res for a in node.A} | in_scope(node.p)
    if name == "Group":
        return {e for e in (node.expr or []) if isinstance(e, Variable)}
    if name in ("Filter", *WRAPPERS):
        return in_scope(node.p)
    return set()


def fill_message(template: str, variables: dict[str, Node]) -> str:
    """{?name} and {$name} replaced by the variable's value (SHACL §5.3.2)."""
    def value_of(match: re.Match) -> str:
        value = variables.get(match.group(1))
        return str(value) if value is not None else match.group(0)

    return re.sub(r"\{[?$]([A-Za-z_][\w]*)\}", value_of, template)


def messages(templates: Iterable[Literal], variables: dict[str, Node]) -> tuple[Literal, ...]:
    return tuple(Literal(fill_message(str(t), variables), lang=t.language) for t in templates)


def as_iri(node: Node | None) -> URIRef | None:
    return node if isinstance(node, URIRef) else None

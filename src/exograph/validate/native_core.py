"""The core SHACL constraints of compiled shapes, over one record's triples held in dicts.

Each check follows pySHACL 0.40's implementation of the component (pyshacl/constraints/core), not
only the SHACL text, so that both engines give the same results: e.g. sh:datatype fails ill-typed
literals, sh:minInclusive fails values it cannot compare, sh:pattern matches the IRI's text, and
sh:class and sh:targetClass follow rdfs:subClassOf as it is in the data graph.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from functools import lru_cache
from typing import Any, Iterable

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.term import Node

from exograph.validate.native_shapes import NodeShape, PropertyShape
from exograph.vocab import SH

COMPONENTS = {
    SH.minCount: SH.MinCountConstraintComponent, SH.maxCount: SH.MaxCountConstraintComponent,
    SH.datatype: SH.DatatypeConstraintComponent, SH["class"]: SH.ClassConstraintComponent,
    SH["in"]: SH.InConstraintComponent, SH.minInclusive: SH.MinInclusiveConstraintComponent,
    SH.maxInclusive: SH.MaxInclusiveConstraintComponent, SH.nodeKind: SH.NodeKindConstraintComponent,
    SH.pattern: SH.PatternConstraintComponent, SH.minLength: SH.MinLengthConstraintComponent,
}
# pySHACL's checks of the value behind a literal of these datatypes (others pass).
PYTHON_TYPES: dict[URIRef, type | tuple[type, ...]] = {
    XSD.string: (str, bytes), RDF.langString: (str, bytes), XSD.integer: int, XSD.float: float,
    XSD.decimal: Decimal, XSD.boolean: bool, XSD.date: date, XSD.time: time, XSD.dateTime: datetime,
}
# Parameters as plain names: the checks run per value, and rdflib namespace lookups are slow.
MIN_COUNT, MAX_COUNT, DATATYPE, CLASS, IN = str(SH.minCount), str(SH.maxCount), str(SH.datatype), str(SH["class"]), str(SH["in"])
MIN_INCLUSIVE, MAX_INCLUSIVE, NODE_KIND = str(SH.minInclusive), str(SH.maxInclusive), str(SH.nodeKind)
PATTERN, MIN_LENGTH = str(SH.pattern), str(SH.minLength)
NODE_KINDS = {BNode: {SH.BlankNode, SH.BlankNodeOrLiteral, SH.BlankNodeOrIRI},
              Literal: {SH.Literal, SH.BlankNodeOrLiteral, SH.IRIOrLiteral},
              URIRef: {SH.IRI, SH.IRIOrLiteral, SH.BlankNodeOrIRI}}


@lru_cache(maxsize=1)
def _project_namespaces() -> Any:
    from exograph.graphs import new_graph

    return new_graph().namespace_manager


@dataclass
class Result:
    """One validation result, with what pySHACL puts in the report for it."""

    focus: Node
    shape: Node
    component: URIRef
    severity: URIRef
    messages: list[Literal]
    value: Node | None = None
    path: Node | None = None
    constraint: Node | None = None


@dataclass
class RecordIndex:
    """One record's data as dicts: subject → predicate → objects, and the class hierarchy as the
    data states it. Made from a record's triples; the rdflib Graph that pySHACL's SPARQL rows, the
    report and the locator need is built only for the few records that have results."""

    triples: list[tuple[Node, Node, Node]] = field(default_factory=list)
    spo: dict[Node, dict[Node, set[Node]]] = field(default_factory=dict)
    by_predicate: dict[Node, set[Node]] = field(default_factory=dict)  # predicate → objects
    instances: dict[Node, set[Node]] = field(default_factory=dict)  # class → subjects typed with it
    _up: dict[Node, set[Node]] = field(default_factory=dict)
    _graph: Graph | None = None

    @classmethod
    def of(cls, data: Graph | Iterable[tuple[Node, Node, Node]]) -> "RecordIndex":
        """The index of a Graph or of a collection of triples."""
        index = cls(list(data))  # a Graph's iteration is the slow part: once, for every use
        index._graph = data if isinstance(data, Graph) else None
        spo, by_predicate, instances = index.spo, index.by_predicate, index.instances
        rdf_type = RDF.type
        for s, p, o in index.triples:
            spo.setdefault(s, {}).setdefault(p, set()).add(o)
            by_predicate.setdefault(p, set()).add(o)
            if p == rdf_type:
                instances.setdefault(o, set()).add(s)
        return index

    @property
    def graph(self) -> Graph:
        if self._graph is None:
            # SimpleMemory: no per-context bookkeeping, so building it costs ~40 % of a Memory store's
            self._graph = Graph(store="SimpleMemory")
            for prefix, namespace in _project_namespaces().namespaces():
                self._graph.bind(prefix, namespace, override=True, replace=True)
            add = self._graph.store.add
            for triple in self.triples:
                add(triple, self._graph)
        return self._graph

    def subject_objects(self, predicate: Node) -> list[tuple[Node, Node]]:
        """As Graph.subject_objects (for the quote checks)."""
        return [(s, o) for s, by_p in self.spo.items() for o in by_p.get(predicate, ())]

    def value(self, subject: Node, predicate: Node) -> Node | None:
        """As Graph.value: one object (any) or None."""
        return next(iter(self.objects(subject, predicate)), None)

    def subjects(self, predicate: Node | None, obj: Node) -> list[Node]:
        """As Graph.subjects (for the locator: which record node refers to a node)."""
        return [s for s, by_p in self.spo.items() for p, objects in by_p.items()
                if (predicate is None or p == predicate) and obj in objects]

    @property
    def namespace_manager(self) -> Any:
        """The project's prefixes, as a record Graph has them (for CURIEs in messages)."""
        return _project_namespaces()

    def objects(self, subject: Node, predicate: Node) -> set[Node]:
        return self.spo.get(subject, {}).get(predicate, set())

    def superclasses(self, cls: Node) -> set[Node]:
        """cls and every class it is rdfs:subClassOf, transitively, in the data graph (what pySHACL's
        transitive_objects(cls, rdfs:subClassOf) walks)."""
        if cls not in self._up:
            seen, todo = {cls}, [cls]
            while todo:
                for parent in self.objects(todo.pop(), RDFS.subClassOf):
                    if parent not in seen:
                        seen.add(parent)
                        todo.append(parent)
            self._up[cls] = seen
        return self._up[cls]

    def focus_nodes(self, shape: NodeShape) -> set[Node]:
        """Instances of a target class or of a subclass of it, and objects of a targetObjectsOf."""
        found: set[Node] = set()
        if shape.target_classes:
            wanted = set(shape.target_classes)
            for cls, subjects in self.instances.items():
                if wanted & self.superclasses(cls):
                    found |= subjects
        for predicate in shape.target_objects_of:
            found |= self.by_predicate.get(predicate, set())
        return found


def core_results(shape: NodeShape, focus: Iterable[Node], index: RecordIndex) -> list[Result]:
    """Every result of the node shape's property shapes on its focus nodes."""
    results: list[Result] = []
    for prop in shape.properties:
        for node in focus:
            results += _property_results(prop, node, index.objects(node, prop.path), index)
    return results


def _property_results(prop: PropertyShape, focus: Node, values: set[Node], index: RecordIndex) -> list[Result]:
    results = []
    for parameter, rule in prop.constraints:
        name = str(parameter)
        if name == MIN_COUNT:
            failed: list[Node | None] = [None] if rule > 0 and len(values) < rule else []
        elif name == MAX_COUNT:
            failed = [None] if len(values) > rule else []
        elif not values:
            continue
        else:
            failed = [v for v in values if not check_value(name, rule, v, index)]
        for value in failed:
            results.append(Result(focus, prop.node, COMPONENTS[parameter], prop.severity, prop.messages,
                                  value=value, path=prop.path))
    return results


def check_value(name: str, rule: Any, value: Node, index: RecordIndex) -> bool:
    """Whether one value node passes one constraint (pySHACL's semantics); `name`: the parameter IRI."""
    if name == DATATYPE:
        return _datatype_matches(value, rule)
    if name == CLASS:
        return not isinstance(value, Literal) and any(rule in index.superclasses(t) for t in index.objects(value, RDF.type))
    if name == IN:
        return value in rule
    if name in (MIN_INCLUSIVE, MAX_INCLUSIVE):
        return _in_range(value, rule, minimum=name == MIN_INCLUSIVE)
    if name == NODE_KIND:
        return any(isinstance(value, kind) and rule in allowed for kind, allowed in NODE_KINDS.items())
    if name == PATTERN:
        text = _as_string(value)
        return not isinstance(value, BNode) and bool(rule.match(text) or rule.search(text))
    if name == MIN_LENGTH:
        return rule == 0 or (not isinstance(value, BNode) and len(_as_string(value)) >= rule)
    raise AssertionError(f"no check for {name}")  # compile_shapes only lets implemented ones through


def _datatype_matches(value: Node, rule: URIRef) -> bool:
    if not isinstance(value, Literal):
        return False
    if value.datatype == rule:
        return getattr(value, "ill_typed", None) is not True and _value_is(value, rule)
    if rule == RDFS.Literal or (rule == RDFS.Datatype and value.datatype):
        return True
    if value.datatype is None and value.language is None and rule == XSD.string:
        return _value_is(value, rule)
    return rule == RDF.langString and bool(value.language) and _value_is(value, rule)


def _value_is(value: Literal, rule: URIRef) -> bool:
    wanted = PYTHON_TYPES.get(rule)
    return wanted is None or isinstance(value.value, wanted)


def _in_range(value: Node, bound: Literal, minimum: bool) -> bool:
    from pyshacl.rdfutil.compare import compare_literal

    if not isinstance(value, Literal):
        return False
    if isinstance(bound.value, str) != isinstance(value.value, str):
        return False
    try:
        comparison = compare_literal(value, bound)
    except (TypeError, NotImplementedError):
        return False
    return comparison >= 0 if minimum else comparison <= 0


def _as_string(value: Node) -> str:
    """The text sh:pattern and sh:minLength read (pySHACL's value_node_to_string)."""
    if isinstance(value, Literal) and value.value is not None and value.datatype in (None, RDF.langString, XSD.string):
        return str(value.value)
    return str(value)

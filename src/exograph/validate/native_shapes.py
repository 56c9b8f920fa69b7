"""The shapes graph compiled once into plain data for the native engine (native.py).

Only the SHACL subset shapes/ uses is compiled: node shapes with sh:targetClass / sh:targetObjectsOf,
property shapes with a single-IRI sh:path and the core components of CORE_PARAMETERS, and
SPARQL-based constraints. A node shape using anything else is not skipped: it is listed in
`CompiledShapes.fallback` with the reason, and the engine validates it with pySHACL instead (or
refuses it, with strict=True).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from exograph.errors import ExographError
from exograph.vocab import SH

# Parameters of the core components the native engine implements (native_core.py).
CORE_PARAMETERS = {SH.minCount, SH.maxCount, SH.datatype, SH["class"], SH["in"], SH.minInclusive,
                   SH.maxInclusive, SH.nodeKind, SH.pattern, SH.minLength}
SINGLE_VALUED = {SH.minCount, SH.maxCount, SH.datatype, SH.nodeKind, SH.path}
# Annotations: read for messages and severities, or ignored by SHACL validation.
ANNOTATIONS = {SH.name, SH.description, SH.message, SH.severity, SH.order, SH.group}
NODE_KEYS = {SH.targetClass, SH.targetObjectsOf, SH.property, SH.sparql} | ANNOTATIONS
PROPERTY_KEYS = {SH.path} | CORE_PARAMETERS | ANNOTATIONS
SPARQL_KEYS = {SH.select, SH.message, SH.prefixes} | ANNOTATIONS
SHAPE_TYPES = {SH.NodeShape, SH.PropertyShape}
TARGETS = (SH.targetClass, SH.targetObjectsOf, SH.targetNode, SH.targetSubjectsOf)


class UnsupportedShape(ExographError):
    """A shape uses SHACL the native engine does not implement."""


@dataclass
class PropertyShape:
    node: Node
    path: URIRef
    severity: URIRef
    messages: list[Literal]
    # (component IRI, parameter value) in a fixed order; see native_core.check_value.
    constraints: list[tuple[URIRef, Any]]


@dataclass
class SparqlConstraint:
    node: Node
    helper: Any  # pySHACL's SPARQLQueryHelper: the exact query text and bindings pySHACL uses
    messages: list[Literal]
    error: str | None = None  # the shape cannot be applied; raised once a focus node needs it


@dataclass
class NodeShape:
    node: URIRef
    target_classes: list[URIRef]
    target_objects_of: list[URIRef]
    severity: URIRef
    messages: list[Literal]
    properties: list[PropertyShape]
    sparql: list[SparqlConstraint]


@dataclass
class CompiledShapes:
    graph: Graph
    shapes: list[NodeShape]
    fallback: dict[Node, str] = field(default_factory=dict)  # node shape -> why pySHACL validates it


def compile_shapes(shapes: Graph, strict: bool = False) -> CompiledShapes:
    """Every node shape with a target, compiled; `strict` raises UnsupportedShape instead of
    falling back to pySHACL."""
    from pyshacl.shapes_graph import ShapesGraph

    pyshacl_shapes = ShapesGraph(shapes)
    pyshacl_shapes.shapes  # noqa: B018 - builds the shape lookup the query helpers need
    compiled = CompiledShapes(shapes, [])
    for node in _node_shapes(shapes):
        try:
            try:
                compiled.shapes.append(_node_shape(shapes, node, pyshacl_shapes))
            except UnsupportedShape as inner:
                raise UnsupportedShape(f"node shape {node}: {inner}") from None
        except UnsupportedShape as unsupported:
            if strict or not isinstance(node, URIRef):
                raise
            compiled.fallback[node] = str(unsupported)
    _check_standalone_shapes(shapes, compiled, strict)
    return compiled


def _node_shapes(shapes: Graph) -> list[Node]:
    """Shapes that select focus nodes (helpers without targets are only reached through others)."""
    nodes = {s for t in TARGETS for s in shapes.subjects(t, None)}
    return sorted(nodes, key=str)


def _check_standalone_shapes(shapes: Graph, compiled: CompiledShapes, strict: bool) -> None:
    """A typed shape without a target is validated by neither engine unless it is a property
    shape of a compiled node shape; a property shape with its own target is not compiled."""
    used = {p.node for s in compiled.shapes for p in s.properties}
    for node in set(shapes.subjects(RDF.type, SH.PropertyShape)) - used:
        if any(shapes.value(node, t) is not None for t in TARGETS):
            raise UnsupportedShape(f"shape {node}: a property shape with its own target is not supported "
                                   "by the native engine; use --engine pyshacl")


def _node_shape(shapes: Graph, node: Node, pyshacl_shapes: Any) -> NodeShape:
    where = f"node shape {node}"
    _only_keys(shapes, node, NODE_KEYS, where)
    if shapes.value(node, SH.path) is not None:
        raise UnsupportedShape(f"{where}: a property shape with a target")
    messages = _messages(shapes, node)
    shape = NodeShape(
        node=node,  # type: ignore[arg-type]
        target_classes=[c for c in shapes.objects(node, SH.targetClass)],  # type: ignore[misc]
        target_objects_of=[p for p in shapes.objects(node, SH.targetObjectsOf)],  # type: ignore[misc]
        severity=_severity(shapes, node),
        messages=messages,
        properties=[_property_shape(shapes, p) for p in shapes.objects(node, SH.property)],
        sparql=[_sparql(shapes, node, c, pyshacl_shapes) for c in shapes.objects(node, SH.sparql)],
    )
    if shape.sparql and not messages and any(not c.messages for c in shape.sparql):
        raise UnsupportedShape(f"{where}: a SPARQL constraint without sh:message (pySHACL's generic messages)")
    return shape


def _property_shape(shapes: Graph, node: Node) -> PropertyShape:
    where = f"property shape {node}"
    _only_keys(shapes, node, PROPERTY_KEYS, where)
    path = shapes.value(node, SH.path)
    if not isinstance(path, URIRef):
        raise UnsupportedShape(f"{where}: sh:path {path!r} is not a single IRI")
    if any(shapes.value(node, t) is not None for t in TARGETS) or (node, RDF.type, SH.NodeShape) in shapes:
        raise UnsupportedShape(f"{where}: a property shape with its own target or node shape type")
    messages = _messages(shapes, node)
    if not messages:
        raise UnsupportedShape(f"{where}: no sh:message (pySHACL's generic messages)")
    return PropertyShape(node, path, _severity(shapes, node), messages, _constraints(shapes, node, where))


def _constraints(shapes: Graph, node: Node, where: str) -> list[tuple[URIRef, Any]]:
    constraints: list[tuple[URIRef, Any]] = []
    for parameter in sorted(CORE_PARAMETERS, key=str):
        for value in shapes.objects(node, parameter):
            constraints.append((parameter, _parameter(shapes, parameter, value, where)))
    return constraints


def _parameter(shapes: Graph, parameter: URIRef, value: Node, where: str) -> Any:
    """A parameter in the form its check needs; values pySHACL would refuse are unsupported."""
    if parameter == SH["in"]:
        return frozenset(shapes.items(value))
    if parameter in (SH.minCount, SH.maxCount, SH.minLength):
        if not (isinstance(value, Literal) and isinstance(value.value, int) and value.value >= 0):
            raise UnsupportedShape(f"{where}: {parameter} {value!r} is not a non-negative integer")
        return value.value
    if parameter == SH.pattern:  # sh:flags is not among the allowed keys: no flags here
        return re.compile(str(value))
    if parameter in (SH.minInclusive, SH.maxInclusive) and not isinstance(value, Literal):
        raise UnsupportedShape(f"{where}: {parameter} {value!r} is not a literal")
    return value


def _sparql(shapes: Graph, shape: Node, node: Node, pyshacl_shapes: Any) -> SparqlConstraint:
    """A SPARQL constraint through pySHACL's own query helper, so the query text, prefixes and
    checks (no VALUES, no MINUS, ...) are exactly pySHACL's."""
    from pyshacl.errors import ReportableRuntimeError, ValidationFailure
    from pyshacl.helper import get_query_helper_cls

    where = f"SPARQL constraint {node} of {shape}"
    _only_keys(shapes, node, SPARQL_KEYS, where)
    selects = list(shapes.objects(node, SH.select))
    if len(selects) != 1:
        raise UnsupportedShape(f"{where}: expected one sh:select, found {len(selects)}")
    messages = _messages(shapes, node)
    helper = get_query_helper_cls()(pyshacl_shapes.lookup_shape_from_node(shape), node, selects[0].value,
                                    messages=messages, deactivated=False)
    error = None
    try:
        helper.collect_prefixes()
        helper.check_invalid_sparql(helper.select_text)
    except (ReportableRuntimeError, ValidationFailure) as failure:
        error = str(failure.args[0] if failure.args else failure)
    return SparqlConstraint(node, helper, messages, error)


def _only_keys(shapes: Graph, node: Node, allowed: set[URIRef], where: str) -> None:
    """Every SHACL predicate on the shape is one the native engine implements."""
    for predicate, value in shapes.predicate_objects(node):
        if predicate == RDF.type and value not in SHAPE_TYPES | {SH.SPARQLConstraint}:
            raise UnsupportedShape(f"{where}: rdf:type {value}")
        if str(predicate).startswith(str(SH)) and predicate not in allowed:
            raise UnsupportedShape(f"{where}: component {predicate} is not implemented by the native engine")
        if predicate in SINGLE_VALUED and len(list(shapes.objects(node, predicate))) > 1:
            raise UnsupportedShape(f"{where}: more than one {predicate}")


def _messages(shapes: Graph, node: Node) -> list[Literal]:
    return [m for m in shapes.objects(node, SH.message) if isinstance(m, Literal)]


def _severity(shapes: Graph, node: Node) -> URIRef:
    severity = shapes.value(node, SH.severity)
    return severity if isinstance(severity, URIRef) else SH.Violation


def is_blank(node: Node) -> bool:
    return isinstance(node, BNode)

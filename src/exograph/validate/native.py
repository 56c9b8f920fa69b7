"""The native validation engine: the results pySHACL gives on shapes/, an order of magnitude faster.

The shapes are compiled once (native_shapes.py); each record's triples are indexed in dicts for the
core constraints (native_core.py); the SPARQL constraints run once per batch of records on Oxigraph
(native_sparql.py). Each record still gets its own report graph, built as pySHACL builds it, so
locate.problems_from_report and everything after it is shared by both engines. Node shapes using
SHACL the engine does not implement are validated by pySHACL (CompiledShapes.fallback).
tests/shapes/test_engines.py checks that both engines give the same problems and report results.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from exograph.validate.locate import Locator, problems_from_report
from exograph.validate.native_core import RecordIndex, Result, core_results
from exograph.validate.native_shapes import CompiledShapes, NodeShape, compile_shapes
from exograph.validate.native_sparql import Batch, PreparedConstraint, candidates, load_batch, prepare, results
from exograph.vocab import SH

_CACHE: dict[str, "Engine"] = {}


@dataclass
class Engine:
    compiled: CompiledShapes
    prepared: list[PreparedConstraint]

    @classmethod
    def of(cls, shapes: Graph, key: str | None = None, strict: bool = False) -> "Engine":
        """The shapes compiled, once per process for a `key` (a fingerprint of the shape files) or
        for the same shapes graph."""
        cache_key = key or f"graph {id(shapes)}"
        cached = _CACHE.get(cache_key)
        if cached is not None and not strict and (key is not None or cached.compiled.graph is shapes):
            return cached
        compiled = compile_shapes(shapes, strict=strict)
        engine = cls(compiled, [prepare(s, c) for s in compiled.shapes for c in s.sparql])
        if len(_CACHE) >= 8:
            _CACHE.clear()
        _CACHE[cache_key] = engine
        return engine


def validate_batch(records: list[Graph | RecordIndex], engine: Engine, locator: Locator,
                   only: Iterable[URIRef] | None = None) -> list[tuple[list, Graph]]:
    """(problems, report graph) of each record (its graph, or its index), validated on its own
    (`only`: these node shapes)."""
    from exograph.validate.sparql_cache import parsed_queries

    wanted = set(only) if only is not None else None
    shapes = [s for s in engine.compiled.shapes if wanted is None or s.node in wanted]
    indexes = [r if isinstance(r, RecordIndex) else RecordIndex.of(r) for r in records]
    focus = [{shape.node: index.focus_nodes(shape) for shape in shapes} for index in indexes]
    found: list[list[Result]] = [[] for _ in indexes]
    with parsed_queries():
        for i, index in enumerate(indexes):
            for shape in shapes:
                found[i] += core_results(shape, focus[i][shape.node], index)
        _sparql_results(indexes, engine, shapes, focus, found)
        return [_report(index, results_, engine, locator, wanted) for index, results_ in zip(indexes, found)]


def _sparql_results(indexes: list[RecordIndex], engine: Engine, shapes: list[NodeShape],
                    focus: list[dict[Node, set[Node]]], found: list[list[Result]]) -> None:
    included = {s.node for s in shapes}
    prepared = [p for p in engine.prepared if p.shape.node in included]
    if not prepared:
        return
    batch: Batch = load_batch(indexes, [index.triples for index in indexes])
    for constraint in prepared:
        per_record = [focus[i][constraint.shape.node] for i in range(len(indexes))]
        for i, nodes in enumerate(candidates(constraint, batch, per_record)):
            if nodes:
                found[i] += results(constraint, indexes[i].graph, nodes)


def _report(index: RecordIndex, found: list[Result], engine: Engine, locator: Locator,
            wanted: set[URIRef] | None) -> tuple[list, Graph]:
    fallback = [s for s in engine.compiled.fallback if wanted is None or s in wanted]
    # The index stands in for the record's Graph (the record has no blank nodes to copy into the
    # report): an rdflib Graph is built only for pySHACL's fallback shapes and SPARQL rows.
    report = _pyshacl_report(_memory_graph(index), engine.compiled.graph, fallback) if fallback else None
    graph = report_graph(found, engine.compiled.graph, index, into=report)  # type: ignore[arg-type]
    return problems_from_report(graph, index, engine.compiled.graph, locator), graph  # type: ignore[arg-type]


def _memory_graph(index: RecordIndex) -> Graph:
    """The record in rdflib's default store: pySHACL needs a context-aware one."""
    from exograph.graphs import new_graph

    graph = new_graph()
    graph += index.triples
    return graph


def _pyshacl_report(data: Graph, shapes: Graph, only: list[Node]) -> Graph:
    """pySHACL's report for the node shapes the native engine does not implement."""
    from exograph.validate.shacl import pyshacl_report

    return pyshacl_report(data, shapes, only)


def report_graph(found: list[Result], shapes: Graph, data: Graph, into: Graph | None = None) -> Graph:
    """The report pySHACL writes for these results (Validator.create_validation_report): shapes and
    nodes that are blank nodes are copied in with their triples, as pySHACL copies them."""
    from pyshacl.rdfutil import clone_blank_node

    if into is None:
        into = Graph(bind_namespaces="core")
        for prefix, namespace in shapes.namespace_manager.namespaces() if found else ():  # prefixes for results
            into.namespace_manager.bind(prefix, namespace)
        into.add((BNode(), RDF.type, SH.ValidationReport))
    report = into.value(None, RDF.type, SH.ValidationReport, any=True)
    conforms = into.value(report, SH.conforms)
    into.set((report, SH.conforms, Literal(conforms in (None, Literal(True))
                                             and not any(r.severity == SH.Violation for r in found))))
    cloned: dict[tuple[int, str], Node] = {}

    def term(source: Graph, node: Node) -> Node:
        if isinstance(node, Literal):
            return node
        key = (id(source), str(node))
        if key not in cloned:
            cloned[key] = clone_blank_node(source, node, into, keepid=True) if isinstance(node, BNode) else URIRef(str(node))
        return cloned[key]

    for result in found:
        node = BNode()
        into.add((report, SH.result, node))
        into.add((node, RDF.type, SH.ValidationResult))
        into.add((node, SH.sourceConstraintComponent, term(shapes, result.component)))
        into.add((node, SH.sourceShape, term(shapes, result.shape)))
        into.add((node, SH.resultSeverity, result.severity))
        into.add((node, SH.focusNode, term(data, result.focus)))
        if result.value is not None:
            into.add((node, SH.value, term(data, result.value)))
        if result.path is not None:
            into.add((node, SH.resultPath, term(shapes, result.path)))
        if result.constraint is not None:
            into.add((node, SH.sourceConstraint, term(shapes, result.constraint)))
        for message in result.messages:
            into.add((node, SH.resultMessage, message))
    return into

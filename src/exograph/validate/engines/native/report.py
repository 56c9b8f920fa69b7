"""Results as a SHACL validation report graph (SHACL §3.6).

sh:conforms is false whenever there is a result, of any severity (§3.6.1). A blank node a result
names (a focus node or value of the data graph; a blank property shape or path expression of the
shapes graph) is copied into the report with everything reachable from it, so the report can be
read on its own and compared by structure.
"""

from __future__ import annotations

from typing import Iterable

from rdflib import BNode, Graph, Literal
from rdflib.namespace import RDF
from rdflib.term import Node

from exograph.records.index import TripleIndex
from exograph.validate.engines.native.compile import CompiledShapes
from exograph.validate.engines.native.model import Result
from exograph.validate.engines.native.paths import Path
from exograph.vocab import SH


def report_graph(results: Iterable[Result], shapes: CompiledShapes, data: TripleIndex, into: Graph | None = None) -> Graph:
    """The report of these results; `into`: a graph to add the report to (its prefixes are kept)."""
    results = list(results)
    report = Graph(bind_namespaces="core") if into is None else into
    if into is None:
        for prefix, namespace in shapes.graph.namespace_manager.namespaces():
            report.namespace_manager.bind(prefix, namespace, override=False)
    node = BNode()
    report.add((node, RDF.type, SH.ValidationReport))
    report.add((node, SH.conforms, Literal(not results)))
    copier = BlankNodeCopier(report)
    for result in results:
        report.add((node, SH.result, add_result(report, result, copier, shapes.index, data)))
    return report


def add_result(report: Graph, result: Result, copier: "BlankNodeCopier", shapes: TripleIndex, data: TripleIndex) -> Node:
    node = BNode()
    report.add((node, RDF.type, SH.ValidationResult))
    report.add((node, SH.focusNode, copier.copy(result.focus, data)))
    report.add((node, SH.resultSeverity, result.severity))
    report.add((node, SH.sourceConstraintComponent, result.component))
    report.add((node, SH.sourceShape, copier.copy(result.shape, shapes)))
    if result.value is not None:
        report.add((node, SH.value, copier.copy(result.value, data)))
    if result.path is not None:
        report.add((node, SH.resultPath, result.path.write(report) if isinstance(result.path, Path) else result.path))
    if result.constraint is not None:
        report.add((node, SH.sourceConstraint, copier.copy(result.constraint, shapes)))
    for message in result.messages:
        report.add((node, SH.resultMessage, message))
    return node


class BlankNodeCopier:
    """Copies blank nodes of a source graph into the report, each once, with what they lead to. A
    copy keeps the blank node's identity (as pySHACL's does), so a result's sh:sourceShape can be
    looked up in the shapes graph."""

    def __init__(self, into: Graph):
        self.into = into
        self.copied: set[Node] = set()

    def copy(self, node: Node, source: TripleIndex) -> Node:
        if isinstance(node, BNode) and node not in self.copied:
            self.copied.add(node)
            for predicate, value in source.predicate_objects(node):
                self.into.add((node, predicate, self.copy(value, source)))
        return node

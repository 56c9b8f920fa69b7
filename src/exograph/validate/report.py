"""Validation reports as text grouped by file, as JSON, or as the SHACL report graph (Turtle).

The report graph holds one sh:ValidationReport; each sh:ValidationResult carries, besides the
standard SHACL properties, exs:file, exs:record and exs:field, so it can be queried by what a curator
edits. Problems found outside SHACL (the curation format, quotes, cross-record rules) appear there
too, with a sh:sourceConstraintComponent naming the check.
"""

from __future__ import annotations

import json
from itertools import groupby

from rdflib import BNode, Graph, Literal, Namespace
from rdflib.namespace import RDF
from rdflib.term import Node

from exograph.errors import Problem
from exograph.graphs import new_graph
from exograph.records.iri import record_ref
from exograph.vocab import SH

EXS = Namespace("https://w3id.org/exograph/shapes#")
SEVERITY_IRIS = {"Violation": SH.Violation, "Warning": SH.Warning, "Info": SH.Info}

# The checks that are not SHACL shapes, as sh:sourceConstraintComponent values in the report graph.
CURATION_FORMAT = EXS.CurationFormatComponent
QUOTE_IN_SOURCE = EXS.QuoteInSourceComponent
CROSS_RECORD = EXS.CrossRecordComponent
KNOWN_TERM = EXS.KnownTermComponent  # an ontology term is one of the import modules' (validate/terms.py)


def as_text(problems: list[Problem], checked: int) -> str:
    if not problems:
        return f"{checked} record(s) conform."
    lines = []
    ordered = sorted(problems, key=lambda p: (p.file, p.record, p.severity != "Violation", p.field))
    for file, group in groupby(ordered, key=lambda p: p.file):
        lines.append(file)
        for problem in group:
            shown = f" (got {problem.value!r})" if problem.value else ""
            field = problem.field or "(record)"
            lines.append(f"  {problem.severity.lower()}: record {problem.record}: field {field}: {problem.message}{shown}")
    violations = sum(p.severity == "Violation" for p in problems)
    gaps = sum(p.severity == "Info" for p in problems)  # fields recorded as not reported (shapes/document.ttl)
    counted = f", {gaps} reporting gap(s)" if gaps else ""
    lines.append(f"{violations} violation(s), {len(problems) - violations - gaps} warning(s){counted} in {checked} record(s).")
    return "\n".join(lines)


def as_json(problems: list[Problem]) -> str:
    """A JSON list of {file, record, field, value, message, severity}, one object per problem."""
    return json.dumps([p.as_dict() for p in problems], indent=2, ensure_ascii=False)


def as_turtle(report_graph: Graph) -> str:
    return report_graph.serialize(format="turtle")


def annotate(graph: Graph, result: Node, problem: Problem) -> None:
    """Where a result is, in the terms a curator uses."""
    graph.set((result, EXS.file, Literal(problem.file)))
    graph.set((result, EXS.record, Literal(problem.record)))
    graph.set((result, EXS.field, Literal(problem.field)))


def empty_report() -> Graph:
    graph = new_graph()
    graph.bind("exs", EXS)
    graph.add((BNode(), RDF.type, SH.ValidationReport))
    return graph


def report_node(graph: Graph) -> Node:
    """The one sh:ValidationReport node of a report graph made by empty_report."""
    node = graph.value(None, RDF.type, SH.ValidationReport, any=True)
    assert node is not None, "not a report graph: it has no sh:ValidationReport"
    return node


def set_conforms(graph: Graph, conforms: bool) -> None:
    graph.set((report_node(graph), SH.conforms, Literal(conforms)))


def add_results(graph: Graph, problems: list[Problem], component: Node) -> None:
    """Problems found outside SHACL as sh:ValidationResults of the report in `graph`."""
    report = report_node(graph)
    for problem in problems:
        result = BNode()
        graph.add((report, SH.result, result))
        graph.add((result, RDF.type, SH.ValidationResult))
        graph.add((result, SH.focusNode, _record_node(problem)))
        graph.add((result, SH.resultSeverity, SEVERITY_IRIS.get(problem.severity, SH.Violation)))
        graph.add((result, SH.resultMessage, Literal(problem.message)))
        graph.add((result, SH.sourceConstraintComponent, component))
        if problem.value:
            graph.add((result, SH.value, Literal(problem.value)))
        annotate(graph, result, problem)


def _record_node(problem: Problem) -> Node:
    """The record's IRI (the focus of a problem found outside SHACL), or the file name when the file
    did not yield a record."""
    if not problem.record:
        return Literal(problem.file)
    folder = f"/{problem.file}"
    kind = "review" if "/reviews/" in folder else ("document" if "/sources/" in folder else "study")
    return record_ref(kind, problem.record).iri

"""Map SHACL results back to what a curator edits: the file, the record and the YAML field path.

Every node exograph mints has an IRI below its record's IRI and an exo:fieldPath (triples.py), so a
focus node leads to its file and the field holding it; the shape's sh:name gives the YAML name of
the property inside that field.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from exograph.errors import Problem
from exograph.records.index import TripleIndex
from exograph.records.iri import parse_data_iri
from exograph.records.load import LoadedRecord
from exograph.vocab import EXO, SH

SEVERITIES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
FOLDERS = {"study": "data/studies", "review": "data/reviews", "document": "data/sources"}


class Locator:
    """Finds the file, record id and field path of any node of a record's graph."""

    def __init__(self, records: Iterable[LoadedRecord]):
        self.files = {f"{r.kind}/{r.record.id}": r.rel_path for r in records}

    def file_of(self, kind: str, record_id: str) -> str:
        return self.files.get(f"{kind}/{record_id}", f"{FOLDERS.get(kind, 'data')}/{record_id}.yaml")

    def locate(self, node: Node, data: TripleIndex) -> tuple[str, str, str]:
        """(file, record id, field path) of a node; a node outside any record (a source document)
        is located through the record node that refers to it."""
        parsed = parse_data_iri(str(node)) if isinstance(node, URIRef) else None
        if parsed is None:
            owner = next((s for s in data.subjects(None, node) if isinstance(s, URIRef) and parse_data_iri(str(s))), None)
            return self.locate(owner, data) if owner is not None else ("(graph)", str(node), "")
        kind, record_id, _ = parsed
        field_path = data.any_object(node, EXO.fieldPath)
        shown = "" if field_path is None or str(field_path) == "(record)" else str(field_path)
        return self.file_of(kind, record_id), record_id, shown


def join_field(base: str, name: str) -> str:
    """`measurements[x]` + `change` → `measurements[x].change`; either part may be empty."""
    return ".".join(part for part in (base, name) if part)


@dataclass(frozen=True)
class Finding:
    """What a Problem is made of: one SHACL result, from either engine."""

    focus: Node
    value: Node | None
    shape: Node | None
    path: Node | None  # an IRI, or None (a path expression names no field)
    constraint: Node | None
    severity: Node | None
    messages: tuple[Node, ...]


def problem_of(finding: Finding, data: TripleIndex, shapes: TripleIndex, locator: Locator) -> Problem:
    """The Problem a curator reads: file, record, field path, message and value as curated."""
    file, record, node_path = locator.locate(finding.focus, data)
    return Problem(
        file, record, join_field(node_path, result_field(finding, shapes)),
        chosen_message(finding, shapes),
        value="" if finding.value == finding.focus else shown_value(finding.value, data),  # a node-level rule names no value
        severity=SEVERITIES.get(finding.severity, "Violation"),  # type: ignore[arg-type]
    )


def problems_from_report(report: Graph, data: TripleIndex, shapes: TripleIndex, locator: Locator) -> list[Problem]:
    """One Problem per sh:ValidationResult of a report graph; each result is also annotated with
    exs:file, exs:record and exs:field so the report itself can be queried by file and field."""
    from exograph.validate.report import annotate

    problems = []
    for result in list(report.subjects(SH.resultSeverity, None)):
        path = report.value(result, SH.resultPath)
        finding = Finding(report.value(result, SH.focusNode), report.value(result, SH.value),  # type: ignore[arg-type]
                          report.value(result, SH.sourceShape), path if isinstance(path, URIRef) else None,
                          report.value(result, SH.sourceConstraint), report.value(result, SH.resultSeverity),
                          tuple(sorted(report.objects(result, SH.resultMessage))))
        problem = problem_of(finding, data, shapes, locator)
        annotate(report, result, problem)
        problems.append(problem)
    return problems


def chosen_message(finding: Finding, shapes: TripleIndex) -> str:
    """The result's most specific message: one its shape does not give every result (a SPARQL rule's
    own message before its node shape's general one)."""
    general = set(shapes.objects(finding.shape, SH.message)) if finding.shape is not None else set()
    specific = [m for m in finding.messages if m not in general]
    chosen = (specific or list(finding.messages) or ["does not conform to its shape"])[0]
    return str(chosen)


def result_field(finding: Finding, shapes: TripleIndex) -> str:
    """The YAML name of the property a result is about, relative to its focus node.

    A property shape names its own field; a SPARQL constraint that binds ?path is named by the
    property shape of the same node shape with that path (one query can cover several fields),
    otherwise by its own sh:name."""
    shape = finding.shape
    if shape is not None and shapes.any_object(shape, SH.path) is not None:
        return str(shapes.any_object(shape, SH.name) or "")
    if shape is not None and finding.path is not None:
        for prop in shapes.objects(shape, SH.property):
            if shapes.any_object(prop, SH.path) == finding.path and shapes.any_object(prop, SH.name) is not None:
                return str(shapes.any_object(prop, SH.name))
    constraint = finding.constraint
    return str(shapes.any_object(constraint, SH.name) or "") if constraint is not None else ""


def shown_value(value: Node | None, data: TripleIndex) -> str:
    """A value as a curator wrote it: literals as text, record nodes as their field path, other IRIs
    as CURIEs."""
    if value is None:
        return ""
    if isinstance(value, Literal):
        return str(value)
    parsed = parse_data_iri(str(value))
    if parsed:
        path = data.any_object(value, EXO.fieldPath)
        return str(path) if path is not None else parsed[2]
    try:
        return data.namespace_manager.curie(str(value), generate=False)
    except (ValueError, KeyError):
        return str(value)

"""Validate records one at a time against shapes/ (plus the ontology's class hierarchy), and map
every result back to the curated file, record and field."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from exograph.errors import Problem
from exograph.graphs import new_graph, parse_turtle_files
from exograph.paths import ProjectPaths
from exograph.records.load import LoadedRecord
from exograph.vocab import EXO, SH

SEVERITIES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}


@dataclass
class ValidationReport:
    problems: list[Problem] = field(default_factory=list)
    report_graph: Graph = field(default_factory=new_graph)

    @property
    def violations(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "Violation"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity != "Violation"]

    @property
    def conforms(self) -> bool:
        return not self.violations


def shapes_graph(paths: ProjectPaths) -> Graph:
    return parse_turtle_files(sorted(paths.shapes.glob("*.ttl")))


def class_hierarchy(paths: ProjectPaths) -> Graph:
    """Only the rdfs:subClassOf and label triples of ontology + imports: enough for sh:class checks."""
    from exograph.pipeline import ontology_graph

    full = ontology_graph(paths)
    slim = new_graph()
    for triple in full.triples((None, RDFS.subClassOf, None)):
        if isinstance(triple[2], URIRef):
            slim.add(triple)
    return slim


def validate_graph(data: Graph, shapes: Graph, hierarchy: Graph, records: dict[str, LoadedRecord]) -> ValidationReport:
    """pySHACL over one data graph; results become Problems naming file, record and field."""
    from pyshacl import validate

    combined = new_graph()
    combined += data
    combined += hierarchy
    _, report_graph, _ = validate(combined, shacl_graph=shapes, inference="none", advanced=True,
                                  allow_warnings=True, inplace=True)
    return ValidationReport(problems_from_report(report_graph, combined, records), report_graph)


def problems_from_report(report: Graph, data: Graph, records: dict[str, LoadedRecord]) -> list[Problem]:
    problems = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        message = report.value(result, SH.resultMessage)
        severity = SEVERITIES.get(report.value(result, SH.resultSeverity), "Violation")
        file, record, field_path = locate(focus, data, records)
        field_name = _path_name(path)
        full_field = ".".join(x for x in (field_path, field_name) if x and x != "(record)")
        problems.append(Problem(file, record, full_field, str(message or "does not conform"),
                                value=_shown(value), severity=severity))
    return sorted(problems, key=lambda p: (p.file, p.record, p.field, p.message))


def locate(focus: object, data: Graph, records: dict[str, LoadedRecord]) -> tuple[str, str, str]:
    """(file, record id, field path) of a focus node, from its minted IRI and exo:fieldPath."""
    from exograph.records.iri import parse_data_iri

    parsed = parse_data_iri(str(focus)) if isinstance(focus, URIRef) else None
    if parsed is None:
        return "(graph)", str(focus), ""
    kind, record_id, _ = parsed
    loaded = records.get(f"{kind}/{record_id}")
    file = loaded.rel_path if loaded else f"data/{kind}s/{record_id}.yaml"
    field_path = data.value(focus, EXO.fieldPath)
    return file, record_id, str(field_path) if field_path is not None else ""


def _path_name(path: object) -> str:
    if path is None:
        return ""
    if isinstance(path, URIRef):
        text = str(path)
        return text.split("#")[-1].split("/")[-1]
    return "(path)"


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Literal):
        return str(value)
    from exograph.records.iri import parse_data_iri

    parsed = parse_data_iri(str(value))
    return parsed[2] if parsed else str(value)


def validate_records(paths: ProjectPaths, records: list[LoadedRecord]) -> ValidationReport:
    """Each record validated on its own (independent and fast as data grows), then cross-record rules."""
    from exograph.pipeline import record_graph, review_documents

    shapes = shapes_graph(paths)
    hierarchy = class_hierarchy(paths)
    by_key = {f"{r.kind}/{r.record.id}": r for r in records}
    documents = review_documents(records)
    study_ids = {r.record.id for r in records if r.kind == "study"}
    report = ValidationReport()
    for loaded in records:
        single = validate_graph(record_graph(loaded, documents, study_ids), shapes, hierarchy, by_key)
        report.problems += single.problems
        report.report_graph += single.report_graph
    return report

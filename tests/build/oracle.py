"""The reference build: rdflib end to end (parse, merge, validate, reason, serialize), written for
clarity, not speed. It is the oracle the real build (exograph.build) is tested against: the same
records must give the same graph, and build/exograph.nt the same bytes."""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import Graph

from exograph.errors import ExographError, RecordError
from exograph.graphs import ontology_graph
from exograph.outputs import write_output
from exograph.paths import ProjectPaths
from exograph.records.convert import data_graph, load_records
from exograph.records.derived import derived_claims


def reference_graph(paths: ProjectPaths, *, validate: bool = False, reason: bool = False) -> Graph:
    """Ontology + imports + every record's triples + derived claims (+ inferred memberships) + the
    appraisal's derived facts (which the reasoner does not see: they add no class it needs)."""
    records = load_records(paths)
    data = data_graph(records)
    data += derived_claims(data)
    graph = ontology_graph(paths)
    graph += data
    if validate:
        from exograph.validate.shacl import validate_records

        report = validate_records(paths, records)
        if report.violations:
            raise RecordError(report.violations)
    if reason:  # whole-graph HermiT: the reference the build's per-record reasoning must equal
        from exograph.ontology.reason import infer

        result = infer(graph, hermit=True)
        if not result.consistent:
            raise ExographError(result.explanation)
        graph += result.inferred
    from exograph.appraisal.graph import appraisal_graph

    graph += appraisal_graph(loaded.record for loaded in records)
    return graph


def reference_build(paths: ProjectPaths, *, validate: bool = False, reason: bool = False) -> list[Path]:
    """build/ as the reference writes it (rdflib's serializers)."""
    graph = reference_graph(paths, validate=validate, reason=reason)
    payloads = {
        "exograph.ttl": graph.serialize(format="turtle", encoding="utf-8"),
        "exograph.jsonld": serialize_jsonld(graph),
        "exograph.nt": serialize_sorted_ntriples(graph),
    }
    for name, payload in payloads.items():
        write_output(paths.build / name, payload)
    return [paths.build / name for name in payloads]


def serialize_sorted_ntriples(graph: Graph) -> bytes:
    """N-Triples with lines sorted: a canonical form for comparisons."""
    lines = sorted(set(graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()))
    return ("\n".join(line for line in lines if line.strip()) + "\n").encode("utf-8")


def serialize_jsonld(graph: Graph) -> bytes:
    """JSON-LD with nodes sorted by @id and keys sorted, so the same graph gives the same bytes."""
    document = json.loads(graph.serialize(format="json-ld", encoding="utf-8"))
    nodes = document.get("@graph", document) if isinstance(document, dict) else document
    nodes = sorted(nodes, key=lambda node: node.get("@id", ""))
    for node in nodes:
        for key, values in node.items():
            if isinstance(values, list):
                node[key] = sorted(values, key=lambda v: json.dumps(v, sort_keys=True))
    return (json.dumps(nodes, sort_keys=True, indent=1, ensure_ascii=False) + "\n").encode("utf-8")

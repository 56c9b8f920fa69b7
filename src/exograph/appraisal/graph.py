"""The appraisal's place in the build: per record, its inputs and its derived facts; over every study,
the bodies of evidence. `appraisal_graph` does it all at once (the reference the incremental build is
tested against); the build calls `record_appraisal` when it converts a record and `bodies_graph` over
the cached inputs of every study."""

from __future__ import annotations

from typing import Iterable, Union

from rdflib import Graph, URIRef

from exograph.appraisal.emit import Triple
from exograph.appraisal.bodies import bodies
from exograph.appraisal.emit import Out, emit_body, emit_checks, emit_study
from exograph.appraisal.inputs import ReviewInputs, StudyInputs, review_inputs, study_inputs
from exograph.appraisal.records import appraise_review, appraise_study
from exograph.records.schema import ReviewRecord, StudyRecord

Inputs = Union[StudyInputs, ReviewInputs]


def record_appraisal(record: StudyRecord | ReviewRecord) -> tuple[Inputs, list[Triple]]:
    """A record's appraisal inputs (cached for the bodies) and its own derived facts."""
    out = Out()
    if isinstance(record, StudyRecord):
        inputs: Inputs = study_inputs(record)
        emit_study(out, appraise_study(inputs))
    else:
        inputs = review_inputs(record)
        emit_checks(out, URIRef(inputs.iri), appraise_review(inputs))
    return inputs, list(out.triples)


def bodies_triples(inputs: Iterable[Inputs]) -> list[Triple]:
    """Every body of evidence over the studies' inputs."""
    out = Out()
    for body in bodies([i for i in inputs if isinstance(i, StudyInputs)]):
        emit_body(out, body)
    return list(out.triples)


def appraisal_graph(records: Iterable[StudyRecord | ReviewRecord]) -> Graph:
    """Everything the appraisal derives from these records."""
    graph, inputs = Graph(), []
    for record in records:
        if not isinstance(record, (StudyRecord, ReviewRecord)):
            continue  # a source record describes a document: it states no evidence to appraise
        found, triples = record_appraisal(record)
        inputs.append(found)
        for triple in triples:
            graph.add(triple)
    for triple in bodies_triples(inputs):
        graph.add(triple)
    return graph

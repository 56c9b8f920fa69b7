"""Records → triples: one record's triples in the context it depends on (the study ids a review's
claims may name), and the data graph of many records."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from rdflib import Graph

from exograph.errors import RecordError
from exograph.graphs import new_graph
from exograph.paths import ProjectPaths
from exograph.records.load import LoadedRecord, load_all, record_files
from exograph.records.schema import ReviewRecord, StudyRecord
from exograph.records.triples import Triple, document_triples, review_triples, study_triples


def load_records(paths: ProjectPaths, files: list[Path] | None = None) -> list[LoadedRecord]:
    """Every curated record (or those of `files`), or RecordError with every problem of every file."""
    records, problems = load_all(files if files is not None else record_files(paths.data), paths.root)
    if problems:
        raise RecordError(problems)
    return records


def study_ids(records: Iterable[LoadedRecord]) -> set[str]:
    return {r.record.id for r in records if isinstance(r.record, StudyRecord)}


def record_triples(loaded: LoadedRecord, studies: set[str]) -> list[Triple]:
    """The triples of one record, each once, in a fixed order (a study's and a source record's depend on
    the record alone; a review's claims name studies by id)."""
    record = loaded.record
    if isinstance(record, StudyRecord):
        return study_triples(record, loaded.rel_path)
    if isinstance(record, ReviewRecord):
        return review_triples(record, loaded.rel_path, studies)
    return document_triples(record, loaded.rel_path)


def record_graph(loaded: LoadedRecord, studies: set[str]) -> Graph:
    """The triples of one record, as an rdflib Graph."""
    graph = new_graph()
    graph += record_triples(loaded, studies)
    return graph


def data_graph(records: list[LoadedRecord]) -> Graph:
    """The triples of every record (no ontology, no derived claims)."""
    studies = study_ids(records)
    graph = new_graph()
    for loaded in records:
        graph += record_triples(loaded, studies)
    return graph

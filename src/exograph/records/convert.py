"""Records → triples: one record's triples in the context it depends on (its review's source
document, the study ids a review's claims may name), and the data graph of many records."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from rdflib import Graph

from exograph.errors import RecordError
from exograph.graphs import new_graph
from exograph.paths import ProjectPaths
from exograph.records.load import LoadedRecord, load_all, record_files
from exograph.records.schema import ReviewRecord, StudyRecord
from exograph.records.triples import Triple, review_triples, study_triples


def load_records(paths: ProjectPaths, files: list[Path] | None = None) -> list[LoadedRecord]:
    """Every curated record (or those of `files`), or RecordError with every problem of every file."""
    records, problems = load_all(files if files is not None else record_files(paths.data), paths.root)
    if problems:
        raise RecordError(problems)
    return records


def review_documents(records: Iterable[LoadedRecord]) -> dict[str, str]:
    """Each review's id with the source document its studies quote by default."""
    return {r.record.id: r.record.source_file for r in records if isinstance(r.record, ReviewRecord)}


def study_ids(records: Iterable[LoadedRecord]) -> set[str]:
    return {r.record.id for r in records if isinstance(r.record, StudyRecord)}


def record_triples(loaded: LoadedRecord, documents: dict[str, str], studies: set[str]) -> list[Triple]:
    """The triples of one record, each once, in a fixed order."""
    record = loaded.record
    if isinstance(record, StudyRecord):
        return study_triples(record, loaded.rel_path, documents.get(record.review, f"{record.review}.md"))
    return review_triples(record, loaded.rel_path, studies)


def record_graph(loaded: LoadedRecord, documents: dict[str, str], studies: set[str]) -> Graph:
    """The triples of one record, as an rdflib Graph."""
    graph = new_graph()
    graph += record_triples(loaded, documents, studies)
    return graph


def data_graph(records: list[LoadedRecord]) -> Graph:
    """The triples of every record (no ontology, no derived claims)."""
    documents = review_documents(records)
    studies = study_ids(records)
    graph = new_graph()
    for loaded in records:
        graph += record_triples(loaded, documents, studies)
    return graph

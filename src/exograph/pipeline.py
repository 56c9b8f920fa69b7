"""The build: records → triples → merged with the ontology → validated → written to build/."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from exograph.errors import Problem, RecordError
from exograph.graphs import (new_graph, ontology_files, parse_turtle_files, serialize_jsonld,
                             serialize_sorted_ntriples, write_atomically)
from exograph.paths import ProjectPaths
from exograph.records.load import LoadedRecord, load_all, record_files
from exograph.records.schema import ReviewRecord, StudyRecord
from exograph.records.triples import Triple, document_triples, review_triples, study_triples

OUTPUT_TTL = "exograph.ttl"
OUTPUT_JSONLD = "exograph.jsonld"
OUTPUT_NT = "exograph.nt"


def progress(message: str) -> None:
    """Progress goes to stderr so stdout stays clean for results."""
    print(f"[exograph] {message}", file=sys.stderr, flush=True)


def load_records(paths: ProjectPaths, files: list[Path] | None = None) -> list[LoadedRecord]:
    """Every curated record, or RecordError with every problem of every file."""
    records, problems = load_all(files if files is not None else record_files(paths.data), paths.root)
    if problems:
        raise RecordError(problems)
    return records


def record_triples(loaded: LoadedRecord, study_ids: set[str]) -> list[Triple]:
    """The triples of one record, each once, in a fixed order (a review's claims name studies by id,
    so its triples depend on which study ids exist)."""
    record = loaded.record
    if isinstance(record, StudyRecord):
        return study_triples(record, loaded.rel_path)
    if isinstance(record, ReviewRecord):
        return review_triples(record, loaded.rel_path, study_ids)
    return document_triples(record, loaded.rel_path)


def record_graph(loaded: LoadedRecord, study_ids: set[str]) -> Graph:
    """The triples of one record, as an rdflib Graph."""
    graph = new_graph()
    graph += record_triples(loaded, study_ids)
    return graph


def data_graph(records: list[LoadedRecord]) -> Graph:
    """The triples of every record (no ontology)."""
    study_ids = {r.record.id for r in records if isinstance(r.record, StudyRecord)}
    graph = new_graph()
    for loaded in records:
        graph += record_triples(loaded, study_ids)
    return graph


def build_data_graph(paths: ProjectPaths) -> Graph:
    return data_graph(load_records(paths))


def ontology_graph(paths: ProjectPaths) -> Graph:
    return parse_turtle_files(ontology_files(paths.ontology))


@dataclass
class BuildResult:
    graph: Graph
    records: list[LoadedRecord]
    problems: list[Problem] = field(default_factory=list)
    outputs: list[Path] = field(default_factory=list)


def report_unchecked_quotes(problems: list[Problem], strict: bool = False) -> None:
    """The notice, on stderr, of quotes whose source text was not available (none when all were checked)."""
    from exograph.validate.quotes import unchecked_notice

    for line in unchecked_notice(problems, strict):
        progress(line)


def build(paths: ProjectPaths, *, reason: bool = True, validate: bool = True, fast: bool = True,
          strict_quotes: bool = False) -> BuildResult:
    """Load, convert, merge, reason, validate; write build/ only when everything passed. `fast` takes
    the cached, parallel path (fastbuild.py: same graph, linear cost); the code below is its reference.
    `strict_quotes`: a quote whose source text is not available is a violation."""
    if fast:
        from exograph.fastbuild import build_fast

        return build_fast(paths, reason=reason, validate=validate, strict_quotes=strict_quotes)
    progress("loading records")
    records = load_records(paths)
    progress(f"converting {len(records)} records to triples")
    data = data_graph(records)
    from exograph.records.derived import derived_claims

    data += derived_claims(data)
    progress("merging with the ontology and its imports")
    graph = ontology_graph(paths)
    graph += data
    if validate:
        progress("validating with SHACL")
        from exograph.validate.shacl import validate_records

        from exograph.validate.quotes import strict_quotes as make_strict

        report = validate_records(paths, records)
        problems = make_strict(report.problems) if strict_quotes else report.problems
        report_unchecked_quotes(problems, strict_quotes)
        violations = [p for p in problems if p.severity == "Violation"]
        if violations:
            raise RecordError(violations)
    if reason:
        graph += _inferred(graph)
    outputs = write_outputs(paths.build, graph)
    progress(f"wrote {', '.join(str(p.relative_to(paths.root)) for p in outputs)} ({len(graph)} triples)")
    return BuildResult(graph, records, outputs=outputs)


def _inferred(graph: Graph) -> Graph:
    """Class memberships the OWL reasoner infers (empty when the reasoning stage is not installed)."""
    try:
        from exograph.ontology.reason import infer
    except ImportError:
        return Graph()
    progress("reasoning (HermiT)")
    result = infer(graph)
    if not result.consistent:
        from exograph.errors import ExographError

        raise ExographError(f"the graph is inconsistent:\n{result.explanation}")
    return result.inferred


def write_outputs(build_dir: Path, graph: Graph) -> list[Path]:
    """Serialize everything first, then rename into place: a failure leaves build/ as it was."""
    payloads = {
        OUTPUT_TTL: graph.serialize(format="turtle", encoding="utf-8"),
        OUTPUT_JSONLD: serialize_jsonld(graph),
        OUTPUT_NT: serialize_sorted_ntriples(graph),
    }
    written = []
    for name, payload in payloads.items():
        write_atomically(build_dir / name, payload)
        written.append(build_dir / name)
    return written


def load_built_graph(paths: ProjectPaths) -> Graph:
    """build/exograph.ttl, built first if it does not exist yet."""
    built = paths.build / OUTPUT_NT
    if not built.exists():
        build(paths)
    from exograph.assemble import load_graph  # rdflib in memory while small, Oxigraph-backed when large

    return load_graph(built)

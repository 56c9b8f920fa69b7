"""Per-record SHACL validation in a pool of processes: the same checks as validate_records, record by
record, spread over the machine's cores.

Each record is validated on its own graph (its triples plus the ontology's class hierarchy), exactly
as `validate.shacl.validate_records` does, so the problems are the same and in the same order; only
the wall time changes. Cost stays linear in the number of records and memory stays flat, where one
pySHACL run over the whole graph grows with the graph (see docs/benchmarks.md).

Processes are forked after the shapes and the hierarchy are parsed, so workers share them for free;
where fork is not available (macOS, Windows) validation runs serially.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Sequence, TypeVar

from exograph.errors import Problem
from exograph.paths import ProjectPaths

if TYPE_CHECKING:
    from rdflib import Graph

    from exograph.records.load import LoadedRecord
    from exograph.validate.shacl import ValidationReport

T = TypeVar("T")
R = TypeVar("R")

PARALLEL_MIN_RECORDS = 200  # below this, starting processes costs more than it saves
CHUNK_RECORDS = 25  # records per task: small enough to balance load, large enough to amortize pickling


@dataclass(frozen=True)
class Validator:
    """What every record is validated against, parsed once per run."""

    shapes: Graph
    hierarchy: Graph


def load_validator(paths: ProjectPaths) -> Validator:
    from exograph.validate.shacl import class_hierarchy, shapes_graph

    return Validator(shapes_graph(paths), class_hierarchy(paths))


def validator_fingerprint(paths: ProjectPaths) -> str:
    """The hash of everything a record's validation depends on besides the record: shapes, ontology
    files (for the class hierarchy) and the validation code. Keys the validation cache."""
    from exograph.graphs import ontology_files
    from exograph.records.cache import VALIDATOR_MODULES, code_fingerprint, digest, files_fingerprint

    shapes = sorted(paths.shapes.glob("*.ttl"))
    return digest(files_fingerprint(shapes), files_fingerprint(ontology_files(paths.ontology)),
                  code_fingerprint(VALIDATOR_MODULES))


def validate_one(graph: Graph, validator: Validator, by_key: dict[str, Any]) -> tuple[list[Problem], bytes]:
    """One record's graph, validated as validate_records does it: its problems and its SHACL report
    as N-Triples (bytes travel between processes more cheaply than rdflib graphs)."""
    from exograph.validate.shacl import validate_graph

    single = validate_graph(graph, validator.shapes, validator.hierarchy, by_key)
    return single.problems, single.report_graph.serialize(format="nt", encoding="utf-8")


def worker_count(n_tasks: int, requested: int | None = None) -> int:
    """How many processes to use: EXOGRAPH_WORKERS or the CPU count, never more than there are tasks."""
    wanted = requested or int(os.environ.get("EXOGRAPH_WORKERS", "0") or 0) or (os.cpu_count() or 1)
    return max(1, min(wanted, n_tasks))


def can_fork() -> bool:
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def chunks(n: int, size: int) -> list[range]:
    return [range(start, min(start + size, n)) for start in range(0, n, size)]


# The state a forked worker reads: set in the parent just before the pool starts.
_SHARED: dict[str, Any] = {}


def fork_map(function: Callable[[T], R], tasks: Sequence[T], shared: dict[str, Any], workers: int) -> Iterator[R]:
    """`map(function, tasks)` over forked processes that see `shared` (read via shared_state()),
    results in task order. One worker, or no fork: runs here, in this process."""
    _SHARED.clear()
    _SHARED.update(shared)
    if workers <= 1 or not can_fork() or len(tasks) <= 1:
        yield from map(function, tasks)
        return
    context = multiprocessing.get_context("fork")
    with context.Pool(workers) as pool:
        yield from pool.imap(function, tasks)


def shared_state() -> dict[str, Any]:
    return _SHARED


def _validate_chunk(indices: range) -> tuple[list[Problem], bytes]:
    from exograph.pipeline import record_graph

    state = shared_state()
    problems: list[Problem] = []
    reports: list[bytes] = []
    for index in indices:
        graph = record_graph(state["records"][index], state["documents"], state["study_ids"])
        found, report = validate_one(graph, state["validator"], state["by_key"])
        problems += found
        reports.append(report)
    return problems, b"".join(reports)


def validate_records_parallel(paths: ProjectPaths, records: list[LoadedRecord],
                              workers: int | None = None) -> ValidationReport:
    """The report validate_records gives, computed over `workers` processes."""
    from exograph.pipeline import review_documents
    from exograph.validate.shacl import ValidationReport

    tasks = chunks(len(records), CHUNK_RECORDS)
    shared = {
        "records": records,
        "documents": review_documents(records),
        "study_ids": {r.record.id for r in records if r.kind == "study"},
        "validator": load_validator(paths),
        "by_key": {f"{r.kind}/{r.record.id}": r for r in records},
    }
    report = ValidationReport()
    for problems, report_nt in fork_map(_validate_chunk, tasks, shared, worker_count(len(tasks), workers)):
        report.problems += problems
        if report_nt.strip():
            report.report_graph.parse(data=report_nt, format="nt")
    return report


def wants_parallel(records: Iterable[object]) -> bool:
    """Parallel pays off only for many records on a machine with several cores."""
    count = len(records) if hasattr(records, "__len__") else sum(1 for _ in records)  # type: ignore[arg-type]
    return count >= PARALLEL_MIN_RECORDS and worker_count(count) > 1 and can_fork()


def validate_records_auto(paths: ProjectPaths, records: list[LoadedRecord]) -> ValidationReport | None:
    """For the one-line wiring into validate_records: the parallel report, or None to validate here."""
    return validate_records_parallel(paths, records) if wants_parallel(records) else None

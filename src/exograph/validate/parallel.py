"""Validation of many records in a pool of processes: the same report as validate_records, computed
over the machine's cores.

The records are split into contiguous chunks; each forked worker runs `validate_records` on its chunk
with every other record as context (so references, documents and cross-record rules see the whole
data), and the parent merges the reports. Per-record SHACL is independent by design, and the
once-per-run parts (cross-record rules) give each problem once per chunk
at most, so the merged, de-duplicated problems are exactly the serial ones, in the same order.

Workers are forked, so they share the parsed records for free; where fork is not available (macOS,
Windows) validation stays serial.
"""

from __future__ import annotations

import gc
import math
import multiprocessing
import os
import sys
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Sequence, TypeVar

from exograph.errors import Problem
from exograph.paths import ProjectPaths

if TYPE_CHECKING:
    from exograph.records.load import LoadedRecord
    from exograph.validate.shacl import ValidationReport

T = TypeVar("T")
R = TypeVar("R")

PARALLEL_MIN_RECORDS = 100  # below this, starting processes costs more than it saves (~0.2 s per record)
CHUNKS_PER_WORKER = 2  # a couple of chunks each, so one slow chunk does not leave a core idle

# True inside a worker: validate_records must not start a pool of its own there.
_IN_WORKER = False
# The state a forked worker reads: set in the parent just before the pool starts.
_SHARED: dict[str, Any] = {}


def worker_count(n_tasks: int, requested: int | None = None) -> int:
    """How many processes to use: `requested`, else EXOGRAPH_WORKERS, else the CPU count; at most one
    per task."""
    wanted = requested or int(os.environ.get("EXOGRAPH_WORKERS", "0") or 0) or (os.cpu_count() or 1)
    return max(1, min(wanted, n_tasks))


def can_fork() -> bool:
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def chunks(n: int, count: int) -> list[range]:
    """`count` contiguous, near-equal ranges covering 0..n."""
    size = max(1, math.ceil(n / max(1, count)))
    return [range(start, min(start + size, n)) for start in range(0, n, size)]


def shared_state() -> dict[str, Any]:
    return _SHARED


def _mark_worker() -> None:
    global _IN_WORKER
    _IN_WORKER = True


def fork_map(function: Callable[[T], R], tasks: Sequence[T], shared: dict[str, Any], workers: int) -> Iterator[R]:
    """`map(function, tasks)` over forked processes that see `shared` (read via shared_state()),
    results in task order. With one worker, or without fork, it runs here, in this process."""
    _SHARED.clear()
    _SHARED.update(shared)
    if workers <= 1 or not can_fork() or len(tasks) <= 1:
        yield from map(function, tasks)
        return
    # Objects alive now (parsed records: millions at 10,000 studies) move out of the collector's reach:
    # otherwise every full collection in a worker walks them all (time grows faster than the data)
    # and touches their pages, un-sharing the memory fork shares.
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(workers, initializer=_mark_worker) as pool:
            yield from pool.imap(function, tasks)
    finally:
        gc.unfreeze()


def _validate_chunk(indices: range) -> tuple[list[Problem], bytes]:
    """One chunk, validated by validate_records with every other record as context."""
    from exograph.validate.shacl import validate_records

    state = shared_state()
    records: list[LoadedRecord] = state["records"]
    chunk = records[indices.start:indices.stop]
    others = records[:indices.start] + records[indices.stop:] + state["context"]
    report = validate_records(state["paths"], chunk, context=others, engine=state["engine"])
    return report.problems, report.report_graph.serialize(format="nt", encoding="utf-8")


def validate_records_parallel(paths: ProjectPaths, records: list[LoadedRecord], context: Iterable[LoadedRecord] = (),
                              workers: int | None = None, engine: str = "native") -> ValidationReport:
    """The report validate_records(paths, records, context, engine) gives, computed over `workers`
    processes."""
    workers = worker_count(len(records), workers)
    tasks = chunks(len(records), workers * CHUNKS_PER_WORKER)
    shared = {"paths": paths, "records": list(records), "context": list(context), "engine": engine}
    results = list(fork_map(_validate_chunk, tasks, shared, workers))
    return merge_reports(results)


def merge_reports(results: list[tuple[list[Problem], bytes]]) -> ValidationReport:
    """One report from the chunks': problems de-duplicated and ordered as validate_records orders
    them; every chunk's SHACL results moved under one report node."""
    from rdflib import Graph

    from exograph.validate.report import empty_report, set_conforms
    from exograph.validate.shacl import ValidationReport, _merge_results, deduplicated

    report = ValidationReport(report_graph=empty_report())
    problems: list[Problem] = []
    for chunk_problems, report_nt in results:
        problems += chunk_problems
        _merge_results(report.report_graph, Graph().parse(data=report_nt, format="nt"))
    report.problems = deduplicated(problems)
    set_conforms(report.report_graph, report.conforms)
    return report


def wants_parallel(count: int) -> bool:
    """Parallel pays off for many records on a machine with several cores, and never inside a worker."""
    return not _IN_WORKER and count >= PARALLEL_MIN_RECORDS and worker_count(count) > 1 and can_fork()


def validate_records_auto(paths: ProjectPaths, records: list[LoadedRecord], context: Iterable[LoadedRecord] = (),
                          engine: str = "native") -> ValidationReport | None:
    """For the wiring at the top of validate_records: the parallel report, or None to validate serially."""
    if not wants_parallel(len(records)):
        return None
    return validate_records_parallel(paths, records, context, engine=engine)


def validator_fingerprint(paths: ProjectPaths) -> str:
    """The hash of everything a record's validation depends on besides the record, the other records
    and the texts of the documents it quotes (keyed per record by the build): shapes, ontology files
    (the class hierarchy) and the validation code. Keys the build's validation cache."""
    from exograph.graphs import ontology_files
    from exograph.records.cache import VALIDATOR_MODULES, code_fingerprint, digest, files_fingerprint

    return digest(files_fingerprint(sorted(paths.shapes.glob("*.ttl"))), files_fingerprint(ontology_files(paths.ontology)),
                  code_fingerprint(VALIDATOR_MODULES))


def text_keys(paths: ProjectPaths, texts: dict[str, str | None]) -> dict[str, str]:
    """Each source document's text as the quote checks see it (where it was found, or why not, and its
    bytes): a record's validation depends on the texts of the documents it quotes, and on no other."""
    from exograph.records.cache import digest
    from exograph.records.quotes import DocumentTexts

    documents = DocumentTexts(paths.text_folders, texts)
    keys = {}
    for document in texts:
        lookup = documents.lookup(document)
        content = lookup.path.read_bytes() if lookup.path is not None else b""
        keys[document] = digest(lookup.status, str(lookup.path), ",".join(map(str, lookup.absent)), content)
    return keys

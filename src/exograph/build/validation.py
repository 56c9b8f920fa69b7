"""Validation of many records: in the worker pool when there are many, and incremental in the build
(only records whose validation key changed are validated again; the others' problems come from the
cache). Both give the same problems, in the same order, as validate_records over every record.

In the pool, the records are split into contiguous chunks; each forked worker runs `validate_records`
on its chunk with every other record as context (so references, documents and cross-record rules see
the whole data), and the parent merges the reports. Per-record SHACL is independent by design, and the
once-per-run parts (cross-record rules) give each problem once per chunk
at most, so the merged, de-duplicated problems are exactly the serial ones, in the same order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable

from exograph.build.cache import VALIDATOR_MODULES, code_key
from exograph.build.convert import Context, Entry, cached_record, identity
from exograph.build.pool import can_fork, in_worker, pooled_chunks, shared_state, worker_count
from exograph.errors import Problem
from exograph.fingerprint import digest, files_fingerprint
from exograph.paths import ProjectPaths
from exograph.progress import progress

if TYPE_CHECKING:
    from exograph.build.cache import RecordCache
    from exograph.records.load import LoadedRecord
    from exograph.validate.shacl import ValidationReport

PARALLEL_MIN_RECORDS = 100  # below this, starting processes costs more than it saves (~0.2 s per record)
GLOBAL = "(global)"  # validation-cache slot of problems that name no record


# ---- many records, over every core ----------------------------------------------------------------


def _validate_chunk(indices: range) -> list[tuple[list[Problem], bytes]]:
    """One chunk, validated by validate_records with every other record as context."""
    from exograph.validate.shacl import validate_records

    state = shared_state()
    records: list[LoadedRecord] = state["records"]
    chunk = records[indices.start:indices.stop]
    others = records[:indices.start] + records[indices.stop:] + state["context"]
    report = validate_records(state["paths"], chunk, context=others, engine=state["engine"])
    graph = report.report_graph.serialize(format="nt", encoding="utf-8") if state["with_graph"] else b""
    return [(report.problems, graph)]


def validate_records_parallel(paths: ProjectPaths, records: list[LoadedRecord], context: Iterable[LoadedRecord] = (),
                              workers: int | None = None, engine: str = "native", with_graph: bool = True) -> ValidationReport:
    """The report validate_records(paths, records, context, engine) gives, computed over `workers`
    processes; `with_graph=False`: its problems only (the report graph stays empty: the build needs
    none, and moving it between processes cost as much as a tenth of the validation)."""
    from exograph.validate.shacl import compile_engine

    compile_engine(paths, engine)  # once, before the workers fork
    shared = {"paths": paths, "records": list(records), "context": list(context), "engine": engine,
              "with_graph": with_graph}
    return merge_reports(pooled_chunks(_validate_chunk, len(records), shared, workers))


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
        if report_nt:
            _merge_results(report.report_graph, Graph().parse(data=report_nt, format="nt"))
    report.problems = deduplicated(problems)
    set_conforms(report.report_graph, not report.problems)  # SHACL §3.6.1: false with any result
    return report


def wants_parallel(count: int) -> bool:
    """Parallel pays off for many records on a machine with several cores, and never inside a worker."""
    return not in_worker() and count >= PARALLEL_MIN_RECORDS and worker_count(count) > 1 and can_fork()


def validate_many(paths: ProjectPaths, records: list[LoadedRecord], context: Iterable[LoadedRecord] = (),
                  engine: str = "native", with_graph: bool = True) -> ValidationReport:
    """validate_records' report: in the pool for many records, else in this process
    (`with_graph=False`: only its problems are wanted)."""
    from exograph.validate.shacl import check_engine, validate_records

    check_engine(engine)
    if wants_parallel(len(records)):
        return validate_records_parallel(paths, records, context, engine=engine, with_graph=with_graph)
    return validate_records(paths, records, context=context, engine=engine)


# ---- in the build, incremental ---------------------------------------------------------------------


def validator_fingerprint(paths: ProjectPaths) -> str:
    """The hash of everything a record's validation depends on besides the record, the other records
    and the texts of the documents it quotes (keyed per record, validation_key): shapes, ontology files
    (the class hierarchy), the term list (known terms) and the validation code. Keys the build's
    validation cache."""
    from exograph.graphs import ontology_files

    return digest(files_fingerprint(sorted(paths.shapes.glob("*.ttl"))), files_fingerprint(ontology_files(paths.ontology)),
                  files_fingerprint([p for p in [paths.imports / "terms.tsv"] if p.is_file()]), code_key(VALIDATOR_MODULES))


def text_keys(paths: ProjectPaths, texts: dict[str, str | None]) -> dict[str, str]:
    """Each source document's text as the quote checks see it (where it was found, or why not, and its
    bytes): a record's validation depends on the texts of the documents it quotes, and on no other."""
    from exograph.records.quotes import DocumentTexts

    documents = DocumentTexts(paths.text_folders, texts)
    keys = {}
    for document in texts:
        lookup = documents.lookup(document)
        content = lookup.path.read_bytes() if lookup.path is not None else b""
        keys[document] = digest(lookup.status, str(lookup.path), ",".join(map(str, lookup.absent)), content)
    return keys


def validation_key(entry: Entry, ctx: Context, validator_key: str) -> str:
    """A record's validation depends on its triples, the shapes, ontology and code (validator_key), the
    texts of the documents it quotes (as found in the text folders) and, for a review, the set of study
    ids its claims may point at."""
    assert entry.nt_key is not None and entry.meta is not None
    cross = digest(*sorted(ctx.study_ids)) if entry.kind == "review" else ""
    cited = {document for document, _ in entry.meta["links"]["documents"]}
    cited |= {entry.meta["id"]} if entry.kind == "document" else set()
    texts = digest(*(f"{document}={ctx.text_keys.get(document, 'no record')}" for document in sorted(cited)))
    return digest(entry.nt_key, validator_key, cross, texts)


def validate_incrementally(paths: ProjectPaths, entries: list[Entry], ctx: Context) -> list[Problem]:
    """Every validation problem of every record, re-validating only records whose key changed (with
    every other record as context), in parallel when many: the same problems, in the same order, as
    validate_records over all records."""
    from exograph.validate.shacl import deduplicated

    validator_key = validator_fingerprint(paths)
    keys = {e.index: validation_key(e, ctx, validator_key) for e in entries}
    cached = {e.index: ctx.cache.read_json("valid", keys[e.index]) for e in entries}
    stale = [e for e in entries if cached[e.index] is None]
    global_key = digest(GLOBAL, validator_key)
    global_problems = ctx.cache.read_json("valid", global_key)
    if stale or global_problems is None:
        progress(f"validating {len(stale)} changed record(s) of {len(entries)} with SHACL")
        by_file = _validate(paths, entries, stale, ctx)
        for entry in stale:
            cached[entry.index] = by_file.get(entry.rel_path, [])
            ctx.cache.write_json("valid", keys[entry.index], cached[entry.index])
        global_problems = by_file.get(GLOBAL, [])
        ctx.cache.write_json("valid", global_key, global_problems)
    ctx.valid_keys = set(keys.values()) | {global_key}  # the rest is pruned when the build succeeds
    everything = [p for e in entries for p in cached[e.index]] + global_problems
    return deduplicated([Problem(**p) for p in everything])


def _validate(paths: ProjectPaths, entries: list[Entry], stale: list[Entry], ctx: Context) -> dict[str, list[dict]]:
    """validate_many on the stale records, every other record as context; problems by file."""
    stale_indices = {e.index for e in stale}
    records = [cached_record(e, ctx.cache) for e in stale]
    context = [context_record(e, ctx.cache) for e in entries if e.index not in stale_indices]
    report = validate_many(paths, records, context, with_graph=False)  # the build keeps problems only
    files = {e.rel_path for e in entries}
    by_file: dict[str, list[dict]] = {}
    for problem in report.problems:
        by_file.setdefault(problem.file if problem.file in files else GLOBAL, []).append(problem.as_dict())
    return by_file


def context_record(entry: Entry, cache: RecordCache) -> Any:
    """An unchanged record as the validation of others sees it: a review or source record in full (few;
    a source record names the text its documents' quotes are checked against), a study by its
    identity only — kind, id, file — from the cached meta, without reading the record (at 10,000
    studies, unpickling every other record would cost more than validating the one that changed)."""
    if entry.kind != "study" or entry.meta is None:
        return cached_record(entry, cache)
    return identity(entry)

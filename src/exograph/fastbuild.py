"""The build, fast and incremental: the same graph as the reference build in pipeline.py, at a cost that
grows linearly with the records and, between builds, only with the records that changed.

1. Each curated file is hashed. Its parsed record and its triples (as N-Triples, Turtle and JSON-LD
   pieces, assemble.py) are cached under build/cache/ by that hash and by the context they depend on
   (records/cache.py): an unchanged record is neither read nor converted again.
2. The records that changed are read and converted in a pool of processes.
3. Validation (validate_records, in parallel when many) runs on the changed records only, with every
   other record as context; the results of the others come from the cache.
4. Derived claims are computed per review, again only for reviews whose records changed.
5. build/ is assembled from the pieces: N-Triples sorted (the reference build's bytes), Turtle and
   JSON-LD joined.

The graph a caller gets back is an rdflib Graph (Oxigraph-backed and loaded on first use when large).
"""

from __future__ import annotations

import dataclasses
import pickle
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from exograph.assemble import (Piece, graph_over, load_graph, piece_of, piece_of_graph, sort_unique, sorted_ntriples,
                               write_build)
from exograph.errors import Problem, RecordError
from exograph.paths import ProjectPaths
from exograph.records.cache import CONVERTER_MODULES, RecordCache, code_fingerprint, digest, files_fingerprint

if TYPE_CHECKING:
    from exograph.pipeline import BuildResult
    from exograph.records.load import LoadedRecord

CACHE_DIR = "cache"
PARALLEL_MIN_JOBS = 64  # fewer changed records than this convert faster in this process
PIECE_KINDS = ("nt", "ttl", "jsonld")
GLOBAL = "(global)"  # validation-cache slot of problems that name no record (e.g. the seeds folder is missing)


# ---- what one curated file is in this build ------------------------------------------------------


@dataclass
class Entry:
    """One curated file: where it is, its content key, and (once known) its record's identity."""

    index: int
    path: Path
    rel_path: str
    kind: str
    file_key: str
    meta: dict[str, Any] | None = None
    nt_key: str | None = None
    problems: list[Problem] = field(default_factory=list)
    load_failed: bool = False


@dataclass
class Context:
    """What every record's conversion shares in one build: the study ids (a review's claims name
    studies) and each source record's text file (where the quotes of the documents it describes are
    checked)."""

    root: Path
    cache: RecordCache
    documents: dict[str, str | None]
    study_ids: set[str]
    text_keys: dict[str, str] = field(default_factory=dict)  # document id -> hash of its text as found

    def piece_path(self, kind: str, key: str) -> Path:
        return self.cache.path(kind, key)


def scan(paths: ProjectPaths) -> list[Entry]:
    """Every curated file with its key: the hash of the converter code, its path and its bytes."""
    from exograph.records.load import _shown, kind_of, record_files

    converter = code_fingerprint(CONVERTER_MODULES)
    entries = []
    for index, path in enumerate(record_files(paths.data)):
        rel_path = _shown(path, paths.root)
        entries.append(Entry(index, path, rel_path, kind_of(path), digest(converter, rel_path, path.read_bytes())))
    return entries


def record_meta(loaded: LoadedRecord) -> dict[str, Any]:
    """The few facts of a record the other records depend on (cached, so unchanged files are not read):
    its links (documents cited, studies included, identifiers) and a source record's text file."""
    from exograph.records.links import links_of

    return {"id": loaded.record.id, "kind": loaded.kind, "links": links_of(loaded).as_dict(),
            "text": getattr(loaded.record, "text", None)}


def conversion_context(entry: Entry, ctx: Context) -> str:
    """What a record's triples depend on besides its file: a review's set of study ids (claims point
    at studies by id); nothing for a study or a source record."""
    assert entry.meta is not None
    return digest(*sorted(ctx.study_ids)) if entry.kind == "review" else ""


def _nt_key(entry: Entry, ctx: Context) -> str:
    return digest(entry.file_key, conversion_context(entry, ctx))


# ---- converting the records that changed -----------------------------------------------------------


def _load(entry: Entry, root: Path) -> LoadedRecord | None:
    from exograph.records.load import load_record

    try:
        return load_record(entry.path, root)
    except RecordError as error:
        entry.problems, entry.load_failed = list(error.problems), True
        return None


def convert(entry: Entry, ctx: Context) -> Entry:
    """Read and convert one record; cache its identity, its parsed record and its triples."""
    from exograph.pipeline import record_triples
    from exograph.records.derived import record_facts
    from exograph.records.iri import record_ref

    loaded = _load(entry, ctx.root)
    if loaded is None:
        return entry
    entry.meta = record_meta(loaded)
    ctx.cache.write_json("meta", entry.file_key, entry.meta)
    ctx.cache.write("record", entry.file_key, pickle.dumps(loaded, protocol=pickle.HIGHEST_PROTOCOL))
    entry.nt_key = _nt_key(entry, ctx)
    triples = record_triples(loaded, ctx.study_ids)
    facts = record_facts(triples, entry.kind, record_ref(entry.kind, entry.meta["id"]).iri)
    ctx.cache.write("facts", entry.nt_key, pickle.dumps(facts, protocol=pickle.HIGHEST_PROTOCOL))
    write_piece(ctx.cache, entry.nt_key, piece_of(sorted_ntriples(triples)))
    return entry


def write_piece(cache: RecordCache, key: str, piece: Piece) -> None:
    for kind in PIECE_KINDS:
        cache.write(kind, key, getattr(piece, kind))


def _convert_chunk(indices: range) -> list[Entry]:
    from exograph.validate.parallel import shared_state

    state = shared_state()
    return [convert(state["entries"][i], state["ctx"]) for i in indices]


def convert_all(jobs: list[Entry], ctx: Context) -> list[Entry]:
    """Convert the changed records, in a pool when there are many (results in input order)."""
    from exograph.validate.parallel import CHUNKS_PER_WORKER, chunks, fork_map, worker_count

    if len(jobs) < PARALLEL_MIN_JOBS:
        return [convert(entry, ctx) for entry in jobs]
    workers = worker_count(len(jobs))
    tasks = chunks(len(jobs), workers * CHUNKS_PER_WORKER)
    return [entry for done in fork_map(_convert_chunk, tasks, {"entries": jobs, "ctx": ctx}, workers) for entry in done]


def from_cache(entry: Entry, ctx: Context) -> bool:
    """Fill in an unchanged record from the cache; False when anything it needs is missing."""
    entry.meta = entry.meta or ctx.cache.read_json("meta", entry.file_key)
    if entry.meta is None or not ctx.cache.path("record", entry.file_key).exists():
        return False
    entry.nt_key = _nt_key(entry, ctx)
    return all(ctx.cache.path(kind, entry.nt_key).exists() for kind in (*PIECE_KINDS, "facts"))


def prepare(paths: ProjectPaths, entries: list[Entry]) -> Context:
    """Read the source records (few; where their texts are decides every record's quote checks), then
    the shared context."""
    cache = RecordCache(paths.build / CACHE_DIR)
    ctx = Context(paths.root, cache, {}, {e.path.stem for e in entries if e.kind == "study"})
    for entry in entries:
        if entry.kind != "document":
            continue
        entry.meta = cache.read_json("meta", entry.file_key)
        loaded = None if entry.meta else _load(entry, paths.root)
        if loaded is not None:
            entry.meta = record_meta(loaded)
        if entry.meta:
            ctx.documents[entry.meta["id"]] = entry.meta["text"]
    from exograph.validate.parallel import text_keys

    ctx.text_keys = text_keys(paths, ctx.documents)
    return ctx


def load_and_check(entries: list[Entry], ctx: Context) -> None:
    """Convert what changed; raise RecordError with every load and reference problem, as load_records."""
    jobs = [e for e in entries if not e.load_failed and not from_cache(e, ctx)]
    if jobs:
        _progress(f"converting {len(jobs)} changed record(s) of {len(entries)} to triples")
    converted = {e.index: e for e in convert_all(jobs, ctx)}
    entries[:] = [converted.get(e.index, e) for e in entries]
    problems = [p for e in entries if e.load_failed for p in e.problems]
    problems += _reference_problems(entries)
    if problems:
        raise RecordError(problems)


def _reference_problems(entries: list[Entry]) -> list[Problem]:
    """Cross-record rules of loading (records.links.check_links), over the records' cached links."""
    from exograph.records.links import RecordLinks, check_links

    return check_links([RecordLinks.from_dict(e.meta["links"]) for e in entries if e.meta and not e.load_failed])


def cached_record(entry: Entry, cache: RecordCache) -> LoadedRecord:
    """A record as parsed when its file last changed (unpickling is ~20x faster than reading YAML)."""
    data = cache.read("record", entry.file_key)
    assert data is not None, f"no cached record for {entry.rel_path}"
    return dataclasses.replace(pickle.loads(data), path=entry.path)


# ---- validation, incremental ---------------------------------------------------------------------


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
    from exograph.validate.parallel import validator_fingerprint
    from exograph.validate.shacl import deduplicated

    validator_key = validator_fingerprint(paths)
    keys = {e.index: validation_key(e, ctx, validator_key) for e in entries}
    cached = {e.index: ctx.cache.read_json("valid", keys[e.index]) for e in entries}
    stale = [e for e in entries if cached[e.index] is None]
    global_key = digest(GLOBAL, validator_key)
    global_problems = ctx.cache.read_json("valid", global_key)
    if stale or global_problems is None:
        _progress(f"validating {len(stale)} changed record(s) of {len(entries)} with SHACL")
        by_file = _validate(paths, entries, stale, ctx)
        for entry in stale:
            cached[entry.index] = by_file.get(entry.rel_path, [])
            ctx.cache.write_json("valid", keys[entry.index], cached[entry.index])
        global_problems = by_file.get(GLOBAL, [])
        ctx.cache.write_json("valid", global_key, global_problems)
    ctx.cache.prune("valid", set(keys.values()) | {global_key})
    everything = [p for e in entries for p in cached[e.index]] + global_problems
    return deduplicated([Problem(**p) for p in everything])


def _validate(paths: ProjectPaths, entries: list[Entry], stale: list[Entry], ctx: Context) -> dict[str, list[dict]]:
    """validate_records on the stale records, every other record as context; problems by file."""
    from exograph.validate.parallel import validate_records_auto
    from exograph.validate.shacl import validate_records

    stale_indices = {e.index for e in stale}
    records = [cached_record(e, ctx.cache) for e in stale]
    context = [context_record(e, ctx.cache) for e in entries if e.index not in stale_indices]
    report = validate_records_auto(paths, records, context) or validate_records(paths, records, context=context)
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


def identity(entry: Entry) -> Any:
    """A stand-in for a record with what cross-record rules read: kind, file and id."""
    from types import SimpleNamespace

    assert entry.meta is not None
    return SimpleNamespace(kind=entry.kind, rel_path=entry.rel_path, path=entry.path,
                           record=SimpleNamespace(id=entry.meta["id"]))


# ---- derived claims, per review ----------------------------------------------------------------------


def review_groups(entries: list[Entry]) -> dict[str, list[Entry]]:
    """Each review id with its record and the records of the studies it includes: all that the
    review's derived claims depend on (a study no review includes changes no claim)."""
    studies = {entry.meta["id"]: entry for entry in entries if entry.meta and entry.kind == "study"}
    groups: dict[str, list[Entry]] = {}
    for entry in entries:
        if entry.meta and entry.kind == "review":
            included = [studies[study] for study, _ in entry.meta["links"]["includes"] if study in studies]
            if included:
                groups[entry.meta["id"]] = [entry, *included]
    return groups


def _derive(review: str, members: list[Entry], ctx: Context) -> Piece:
    """A review's computed claims from the facts its records' conversions cached (no graph is read)."""
    from rdflib import Graph

    from exograph.records.derived import emit_review_claims
    from exograph.records.iri import record_ref

    facts: dict[str, list] = {"study": [], "review": []}
    for member in members:
        data = ctx.cache.read("facts", member.nt_key)
        assert data is not None, f"no cached facts for {member.rel_path}"  # from_cache checked they exist
        facts[member.kind].append(pickle.loads(data))
    out = Graph()
    stated = facts["review"][0] if facts["review"] else {}
    emit_review_claims(out, record_ref("review", review).iri, facts["study"], stated)
    return piece_of_graph(out)


def derived_pieces(entries: list[Entry], ctx: Context) -> list[str]:
    """The cache keys of every review's derived claims, computing those whose records changed (derived
    claims are per review, so a review's records are all they read)."""
    code = code_fingerprint(("exograph.records.derived", "exograph.assemble"))
    groups = review_groups(entries)
    keys = {review: digest(code, *(m.nt_key or "" for m in members)) for review, members in sorted(groups.items())}
    stale = [review for review, key in keys.items() if not ctx.cache.path("nt", f"derived-{key}").exists()]
    if stale:
        _progress(f"deriving claims of {len(stale)} review(s)")
    for review in stale:
        write_piece(ctx.cache, f"derived-{keys[review]}", _derive(review, groups[review], ctx))
    return [f"derived-{key}" for key in keys.values()]


# ---- the ontology and the reasoner ---------------------------------------------------------------------


def ontology_piece(paths: ProjectPaths, ctx: Context) -> str:
    """The cache key of the ontology and its imports, parsed by rdflib once per change of their files."""
    from exograph.graphs import ontology_files

    key = "ontology-" + digest(files_fingerprint(ontology_files(paths.ontology)),
                               code_fingerprint(("exograph.graphs", "exograph.assemble")))
    if not ctx.cache.path("nt", key).exists():
        from exograph.pipeline import ontology_graph

        write_piece(ctx.cache, key, piece_of_graph(ontology_graph(paths)))
    return key


def inferred_piece(keys: list[str], ctx: Context) -> str:
    """The cache key of what the reasoner infers over the whole graph: HermiT sees everything at once,
    so it runs again whenever any piece changed, and not at all when none did."""
    key = "inferred-" + digest(code_fingerprint(("exograph.ontology.reason", "exograph.assemble")), *keys)
    if not ctx.cache.path("nt", key).exists():
        from exograph.pipeline import _inferred

        write_piece(ctx.cache, key, piece_of_graph(_inferred(graph_over([ctx.piece_path("nt", k) for k in keys]))))
    return key


# ---- the whole build ---------------------------------------------------------------------------------


def build_fast(paths: ProjectPaths, *, reason: bool = True, validate: bool = True,
               strict_quotes: bool = False) -> BuildResult:
    """Load, convert, validate, derive, merge, reason; write build/ only when everything passed.
    `strict_quotes`: a quote whose source text is not available is a violation."""
    from exograph.pipeline import BuildResult, report_unchecked_quotes
    from exograph.validate.quotes import strict_quotes as make_strict

    _progress("loading records")
    entries = scan(paths)
    ctx = prepare(paths, entries)
    load_and_check(entries, ctx)
    problems: list[Problem] = []
    if validate:
        problems = validate_incrementally(paths, entries, ctx)
        problems = make_strict(problems) if strict_quotes else problems
        report_unchecked_quotes(problems, strict_quotes)
        violations = [p for p in problems if p.severity == "Violation"]
        if violations:
            raise RecordError(violations)
        if problems:
            _progress(f"validated: 0 violations, {len(problems)} warning(s) (`exograph validate` lists them)")
    keys = [ontology_piece(paths, ctx), *(e.nt_key for e in entries if e.nt_key), *derived_pieces(entries, ctx)]
    if reason:
        keys.append(inferred_piece(keys, ctx))
    outputs = write_outputs(paths, keys, ctx)
    _prune(ctx.cache, keys, entries)
    return BuildResult(load_graph(paths.build / "exograph.nt"), LazyRecords(entries, ctx.cache), problems, outputs)


def write_outputs(paths: ProjectPaths, keys: list[str], ctx: Context) -> list[Path]:
    """build/ from the pieces `keys` name, in that order."""
    lines = _lines([ctx.piece_path("nt", key) for key in keys])
    outputs = write_build(paths.build, lines, _stream(ctx, keys, "ttl"), _stream(ctx, keys, "jsonld"))
    _progress(f"wrote {', '.join(str(p.relative_to(paths.root)) for p in outputs)} ({len(lines)} triples)")
    return outputs


def _lines(files: list[Path]) -> list[bytes]:
    """Every N-Triples line, sorted and unique. Pieces are read in order of their first line, so the
    list is nearly sorted already and the sort mostly merges runs."""
    chunks = [path.read_bytes() for path in files]
    chunks.sort(key=lambda chunk: chunk[:chunk.find(b"\n")])
    lines: list[bytes] = []
    for chunk in chunks:
        lines += chunk.splitlines()
    return sort_unique(lines)


def _stream(ctx: Context, keys: list[str], kind: str) -> Iterator[bytes]:
    for key in keys:
        yield ctx.piece_path(kind, key).read_bytes()


def _prune(cache: RecordCache, keys: list[str], entries: list[Entry]) -> None:
    """Forget what this build did not use, so the cache holds one generation."""
    for kind in PIECE_KINDS:
        cache.prune(kind, set(keys))
    cache.prune("facts", {e.nt_key for e in entries if e.nt_key})
    cache.prune("meta", {e.file_key for e in entries})
    cache.prune("record", {e.file_key for e in entries})


def _progress(message: str) -> None:
    from exograph.pipeline import progress

    progress(message)


class LazyRecords(Sequence):  # type: ignore[type-arg]
    """BuildResult.records: every LoadedRecord, unpickled from the cache only when first asked for
    (a build from the cache reads no record at all)."""

    def __init__(self, entries: list[Entry], cache: RecordCache):
        self._entries, self._cache = list(entries), cache
        self._records: list[LoadedRecord] | None = None

    def _all(self) -> list[LoadedRecord]:
        if self._records is None:
            self._records = [cached_record(entry, self._cache) for entry in self._entries]
        return self._records

    def __len__(self) -> int:
        return len(self._entries)

    def __getitem__(self, index: Any) -> Any:
        return self._all()[index]

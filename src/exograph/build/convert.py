"""Converting the curated files: each file is read once and hashed; its parsed record and its triples
(as a piece) are cached under build/cache/ by that hash and by the context they depend on, so an
unchanged record is not converted again. The records that changed are converted in the worker pool,
from the very bytes that were hashed: a file edited while the build runs can never be cached under
the hash of its earlier content."""

from __future__ import annotations

import dataclasses
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from exograph.build.cache import CONVERTER_MODULES, RecordCache, code_key
from exograph.build.pieces import PIECE_KINDS, write_piece
from exograph.build.pool import pooled_chunks, shared_state
from exograph.errors import Problem, RecordError
from exograph.fingerprint import digest
from exograph.paths import ProjectPaths
from exograph.progress import progress
from exograph.store.published import Signature, stat_signature

if TYPE_CHECKING:
    from exograph.records.load import LoadedRecord

CACHE_DIR = "cache"
PARALLEL_MIN_JOBS = 64  # fewer changed records than this convert faster in this process


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
    raw: bytes | None = field(default=None, repr=False)  # the bytes hashed, until converted or found cached


@dataclass
class Context:
    """What every record's conversion shares in one build: the study ids (a review's claims name
    studies) and, for validation, each source record's text file and the hash of that text as found."""

    root: Path
    cache: RecordCache
    documents: dict[str, str | None]
    study_ids: set[str]
    text_keys: dict[str, str] = field(default_factory=dict)  # document id -> hash of its text as found
    valid_keys: set[str] | None = None  # the validation entries this build used (None: it did not validate)
    reason_keys: set[str] | None = None  # the reasoning entries this build used (None: it did not reason)

    def piece_path(self, kind: str, key: str) -> Path:
        return self.cache.path(kind, key)


def scan(paths: ProjectPaths, signature: Signature) -> list[Entry]:
    """Every curated file with its key: the hash of the converter code, its path and its bytes. Each
    file's size and time go into `signature` first, so an edit after the read makes the build stale."""
    from exograph.records.files import kind_of, record_files, shown_path

    converter = code_key(CONVERTER_MODULES)
    entries = []
    for index, path in enumerate(record_files(paths.data)):
        rel_path = shown_path(path, paths.root)
        stat_signature(path, rel_path, signature)
        raw, content = _read(path, rel_path, paths.root)
        entries.append(Entry(index, path, rel_path, kind_of(path), digest(converter, rel_path, content), raw=raw))
    return entries


def _read(path: Path, shown: str, root: Path) -> tuple[bytes | None, bytes]:
    """(the file's bytes, what its key hashes): a file that cannot be read safely is keyed by its
    problem, and loading it reports the problem."""
    from exograph.records.load import read_record_bytes

    try:
        raw = read_record_bytes(path, shown, root)
    except RecordError as error:
        return None, str(error).encode("utf-8")
    return raw, raw


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
        return load_record(entry.path, root, entry.raw)
    except RecordError as error:
        entry.problems, entry.load_failed = list(error.problems), True
        return None


def convert(entry: Entry, ctx: Context) -> Entry:
    """Read and convert one record; cache its identity, its parsed record and its triples."""
    from exograph.records.convert import record_triples
    from exograph.records.derived import record_facts
    from exograph.records.iri import record_ref

    loaded = _load(entry, ctx.root)
    entry.raw = None  # parsed: not needed any more (and not sent back from a worker)
    if loaded is None:
        return entry
    entry.meta = record_meta(loaded)
    ctx.cache.write_json("meta", entry.file_key, entry.meta)
    ctx.cache.write("record", entry.file_key, pickle.dumps(loaded, protocol=pickle.HIGHEST_PROTOCOL))
    entry.nt_key = _nt_key(entry, ctx)
    triples = record_triples(loaded, ctx.study_ids)
    facts = record_facts(triples, entry.kind, record_ref(entry.kind, entry.meta["id"]).iri)
    ctx.cache.write("facts", entry.nt_key, pickle.dumps(facts, protocol=pickle.HIGHEST_PROTOCOL))
    write_piece(ctx.cache, entry.nt_key, triples)
    return entry


def _convert_chunk(indices: range) -> list[Entry]:
    state = shared_state()
    return [convert(state["entries"][i], state["ctx"]) for i in indices]


def convert_all(jobs: list[Entry], ctx: Context) -> list[Entry]:
    """Convert the changed records, in the pool when there are many (results in input order)."""
    if len(jobs) < PARALLEL_MIN_JOBS:
        return [convert(entry, ctx) for entry in jobs]
    return pooled_chunks(_convert_chunk, len(jobs), {"entries": jobs, "ctx": ctx})


def from_cache(entry: Entry, ctx: Context) -> bool:
    """Fill in an unchanged record from the cache; False when anything it needs is missing."""
    entry.meta = entry.meta or ctx.cache.read_json("meta", entry.file_key)
    if entry.meta is None or not ctx.cache.path("record", entry.file_key).exists():
        return False
    entry.nt_key = _nt_key(entry, ctx)
    found = all(ctx.cache.path(kind, entry.nt_key).exists() for kind in (*PIECE_KINDS, "facts"))
    if found:
        entry.raw = None
    return found


def prepare(paths: ProjectPaths, entries: list[Entry]) -> Context:
    """Read the source records (few; where their texts are decides the quote checks of every record
    that cites them), then the shared context."""
    from exograph.build.validation import text_keys

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
    ctx.text_keys = text_keys(paths, ctx.documents)
    return ctx


def load_and_check(entries: list[Entry], ctx: Context) -> None:
    """Convert what changed; raise RecordError with every load and reference problem, as load_records."""
    jobs = [e for e in entries if not e.load_failed and not from_cache(e, ctx)]
    if jobs:
        progress(f"converting {len(jobs)} changed record(s) of {len(entries)} to triples")
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


def identity(entry: Entry) -> Any:
    """A stand-in for a record with what cross-record rules read: kind, file and id."""
    assert entry.meta is not None
    return SimpleNamespace(kind=entry.kind, rel_path=entry.rel_path, path=entry.path,
                           record=SimpleNamespace(id=entry.meta["id"]))

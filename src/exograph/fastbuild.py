"""The build, fast and incremental: the same graph as the reference build in pipeline.py, at a cost that
grows linearly with the records and only with the records that changed.

1. Each curated file is hashed. A record's N-Triples are cached under build/cache/ by that hash and
   the context they depend on (records/cache.py); unchanged records are not re-read or re-converted.
2. Records that changed are read, converted and validated together, in a pool of processes
   (validate/parallel.py), each writing its cache entries.
3. build/exograph.nt is every record's lines + the ontology's + derived and inferred triples, sorted
   and de-duplicated: the same bytes the reference build writes.
4. Turtle and JSON-LD are streamed from that file by Oxigraph (rdflib's serializers are the slow part
   of a large build), both at once when the graph is large.

The graph a caller gets back is an rdflib Graph over an Oxigraph store, loaded only if used.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from exograph.errors import Problem, RecordError
from exograph.paths import ProjectPaths
from exograph.records.cache import CONVERTER_MODULES, RecordCache, code_fingerprint, digest, files_fingerprint

if TYPE_CHECKING:
    from rdflib import Graph

    from exograph.pipeline import BuildResult
    from exograph.records.load import LoadedRecord

CACHE_DIR = "cache"
PARALLEL_MIN_JOBS = 64  # fewer changed records than this convert faster in this process
PARALLEL_OUTPUT_TRIPLES = 200_000
LAZY_GRAPH_BYTES = 4_000_000  # ~25k triples: rdflib parses that in ~0.4 s; above, Oxigraph takes over  # above this, Turtle and JSON-LD are written by two processes at once
WRITE_BATCH = 100_000  # lines joined per write: bounded memory while writing a large file


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
    """What every record's conversion shares in one build."""

    root: Path
    cache: RecordCache
    documents: dict[str, str]
    study_ids: set[str]


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
    """The few facts of a record the other records depend on (cached, so unchanged files are not read)."""
    record = loaded.record
    return {"id": record.id, "kind": loaded.kind, "review": getattr(record, "review", None),
            "source_file": getattr(record, "source_file", None)}


def conversion_context(entry: Entry, ctx: Context) -> str:
    """What a record's triples depend on besides its file: a study's default document (its review's
    source file); a review's set of study ids (claims point at studies by id)."""
    assert entry.meta is not None
    if entry.kind == "study":
        review = entry.meta["review"]
        return ctx.documents.get(review, f"{review}.md")
    return digest(*sorted(ctx.study_ids))


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
    from exograph.pipeline import record_graph

    loaded = _load(entry, ctx.root)
    if loaded is None:
        return entry
    entry.meta = record_meta(loaded)
    ctx.cache.write_json("meta", entry.file_key, entry.meta)
    ctx.cache.write("record", entry.file_key, pickle.dumps(loaded, protocol=pickle.HIGHEST_PROTOCOL))
    entry.nt_key = _nt_key(entry, ctx)
    ctx.cache.write("nt", entry.nt_key, sorted_ntriples(record_graph(loaded, ctx.documents, ctx.study_ids)))
    return entry


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
    done: list[Entry] = []
    tasks = chunks(len(jobs), workers * CHUNKS_PER_WORKER)
    for converted in fork_map(_convert_chunk, tasks, {"entries": jobs, "ctx": ctx}, workers):
        done += converted
    return done


def from_cache(entry: Entry, ctx: Context) -> bool:
    """Fill in an unchanged record from the cache; False when anything it needs is missing."""
    entry.meta = entry.meta or ctx.cache.read_json("meta", entry.file_key)
    if entry.meta is None or not ctx.cache.path("record", entry.file_key).exists():
        return False
    entry.nt_key = _nt_key(entry, ctx)
    return ctx.cache.path("nt", entry.nt_key).exists()


def prepare(paths: ProjectPaths, entries: list[Entry]) -> Context:
    """Read the reviews (few, and every study's conversion depends on them), then the shared context."""
    cache = RecordCache(paths.build / CACHE_DIR)
    ctx = Context(paths.root, cache, {}, {e.path.stem for e in entries if e.kind == "study"})
    for entry in entries:
        if entry.kind != "review":
            continue
        entry.meta = cache.read_json("meta", entry.file_key)
        loaded = None if entry.meta else _load(entry, paths.root)
        if loaded is not None:
            entry.meta = record_meta(loaded)
        if entry.meta:
            ctx.documents[entry.meta["id"]] = entry.meta["source_file"]
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
    """Cross-record rules of loading (records.load.check_references), over the records' cached identities."""
    from types import SimpleNamespace

    from exograph.records.load import check_references

    stand_ins = [SimpleNamespace(kind=e.kind, rel_path=e.rel_path, path=e.path,
                                 record=SimpleNamespace(id=e.meta["id"], review=e.meta["review"]))
                 for e in entries if e.meta and not e.load_failed]
    return check_references(stand_ins)  # type: ignore[arg-type]


def cached_record(entry: Entry, cache: RecordCache) -> LoadedRecord:
    """A record as parsed when its file last changed (unpickling is ~20x faster than reading YAML)."""
    import dataclasses

    data = cache.read("record", entry.file_key)
    assert data is not None, f"no cached record for {entry.rel_path}"
    return dataclasses.replace(pickle.loads(data), path=entry.path)


# ---- validation, incremental ---------------------------------------------------------------------


GLOBAL = "(global)"  # cache slot of problems that name no record (e.g. the seeds folder is missing)


def validation_key(entry: Entry, ctx: Context, validator_key: str) -> str:
    """A record's validation depends on its triples, the shapes, ontology, seeds and code
    (validator_key) and, for a review, the set of study ids its claims may point at."""
    assert entry.nt_key is not None
    cross = digest(*sorted(ctx.study_ids)) if entry.kind == "review" else ""
    return digest(entry.nt_key, validator_key, cross)


def validate_incrementally(paths: ProjectPaths, entries: list[Entry], ctx: Context) -> list[Problem]:
    """Every validation problem of every record, re-validating only records whose key changed (with
    every other record as context), in parallel when many; the same problems, in the same order, as
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
    context = [cached_record(e, ctx.cache) for e in entries if e.index not in stale_indices]
    report = validate_records_auto(paths, records, context) or validate_records(paths, records, context=context)
    files = {e.rel_path for e in entries}
    by_file: dict[str, list[dict]] = {}
    for problem in report.problems:
        by_file.setdefault(problem.file if problem.file in files else GLOBAL, []).append(problem.as_dict())
    return by_file


# ---- the whole build ---------------------------------------------------------------------------------


def build_fast(paths: ProjectPaths, *, reason: bool = True, validate: bool = True) -> BuildResult:
    """Load, convert, merge, validate, reason; write build/ only when everything passed."""
    from exograph.pipeline import BuildResult

    _progress("loading records")
    entries = scan(paths)
    ctx = prepare(paths, entries)
    load_and_check(entries, ctx)
    if validate:
        problems = validate_incrementally(paths, entries, ctx)
        violations = [p for p in problems if p.severity == "Violation"]
        if violations:
            raise RecordError(violations)
    lines = assemble(paths, entries, ctx, reason)
    outputs = write_outputs_fast(paths.build, lines)
    _progress(f"wrote {', '.join(str(p.relative_to(paths.root)) for p in outputs)} ({len(lines)} triples)")
    _prune(ctx.cache, entries)
    records = LazyRecords(entries, ctx.cache)
    return BuildResult(load_graph(paths.build / "exograph.nt"), records, outputs=outputs)


def _prune(cache: RecordCache, entries: list[Entry]) -> None:
    cache.prune("meta", {e.file_key for e in entries})
    cache.prune("record", {e.file_key for e in entries})
    cache.prune("nt", {e.nt_key for e in entries if e.nt_key})


def _progress(message: str) -> None:
    from exograph.pipeline import progress

    progress(message)


# ---- assembling the graph ------------------------------------------------------------------------------


def assemble(paths: ProjectPaths, entries: list[Entry], ctx: Context, reason: bool) -> list[bytes]:
    """Every line of build/exograph.nt, sorted and unique: records, derived claims, ontology, inferences."""
    from exograph.pipeline import _inferred
    from exograph.records.derived import derived_claims

    record_files = [ctx.cache.path("nt", e.nt_key) for e in entries if e.nt_key]
    added = graph_lines(derived_claims(graph_over(record_files)))
    added += ontology_lines(paths, ctx.cache)
    if reason:
        added += graph_lines(_inferred(graph_over(record_files, extra=added)))
    return sort_unique(read_lines(record_files) + added)


def read_lines(files: Iterable[Path]) -> list[bytes]:
    """The lines of cached N-Triples files. Files are read in order of their first line, so the list is
    nearly sorted already and the final sort only merges runs."""
    chunks = [path.read_bytes() for path in files]
    chunks.sort(key=lambda chunk: chunk[:chunk.find(b"\n")])
    lines: list[bytes] = []
    for chunk in chunks:
        lines += chunk.splitlines()
    return lines


def sort_unique(lines: list[bytes]) -> list[bytes]:
    """Byte order is code-point order for UTF-8: the order the reference build sorts its lines in."""
    lines.sort()
    unique = [line for i, line in enumerate(lines) if line and (i == 0 or line != lines[i - 1])]
    return unique


def sorted_ntriples(graph: Graph) -> bytes:
    """One graph as sorted, unique N-Triples lines (rdflib writes them: the reference build's terms)."""
    lines = sorted(set(graph.serialize(format="nt", encoding="utf-8").splitlines()))
    return b"".join(line + b"\n" for line in lines if line.strip())


def graph_lines(graph: Graph) -> list[bytes]:
    """An rdflib graph's N-Triples lines, blank nodes labelled by content so every run agrees."""
    if len(graph) == 0:
        return []
    return canonical_ntriples(graph).splitlines()


def canonical_ntriples(graph: Graph) -> bytes:
    from rdflib import BNode

    if any(isinstance(term, BNode) for triple in graph for term in triple):
        from rdflib.compare import to_canonical_graph

        graph = to_canonical_graph(graph)
    return sorted_ntriples(graph)


def ontology_lines(paths: ProjectPaths, cache: RecordCache) -> list[bytes]:
    """The ontology and its imports as N-Triples, parsed by rdflib once per change of their files."""
    from exograph.graphs import ontology_files

    files = ontology_files(paths.ontology)
    key = digest(files_fingerprint(files), code_fingerprint(("exograph.graphs", "exograph.fastbuild")))
    cached = cache.read("ontology", key)
    if cached is None:
        from exograph.pipeline import ontology_graph

        cached = canonical_ntriples(ontology_graph(paths))
        cache.write("ontology", key, cached)
        cache.prune("ontology", {key})
    return cached.splitlines()


# ---- writing build/ ------------------------------------------------------------------------------------

OUTPUT_NAMES = ("exograph.ttl", "exograph.jsonld", "exograph.nt")


def write_outputs_fast(build_dir: Path, lines: list[bytes]) -> list[Path]:
    """Write every output to a temporary file first, then rename them all: a failure leaves build/ as it was."""
    build_dir.mkdir(parents=True, exist_ok=True)
    temps = {name: _temp_path(build_dir, name) for name in OUTPUT_NAMES}
    try:
        write_lines(temps["exograph.nt"], lines)
        jobs = [(str(temps["exograph.nt"]), str(temps[name]), name) for name in ("exograph.ttl", "exograph.jsonld")]
        from exograph.validate.parallel import fork_map

        list(fork_map(_serialize_job, jobs, {}, 2 if len(lines) > PARALLEL_OUTPUT_TRIPLES else 1))
        for name in OUTPUT_NAMES:
            os.chmod(temps[name], 0o644)
            os.replace(temps[name], build_dir / name)
    finally:
        for temp in temps.values():
            temp.unlink(missing_ok=True)
    return [build_dir / name for name in OUTPUT_NAMES]


def _temp_path(folder: Path, name: str) -> Path:
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", dir=folder)
    os.close(fd)
    return Path(tmp)


def write_lines(path: Path, lines: list[bytes]) -> None:
    """Lines joined with newlines and a final newline (an empty graph is one newline, as before)."""
    with open(path, "wb") as handle:
        for start in range(0, len(lines), WRITE_BATCH):
            handle.write(b"\n".join(lines[start:start + WRITE_BATCH]) + b"\n")
        if not lines:
            handle.write(b"\n")


def output_prefixes() -> dict[str, str]:
    """The project's prefixes for Turtle, without exd: (data IRIs have '/' in their local part and
    stay whole IRIs, readable and greppable) and with rdf:."""
    from exograph.vocab import PREFIXES

    prefixes = {name: str(ns) for name, ns in PREFIXES.items() if name != "exd"}
    prefixes["rdf"] = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    return prefixes


def _serialize_job(job: tuple[str, str, str]) -> None:
    """Stream sorted N-Triples into Turtle or JSON-LD: subjects stay grouped, so the output is compact
    and, like its input, the same bytes on every run."""
    import pyoxigraph as ox

    source, target, name = job
    fmt = ox.RdfFormat.TURTLE if name.endswith(".ttl") else ox.RdfFormat.JSON_LD
    ox.serialize(ox.parse(path=source, format=ox.RdfFormat.N_TRIPLES), target, fmt, prefixes=output_prefixes())


# ---- the graph handed back ---------------------------------------------------------------------------


def graph_over(files: list[Path], extra: list[bytes] | None = None) -> Graph:
    """The triples of N-Triples `files` (+ `extra` lines) as an rdflib Graph for code written against
    rdflib: a plain in-memory Graph while small (what the reference build hands over, so small
    projects see no difference), an Oxigraph-backed one, loaded on first use, when large (parsing
    millions of triples into rdflib takes minutes and gigabytes)."""
    size = sum(path.stat().st_size for path in files) + sum(len(line) + 1 for line in extra or ())
    if size > LAZY_GRAPH_BYTES:
        return lazy_graph(files, extra)
    from exograph.graphs import new_graph

    graph = new_graph()
    for data in _load_batches(files, extra):
        graph.parse(data=data, format="nt")
    return graph


def load_graph(path: Path) -> Graph:
    """A built N-Triples file as an rdflib Graph (see graph_over): for pipeline.load_built_graph."""
    return graph_over([path])


def lazy_graph(files: list[Path], extra: list[bytes] | None = None) -> Graph:
    """An rdflib Graph over an Oxigraph store that bulk-loads `files` (+ `extra` lines) on first use:
    rdflib's API and SPARQL at Oxigraph's speed, and nothing loaded if nobody looks."""
    from rdflib import Graph
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    return Graph(store=_lazy_store_class()(files, extra), identifier=DATASET_DEFAULT_GRAPH_ID)


@lru_cache(maxsize=1)
def _lazy_store_class() -> type:
    from oxrdflib import OxigraphStore

    class LazyOxigraphStore(OxigraphStore):
        """oxrdflib's store, filled from N-Triples the first time anything reads it."""

        def __init__(self, files: list[Path], extra: list[bytes] | None) -> None:
            super().__init__()
            self._files, self._extra = files, extra

        @property
        def _inner(self) -> Any:
            if self._store is None:
                import pyoxigraph as ox

                store = ox.Store()
                for data in _load_batches(self._files, self._extra):
                    store.bulk_load(data, ox.RdfFormat.N_TRIPLES)
                self._store = store
            return self._store

    return LazyOxigraphStore


def _load_batches(files: list[Path], extra: list[bytes] | None, size: int = 50_000_000) -> Iterator[bytes]:
    """N-Triples to load, in batches of about `size` bytes (one bulk load per small file would be slow)."""
    batch: list[bytes] = []
    held = 0
    for path in files:
        data = path.read_bytes()
        batch.append(data)
        held += len(data)
        if held >= size:
            yield b"".join(batch)
            batch, held = [], 0
    if extra:
        batch.append(b"\n".join(extra) + b"\n")
    if batch:
        yield b"".join(batch)


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

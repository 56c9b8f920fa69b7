"""The build, from curated files to build/: scan → convert (changed records only, in the pool) →
validate (incrementally) → derive claims (per review) → appraise (per record, per body of evidence) →
reason → publish (store + exports, swapped in as one unit).

The same graph as the reference rdflib build (tests/build/oracle.py), at a cost that grows linearly
with the records and, between builds, only with the records that changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from exograph.build.appraise import appraisal_pieces
from exograph.build.cache import RecordCache
from exograph.build.convert import Context, Entry, cached_record, load_and_check, prepare, scan
from exograph.build.derive import derived_pieces
from exograph.build.pieces import PIECE_KINDS, read_lines
from exograph.build.publish import build_lock, publish, refresh_inputs, remove_leftovers
from exograph.build.reasoning import inferred_pieces, ontology_piece
from exograph.build.validation import validate_incrementally
from exograph.errors import ExographError, Problem, RecordError
from exograph.paths import ProjectPaths
from exograph.progress import progress
from exograph.store.published import FORMATS, Manifest, Signature, published_folder, stat_signature

if TYPE_CHECKING:
    from rdflib import Graph

    from exograph.records.load import LoadedRecord

DEFAULT_FORMATS = ("nt",)  # Turtle and JSON-LD are exports on request (`--formats nt,ttl,jsonld`), not the hot path
ALL_FORMATS = tuple(FORMATS)


@dataclass
class BuildResult:
    paths: ProjectPaths
    records: Sequence[LoadedRecord]
    problems: list[Problem] = field(default_factory=list)
    outputs: list[Path] = field(default_factory=list)

    @property
    def graph(self) -> Graph:
        """The published graph, as an rdflib Graph over the store (opened read-only when first asked)."""
        from exograph.store.graph import built_graph

        return built_graph(self.paths)


def build(paths: ProjectPaths, *, reason: bool = True, validate: bool = True,
          formats: Sequence[str] = DEFAULT_FORMATS, strict_quotes: bool = False) -> BuildResult:
    """Load, convert, validate, derive, merge, reason; publish build/ only when everything passed.
    One build of a project at a time: a second one waits for the first. `strict_quotes`: a quote
    whose source text is not available is a violation, not a warning."""
    formats = check_formats(formats)
    with build_lock(paths.build):
        remove_leftovers(paths.build)
        return _build(paths, reason, validate, formats, strict_quotes)


def check_formats(formats: Sequence[str]) -> list[str]:
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ExographError(f"unknown output format {unknown[0]!r}; expected some of: {', '.join(FORMATS)}")
    return [f for f in FORMATS if f in formats]


def _build(paths: ProjectPaths, reason: bool, validate: bool, formats: list[str],
           strict_quotes: bool) -> BuildResult:
    progress("loading records")
    inputs: Signature = {}
    entries = scan(paths, inputs)
    if not entries:
        raise ExographError("no records in data/ (expected YAML files in data/studies/, data/reviews/ and data/sources/); "
                            "build/ is left as it was")
    _ontology_signature(paths, inputs)
    ctx = prepare(paths, entries)
    load_and_check(entries, ctx)
    problems: list[Problem] = []
    if validate:
        problems = _validate(paths, entries, ctx, strict_quotes)
    derived = derived_pieces(entries, ctx, paths if validate else None)  # computed claims are validated too
    keys = [ontology_piece(paths, ctx), *(e.nt_key for e in entries if e.nt_key), *derived]
    appraised, appraisal_inputs = appraisal_pieces(entries, ctx)
    if reason:  # the appraisal's derived facts add no class the reasoner needs
        keys += inferred_pieces(paths, entries, derived, ctx)
    keys += appraised
    outputs = _publish(paths, keys, ctx, formats, inputs)
    _prune(ctx, keys, entries)
    ctx.cache.prune("appraisal", appraisal_inputs)
    return BuildResult(paths, LazyRecords(entries, ctx.cache), problems, outputs)


def _ontology_signature(paths: ProjectPaths, inputs: Signature) -> None:
    """The ontology files' sizes and times, taken before they are read (see scan)."""
    from exograph.graphs import ontology_files
    from exograph.records.files import shown_path

    for path in ontology_files(paths.ontology):
        stat_signature(path, shown_path(path, paths.root), inputs)


def _validate(paths: ProjectPaths, entries: list[Entry], ctx: Context, strict_quotes: bool) -> list[Problem]:
    """The records' problems (warnings and reporting gaps); a violation stops the build."""
    from exograph.validate.quotes import report_unchecked, strict as make_strict

    problems = validate_incrementally(paths, entries, ctx)
    problems = make_strict(problems) if strict_quotes else problems
    report_unchecked(problems, strict_quotes)
    violations = [p for p in problems if p.severity == "Violation"]
    if violations:
        raise RecordError(violations)
    if problems:
        gaps = sum(p.severity == "Info" for p in problems)
        counted = f", {gaps} reporting gap(s)" if gaps else ""
        progress(f"validated: 0 violations, {len(problems) - gaps} warning(s){counted} (`exograph validate` lists them)")
    return problems


def _publish(paths: ProjectPaths, keys: list[str], ctx: Context, formats: list[str], inputs: Signature) -> list[Path]:
    """The store and exports of the pieces `keys`, swapped into build/ — or nothing to do when the
    published graph already is exactly that."""
    if _up_to_date(paths.build, keys, formats):
        refresh_inputs(paths.build, inputs)
        progress("build/ is up to date")
    else:
        lines = read_lines(ctx.cache, keys)
        publish(paths.build, lines, keys, ctx.cache, formats, inputs)
        progress(f"wrote {', '.join(_shown_outputs(formats))} ({len(lines)} triples)")
    return [paths.build / "store", *(paths.build / FORMATS[kind] for kind in formats)]


def _shown_outputs(formats: list[str]) -> list[str]:
    return ["build/store", *(f"build/{FORMATS[kind]}" for kind in formats)]


def _up_to_date(build_dir: Path, keys: list[str], formats: list[str]) -> bool:
    """The published graph holds exactly these pieces in these formats, and its files are untouched."""
    folder = published_folder(build_dir)
    manifest = Manifest.read(folder) if folder else None
    if folder is None or manifest is None or manifest.pieces != keys or manifest.formats != formats:
        return False
    now: Signature = {}
    for name in manifest.outputs:
        stat_signature(folder / name, name, now)
    return now == manifest.outputs and (folder / "store").is_dir()


def _prune(ctx: Context, keys: list[str], entries: list[Entry]) -> None:
    """Forget what this build did not use, so the cache holds one generation (only once the build
    succeeded: a failed build leaves every entry it found)."""
    cache = ctx.cache
    if ctx.valid_keys is not None:
        cache.prune("valid", ctx.valid_keys)
    if ctx.reason_keys is not None:
        cache.prune("reason", ctx.reason_keys)
    # a realization kept in "reason" keeps its memberships piece (a later build may combine it again),
    # also when this build used a re-realization instead or did not reason at all
    realized = _realization_pieces(cache, ctx.reason_keys)
    for kind in PIECE_KINDS:
        cache.prune(kind, set(keys) | realized)
    cache.prune("facts", {e.nt_key for e in entries if e.nt_key})
    cache.prune("meta", {e.file_key for e in entries})
    cache.prune("record", {e.file_key for e in entries})


def _realization_pieces(cache: RecordCache, reason_keys: set[str] | None) -> set[str]:
    """The memberships pieces of the realizations the reason cache keeps (all of them when this build
    did not reason and so leaves that cache as it was)."""
    if reason_keys is not None:
        return {f"inferred-{key}" for key in reason_keys}
    folder = cache.folder / "nt"
    return {p.name for p in folder.glob("inferred-*")} if folder.is_dir() else set()


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

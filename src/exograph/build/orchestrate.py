"""The build, from curated files to build/: scan → convert (changed records only, in the pool) →
validate (incrementally) → derive claims (per review) → appraise (per record, per body of evidence) →
reason → write build/.

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
from exograph.build.convert import Entry, cached_record, load_and_check, prepare, scan
from exograph.build.derive import derived_pieces
from exograph.build.graph import load_graph
from exograph.build.pieces import PIECE_KINDS
from exograph.build.reasoning import inferred_piece, ontology_piece
from exograph.build.validation import validate_incrementally
from exograph.build.writer import OUTPUT_NT, write_outputs
from exograph.errors import Problem, RecordError
from exograph.paths import ProjectPaths
from exograph.progress import progress

if TYPE_CHECKING:
    from rdflib import Graph

    from exograph.records.load import LoadedRecord


@dataclass
class BuildResult:
    graph: Graph
    records: Sequence[LoadedRecord]
    problems: list[Problem] = field(default_factory=list)
    outputs: list[Path] = field(default_factory=list)


def build(paths: ProjectPaths, *, reason: bool = True, validate: bool = True) -> BuildResult:
    """Load, convert, validate, derive, merge, reason; write build/ only when everything passed."""
    progress("loading records")
    entries = scan(paths)
    ctx = prepare(paths, entries)
    load_and_check(entries, ctx)
    if validate:
        problems = validate_incrementally(paths, entries, ctx)
        violations = [p for p in problems if p.severity == "Violation"]
        if violations:
            raise RecordError(violations)
        if problems:
            progress(f"validated: 0 violations, {len(problems)} warning(s) (`exograph validate` lists them)")
    derived = derived_pieces(entries, ctx, paths if validate else None)  # computed claims are validated too
    keys = [ontology_piece(paths, ctx), *(e.nt_key for e in entries if e.nt_key), *derived]
    appraised, appraisal_inputs = appraisal_pieces(entries, ctx)
    if reason:
        keys.append(inferred_piece(keys, ctx))  # derived facts add no class the reasoner needs
    keys += appraised
    outputs = write_outputs(paths, keys, ctx.cache)
    _prune(ctx.cache, keys, entries)
    ctx.cache.prune("appraisal", appraisal_inputs)
    return BuildResult(load_graph(paths.build / OUTPUT_NT), LazyRecords(entries, ctx.cache), outputs=outputs)


def _prune(cache: RecordCache, keys: list[str], entries: list[Entry]) -> None:
    """Forget what this build did not use, so the cache holds one generation."""
    for kind in PIECE_KINDS:
        cache.prune(kind, set(keys))
    cache.prune("facts", {e.nt_key for e in entries if e.nt_key})
    cache.prune("meta", {e.file_key for e in entries})
    cache.prune("record", {e.file_key for e in entries})


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

"""The appraisal in the build: each record's derived facts (statistical checks, EV product quality,
normalised doses) computed when the record changes, and the bodies of evidence (certainty, vote counts,
pooling) over every study's cached inputs, computed when any study changes. Keys hash the appraisal's
code and the record's conversion key, so an edit to either recomputes exactly what depends on it."""

from __future__ import annotations

import pickle

from exograph.build.cache import code_key
from exograph.build.convert import PARALLEL_MIN_JOBS, Context, Entry, cached_record
from exograph.build.pieces import write_piece
from exograph.build.pool import pooled_chunks, shared_state
from exograph.fingerprint import digest
from exograph.progress import progress

APPRAISAL_MODULES = ("exograph.appraisal", "exograph.build.pieces", "exograph.formatting")  # effect texts


def _record_key(code: str, entry: Entry) -> str:
    return digest(code, entry.nt_key or "")


def _appraise(entry: Entry, key: str, ctx: Context) -> None:
    from exograph.appraisal.graph import record_appraisal

    inputs, triples = record_appraisal(cached_record(entry, ctx.cache).record)
    ctx.cache.write("appraisal", key, pickle.dumps(inputs, protocol=pickle.HIGHEST_PROTOCOL))
    write_piece(ctx.cache, f"appraisal-{key}", triples)


def _appraise_chunk(indices: range) -> list[None]:
    state = shared_state()
    return [_appraise(state["jobs"][i], state["keys"][i], state["ctx"]) for i in indices]


def _appraise_all(jobs: list[Entry], keys: list[str], ctx: Context) -> None:
    """Appraise the changed records, in the pool when there are many (each writes its own cache entries)."""
    if len(jobs) < PARALLEL_MIN_JOBS:
        for entry, key in zip(jobs, keys):
            _appraise(entry, key, ctx)
    else:
        pooled_chunks(_appraise_chunk, len(jobs), {"jobs": jobs, "keys": keys, "ctx": ctx})


def appraisal_pieces(entries: list[Entry], ctx: Context) -> tuple[list[str], set[str]]:
    """The cache keys of every record's appraisal piece and of the bodies piece (computing what changed),
    and the keys of the cached inputs this build used."""
    code = code_key(APPRAISAL_MODULES)
    records = [e for e in entries if e.nt_key and e.kind in ("study", "review")]  # source records state no evidence
    keys = {e.nt_key: _record_key(code, e) for e in records}
    stale = [e for e in records if not (ctx.cache.path("appraisal", keys[e.nt_key]).exists()
                                        and ctx.cache.path("nt", f"appraisal-{keys[e.nt_key]}").exists())]
    if stale:
        progress(f"appraising {len(stale)} record(s)")
        _appraise_all(stale, [keys[e.nt_key] for e in stale], ctx)
    study_keys = sorted(keys[e.nt_key] for e in records if e.kind == "study")
    bodies = f"appraisal-bodies-{digest(code, *study_keys)}"
    if not ctx.cache.path("nt", bodies).exists():
        write_piece(ctx.cache, bodies, _bodies_piece(study_keys, ctx))
    return [*(f"appraisal-{keys[e.nt_key]}" for e in records), bodies], set(keys.values())


def _bodies_piece(study_keys: list[str], ctx: Context):  # noqa: ANN202 - the bodies' triples
    from exograph.appraisal.graph import bodies_triples

    inputs = []
    for key in study_keys:
        data = ctx.cache.read("appraisal", key)
        assert data is not None, f"no cached appraisal inputs {key}"  # written above when missing
        inputs.append(pickle.loads(data))
    progress(f"rating the certainty of the bodies of evidence over {len(inputs)} studies")
    return bodies_triples(inputs)

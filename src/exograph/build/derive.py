"""Derived claims, per review: totals, counts and ranges computed from a review's study records stand
beside what the review states. A review's claims read only its own records' cached facts, so they are
computed again only for reviews whose records changed."""

from __future__ import annotations

import pickle

from exograph.build.cache import code_key
from exograph.build.convert import Context, Entry
from exograph.build.pieces import Piece, piece_of_graph, write_piece
from exograph.fingerprint import digest
from exograph.progress import progress


def review_groups(entries: list[Entry]) -> dict[str, list[Entry]]:
    """Each review id with its record (when there is one) and the records of its studies: all that
    the review's derived claims depend on."""
    groups: dict[str, list[Entry]] = {}
    for entry in entries:
        if entry.meta and entry.kind == "review":
            groups.setdefault(entry.meta["id"], []).insert(0, entry)
    for entry in entries:
        if entry.meta and entry.kind == "study":
            groups.setdefault(entry.meta["review"], []).append(entry)
    return {review: members for review, members in groups.items() if any(m.kind == "study" for m in members)}


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
    """The cache keys of every review's derived claims, computing those whose records changed."""
    code = code_key(("exograph.records.derived", "exograph.records.index", "exograph.build.pieces"))
    groups = review_groups(entries)
    keys = {review: digest(code, *(m.nt_key or "" for m in members)) for review, members in sorted(groups.items())}
    stale = [review for review, key in keys.items() if not ctx.cache.path("nt", f"derived-{key}").exists()]
    if stale:
        progress(f"deriving claims of {len(stale)} review(s)")
    for review in stale:
        write_piece(ctx.cache, f"derived-{keys[review]}", _derive(review, groups[review], ctx))
    return [f"derived-{key}" for key in keys.values()]

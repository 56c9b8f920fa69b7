"""Derived claims, per review: totals, counts and ranges computed from a review's study records stand
beside what the review states. A review's claims read only its own records' cached facts, so they are
computed again only for reviews whose records changed."""

from __future__ import annotations

import pickle
from typing import TYPE_CHECKING, Any

from exograph.build.cache import code_key
from exograph.build.convert import Context, Entry
from exograph.build.pieces import write_piece
from exograph.fingerprint import digest
from exograph.paths import ProjectPaths
from exograph.progress import progress

if TYPE_CHECKING:
    from rdflib import Graph


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


def _derive(review: str, members: list[Entry], ctx: Context, paths: ProjectPaths | None) -> Graph:
    """A review's computed claims from the facts its records' conversions cached (no graph is read);
    validated against shapes/ unless `paths` is None (a build without validation)."""
    from rdflib import Graph

    from exograph.records.derived import emit_review_claims
    from exograph.records.iri import record_ref
    from exograph.vocab import EXO

    facts: dict[str, list] = {"study": [], "review": []}
    for member in members:
        data = ctx.cache.read("facts", member.nt_key)
        assert data is not None, f"no cached facts for {member.rel_path}"  # from_cache checked they exist
        facts[member.kind].append(pickle.loads(data))
    out = Graph()
    stated = facts["review"][0] if facts["review"] else {}
    review_iri = record_ref("review", review).iri
    emit_review_claims(out, review_iri, facts["study"], stated)
    if paths is not None:
        _check(paths, out, [(review_iri, EXO.SystematicReview), *((f.iri, EXO.Study) for f in facts["study"])])
    return out


def _check(paths: ProjectPaths, claims: Any, inputs: list) -> None:
    """Computed claims are published: a violation of shapes/ stops the build as a record's would."""
    from exograph.errors import RecordError
    from exograph.validate.shacl import validate_computed_claims

    violations = [p for p in validate_computed_claims(paths, claims, inputs) if p.severity == "Violation"]
    if violations:
        raise RecordError(violations)


def derived_pieces(entries: list[Entry], ctx: Context, paths: ProjectPaths | None = None) -> list[str]:
    """The cache keys of every review's derived claims, computing those whose records changed;
    validated against shapes/ when `paths` is given (then the shapes and validator are in the key)."""
    from exograph.build.validation import validator_fingerprint

    code = code_key(("exograph.records.derived", "exograph.records.index", "exograph.build.pieces"))
    checked = validator_fingerprint(paths) if paths is not None else "unchecked"
    groups = review_groups(entries)
    keys = {review: digest(code, checked, *(m.nt_key or "" for m in members)) for review, members in sorted(groups.items())}
    stale = [review for review, key in keys.items() if not ctx.cache.path("nt", f"derived-{key}").exists()]
    if stale:
        progress(f"deriving claims of {len(stale)} review(s)")
    for review in stale:
        write_piece(ctx.cache, f"derived-{keys[review]}", _derive(review, groups[review], ctx, paths))
    return [f"derived-{key}" for key in keys.values()]

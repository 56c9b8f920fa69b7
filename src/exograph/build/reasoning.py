"""The build's reasoning stage: the ontology as a piece; the class memberships each record's triples
imply, realized record by record in the worker pool and cached by the record's triples and the
ontology; the cross-record pass over what records share (exograph.ontology.records).

HermiT classifies the ontology once per change of its files (cached under build/cache/tbox/); a
record is realized again only when its triples, the ontology or the reasoner's code change. An
inconsistent record stops the build with the axioms it breaks, its file and its fields.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from exograph.build.cache import code_key
from exograph.build.convert import PARALLEL_MIN_JOBS, Context, Entry
from exograph.build.pieces import write_piece
from exograph.build.pool import pooled_chunks, shared_state
from exograph.errors import ExographError
from exograph.fingerprint import digest, files_fingerprint
from exograph.ontology.classify import REASONER_MODULES
from exograph.paths import ProjectPaths
from exograph.progress import progress

if TYPE_CHECKING:
    from exograph.ontology.classify import Ontology
    from exograph.ontology.records import UnitResult

REASONING_MODULES = (*REASONER_MODULES, "exograph.build.reasoning", "exograph.build.pieces")


def ontology_piece(paths: ProjectPaths, ctx: Context) -> str:
    """The cache key of the ontology and its imports, parsed by rdflib once per change of their files."""
    from exograph.graphs import ontology_files, ontology_graph

    key = "ontology-" + digest(files_fingerprint(ontology_files(paths.ontology)),
                               code_key(("exograph.graphs", "exograph.build.pieces")))
    if not ctx.cache.path("nt", key).exists():
        write_piece(ctx.cache, key, ontology_graph(paths))
    return key


@dataclass(frozen=True)
class Unit:
    """One piece the reasoner realizes alone: a record's triples, or a review's computed claims."""

    piece: str  # the cache key of its triples
    owner: tuple[str, str] | None  # (kind, id) of its record; None: it owns no individual
    key: str  # the cache key of its realization


def inferred_pieces(paths: ProjectPaths, entries: list[Entry], derived: list[str], ctx: Context) -> list[str]:
    """The keys of the pieces holding the inferred memberships (one per record that has some, one for
    what records share), realizing the records whose triples or ontology changed."""
    from exograph.ontology.classify import load_ontology
    from exograph.ontology.per_record import cache_folder

    ontology = load_ontology(paths.ontology, paths.root, cache_folder(paths))
    ctx.cache.prune("tbox", {ontology.key})
    if not ontology.consistent:
        raise ExographError("the ontology and its imports are inconsistent without any data (HermiT); "
                            "check the axioms of ontology/exograph.ttl")
    code = code_key(REASONING_MODULES)
    units = [Unit(e.nt_key, (e.kind, e.meta["id"]), digest(code, ontology.key, e.nt_key))
             for e in entries if e.nt_key and e.meta]
    units += [Unit(piece, None, digest(code, ontology.key, piece)) for piece in derived]
    cross_key = "inferred-cross-" + digest(*(u.key for u in units))
    ctx.reason_keys = {u.key for u in units} | {cross_key}
    known = ctx.cache.read_json("reason", cross_key)
    if known is not None and all(ctx.piece_path("nt", piece).exists() for piece in known):
        return known
    stale = [u for u in units if _cached_result(u.key, ctx) is None]
    if stale:
        progress(f"reasoning over {len(stale)} changed record(s) or review claim set(s) of {len(units)}")
        _realize_all(stale, ontology, ctx)
    pieces = _combine(paths, units, ontology, ctx)
    ctx.cache.write_json("reason", cross_key, pieces)
    return pieces


def _cached_result(key: str, ctx: Context) -> dict | None:
    """The realization if it is cached whole: its result, and its memberships' piece when it has some.
    A build without reasoning prunes the pieces it does not publish, the inferred ones included, and
    keeps the results: such a result counts as not realized."""
    result = ctx.cache.read_json("reason", key)
    if result is None or (result["memberships"] and not ctx.piece_path("nt", f"inferred-{key}").exists()):
        return None
    return result


def _realize(unit: Unit, ontology: Ontology, ctx: Context, seeds: dict | None = None, expose: list | tuple = (),
             key: str | None = None) -> UnitResult:
    """Realize one unit from its cached triples and cache what it found (its memberships as a piece)."""
    from exograph.ontology.records import parse_ntriples, reason_unit

    triples = parse_ntriples(ctx.piece_path("nt", unit.piece).read_bytes(), ontology.compiled)
    result = reason_unit(triples, unit.owner, ontology.compiled, ontology.individual_triples, seeds, expose)
    key = key or unit.key
    # the piece is named by what it is made from: one already there holds these very lines
    if result.memberships and not ctx.piece_path("nt", f"inferred-{key}").exists():
        write_piece(ctx.cache, f"inferred-{key}", _membership_triples(result.memberships))
    ctx.cache.write_json("reason", key, result.as_json())
    return result


def _realize_chunk(indices: range) -> list[None]:
    state = shared_state()
    for i in indices:
        _realize(state["units"][i], state["ontology"], state["ctx"])
    return []


def _realize_all(units: list[Unit], ontology: Ontology, ctx: Context) -> None:
    if len(units) < PARALLEL_MIN_JOBS:
        for unit in units:
            _realize(unit, ontology, ctx)
    else:
        pooled_chunks(_realize_chunk, len(units), {"units": units, "ontology": ontology, "ctx": ctx})


def _combine(paths: ProjectPaths, units: list[Unit], ontology: Ontology, ctx: Context) -> list[str]:
    """The cross-record pass over the cached realizations; the keys of the membership pieces."""
    from exograph.ontology.records import UnitResult, combine

    by_piece = {u.piece: u for u in units}
    results = {u.piece: UnitResult.from_json(ctx.cache.read_json("reason", u.key)) for u in units}
    keys = {u.piece: u.key for u in units}

    def rerun(piece: str, seeds: dict, expose: list) -> UnitResult:
        key = keys[piece] = digest(by_piece[piece].key, json.dumps(seeds, sort_keys=True), *expose)
        ctx.reason_keys.add(key)
        known = _cached_result(key, ctx)  # an earlier build's pass realized it with the same seeds
        if known is not None:
            return UnitResult.from_json(known)
        return _realize(by_piece[piece], ontology, ctx, seeds, expose, key)

    combined = combine(results, {u.piece: u.owner for u in units}, ontology.compiled, rerun)
    if combined.clash is not None:
        raise ExographError(f"the graph is inconsistent:\n{_explain(paths, combined, ontology, ctx)}")
    pieces = [f"inferred-{keys[p]}" for p, r in sorted(combined.results.items()) if r.memberships]
    if combined.memberships:
        cross = _membership_triples(combined.memberships)
        key = "inferred-shared-" + digest(*(f"{s} {c}" for s, _, c in cross))
        write_piece(ctx.cache, key, cross)
        pieces.append(key)
    return pieces


def _membership_triples(memberships: list[tuple[str, str]]) -> list[tuple]:
    from rdflib import URIRef
    from rdflib.namespace import RDF

    return [(URIRef(individual), RDF.type, URIRef(cls)) for individual, cls in memberships]


def _explain(paths: ProjectPaths, combined, ontology: Ontology, ctx: Context) -> str:  # noqa: ANN001
    """The axioms the inconsistent records break, by file and field (only built when a build fails)."""
    from rdflib import Graph

    from exograph.graphs import ontology_graph
    from exograph.ontology.per_record import explain_records
    from exograph.ontology.reason import Namer, explanation_text

    tbox = ontology_graph(paths)
    abox = Graph()
    for piece in combined.clash_units:
        abox.parse(ctx.piece_path("nt", piece), format="nt")
    full = Graph()
    full += tbox
    full += abox
    return explanation_text(explain_records(ontology, tbox, abox, Namer(full), combined.clash))

"""Reasoning record by record, then across records.

A *unit* is the triples of one record (or of one review's computed claims). Each unit is realized
alone (realize.py) — in the build's worker pool, cached by the unit's triples and the ontology — and
says what other units may need: the classes of its *exposed* individuals (its record's own IRI, and
every individual of another record, a document or an ontology individual it mentions) and the values
that link them through a property other rules read (existential restrictions, functional and
max-cardinality properties).

The cross-record pass (`combine`) merges those views and closes them once more under the ontology
with the linking values. Where an individual ends up with classes a unit did not know, that unit is
realized again with them as seeds, until nothing grows: the result is the closure of all units
together, the memberships whole-graph HermiT infers. Records share few individuals, so the pass is
small; on the curated data and the synthetic sets it adds nothing (tested).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Iterable

from exograph.ontology.axioms import Compiled
from exograph.ontology.datatypes import Literal
from exograph.ontology.realize import RDF_TYPE, Clash, ReasoningLimit, realize
from exograph.records.iri import parse_data_iri
from exograph.vocab import EXD, EXO

DATA = str(EXD)
LOCAL = str(EXO)
Triple = tuple[str, str, object]


# ---- reading a unit's triples ------------------------------------------------------------------------


# a line of N-Triples with an IRI subject: (subject, predicate, object as written). One regular
# expression over the whole piece splits every line in C, where splitting line by line in Python cost
# more than realizing the record
_LINE = re.compile(r"^<([^>]*)> <([^>]*)> (.*\S)[ \t]*\.[ \t\r]*$", re.MULTILINE)


def parse_ntriples(data: bytes, ontology: Compiled) -> list[Triple]:
    """The triples of sorted N-Triples lines that carry OWL meaning for the reasoner: class assertions,
    object-property values and datatype-property values (literals unescaped)."""
    found: list[Triple] = []
    objects, literals = ontology.object_properties, ontology.data_properties
    for subject, predicate, rest in _LINE.findall(data.decode("utf-8")):
        if rest.startswith("<"):
            if predicate == RDF_TYPE or predicate in objects or predicate in literals:
                found.append((subject, predicate, rest[1:-1]))
        elif rest.startswith('"') and predicate in literals:
            found.append((subject, predicate, _literal(rest)))
    return found


def _literal(text: str) -> Literal:
    close = text.rindex('"')
    lexical, suffix = text[1:close], text[close + 1:]
    if "\\" in lexical:
        lexical = lexical.encode("latin-1", "backslashreplace").decode("unicode_escape") if lexical.isascii() \
            else _unescape(lexical)
    if suffix.startswith("^^<"):
        return Literal(lexical, suffix[3:-1])
    if suffix.startswith("@"):
        return Literal(lexical, None, suffix[1:])
    return Literal(lexical)


def _unescape(text: str) -> str:
    import json

    return json.loads('"' + text.replace('"', '\\"').replace('\\\\"', '\\"') + '"')


# ---- one unit ---------------------------------------------------------------------------------------


@dataclass
class UnitResult:
    """What one unit's realization gives the build and the cross-record pass (JSON-friendly)."""

    consistent: bool
    clash: dict | None = None
    memberships: list[tuple[str, str]] = field(default_factory=list)  # of its own, unexposed individuals
    views: dict[str, list[str]] = field(default_factory=dict)  # exposed individuals (and link ends) → classes
    asserted: dict[str, list[str]] = field(default_factory=dict)  # exposed individuals → asserted classes
    exposed: list[str] = field(default_factory=list)
    links: list[tuple[str, str, str]] = field(default_factory=list)

    def as_json(self) -> dict:
        return self.__dict__

    @classmethod
    def from_json(cls, data: dict) -> "UnitResult":
        return cls(data["consistent"], data["clash"], [tuple(m) for m in data["memberships"]], data["views"],
                   data["asserted"], data["exposed"], [tuple(t) for t in data["links"]])


def owner_of(individual: str) -> tuple[str, str] | None:
    parsed = parse_data_iri(individual)
    return (parsed[0], parsed[1]) if parsed else None


def is_exposed(individual: str, owner: tuple[str, str] | None) -> bool:
    """Can another unit mention it? Anything not of this unit's record, and the record's own IRI."""
    if owner is None:
        return True
    parsed = parse_data_iri(individual)
    return parsed is None or (parsed[0], parsed[1]) != owner or parsed[2] == ""


def has_owl_meaning(triple: Triple, ontology: Compiled) -> bool:
    """Whether whole-graph HermiT is given this data triple too (reason.reasoning_input): a class
    assertion with a declared class, an object-property value that is a data individual or one of the
    ontology's named individuals (not a class IRI: OWL 2 punning), a datatype-property literal. Both
    paths must see the same facts for their memberships to be comparable."""
    s, p, o = triple
    if p == RDF_TYPE:
        return o in ontology.classes
    if p in ontology.object_properties:
        return isinstance(o, str) and (o.startswith(DATA) or o in ontology.named_individuals)
    return p in ontology.data_properties and isinstance(o, Literal)


def asserted_types(triples: Iterable[Triple], ontology: Compiled) -> dict[str, set[str]]:
    """Class assertions with declared classes — defined classes left out: a built graph already holds
    the memberships a previous run inferred, and the records never assert them."""
    found: dict[str, set[str]] = {}
    for s, p, o in triples:
        if p == RDF_TYPE and o in ontology.classes and o not in ontology.defined:
            found.setdefault(s, set()).add(o)  # type: ignore[arg-type]
    return found


def inferred_classes(types: set[str], asserted: Iterable[str], ontology: Compiled) -> list[str]:
    """The exograph classes an individual is in that its asserted classes do not already imply."""
    known: set[str] = set()
    for cls in asserted:
        known |= ontology.ancestors_of(cls)
    return sorted(c for c in types if c.startswith(LOCAL) and c not in known)


def reason_unit(triples: list[Triple], owner: tuple[str, str] | None, ontology: Compiled,
                individual_triples: list[Triple], seeds: dict[str, list[str]] | None = None,
                expose: Iterable[str] = (), ignore_disjointness: bool = False) -> UnitResult:
    """Realize one unit (with the ontology's own individuals and `seeds`) and split what it found
    into its own memberships and what the cross-record pass needs."""
    triples = [t for t in triples if has_owl_meaning(t, ontology) and not (t[1] == RDF_TYPE and t[2] in ontology.defined)]
    result = realize(ontology, [*individual_triples, *triples], seeds, ignore_disjointness=ignore_disjointness)
    if not result.consistent:
        return UnitResult(False, clash_json(result.clash))  # type: ignore[arg-type]
    asserted = asserted_types(triples, ontology)
    extra = set(expose)
    mentioned = {t[0] for t in triples} | {t[2] for t in triples if isinstance(t[2], str) and t[1] != RDF_TYPE}
    # `expose` names individuals of this record that another unit mentions (a review's computed claims
    # about the review's own nodes): exposed even when this unit holds no fact about them, so that the
    # cross-record pass does not ask again
    exposed = sorted({i for i in mentioned if is_exposed(i, owner)} | extra)
    exposed_set = set(exposed)
    links = sorted({(s, p, o) for s, p, o in triples if p in ontology.linking and isinstance(o, str)
                    and (s in exposed_set or o in exposed_set)})
    ends = exposed_set | {s for s, _, _ in links} | {o for _, _, o in links}
    unit = UnitResult(True, exposed=exposed, links=links)  # type: ignore[arg-type]
    unit.views = {i: sorted(result.types.get(i, ())) for i in sorted(ends) if i in result.types}
    unit.asserted = {i: sorted(asserted[i]) for i in exposed if i in asserted}
    for individual in sorted(asserted):
        if individual not in exposed_set:
            for cls in inferred_classes(result.types.get(individual, set()), asserted[individual], ontology):
                unit.memberships.append((individual, cls))
    return unit


def clash_json(clash: Clash) -> dict:
    return {"kind": clash.kind, "axiom": clash.axiom, "individuals": list(clash.individuals), "detail": clash.detail}


# ---- across units -------------------------------------------------------------------------------------


@dataclass
class Combined:
    """The cross-record pass: memberships of exposed individuals, the units realized again (with the
    seeds and exposures they were given), and the clash if the units together are inconsistent."""

    memberships: list[tuple[str, str]]
    results: dict[str, UnitResult]
    clash: dict | None = None
    clash_units: list[str] = field(default_factory=list)


Rerun = Callable[[str, dict[str, list[str]], list[str]], UnitResult]


def combine(results: dict[str, UnitResult], owners: dict[str, tuple[str, str] | None], ontology: Compiled,
            rerun: Rerun) -> Combined:
    """Close the units' views together; realize again every unit whose individuals grew (`rerun(unit,
    seeds, expose)`), until nothing grows."""
    results = dict(results)
    seeds: dict[str, dict[str, list[str]]] = {u: {} for u in results}
    exposes: dict[str, set[str]] = {u: set() for u in results}
    unit_of_owner = {owner: unit for unit, owner in owners.items() if owner is not None}
    while True:
        bad = [u for u, r in results.items() if not r.consistent]  # first: an inconsistent unit exposes nothing
        if bad:
            return Combined([], results, results[bad[0]].clash, bad)
        late = _exposed_late(results, owners, unit_of_owner)
        if late:
            for unit, individuals in late.items():
                exposes[unit] |= individuals
                results[unit] = rerun(unit, seeds[unit], sorted(exposes[unit]))
            continue
        views: dict[str, set[str]] = {}
        links: set[tuple[str, str, str]] = set()
        for result in results.values():
            for individual, classes in result.views.items():
                views.setdefault(individual, set()).update(classes)
            links.update(result.links)
        closed = realize(ontology, sorted(links), views)
        if not closed.consistent:
            involved = sorted(u for u, r in results.items() if set(r.views) & set(closed.clash.individuals))  # type: ignore[union-attr]
            return Combined([], results, clash_json(closed.clash), involved)  # type: ignore[arg-type]
        if closed.same:
            raise ReasoningLimit("values of a functional property in different records name the same individual "
                                 f"({', '.join(sorted(closed.same))}): equality across records is not implemented")
        grown = _grown(results, closed.types)
        if not grown:
            return Combined(_exposed_memberships(results, closed.types, ontology), results)
        for unit, individuals in grown.items():
            again = False
            for individual in individuals:
                seeds[unit][individual] = sorted(closed.types[individual])
                added = closed.types[individual] - set(results[unit].views[individual])
                again = again or any(_reaches_back(cls, ontology) for cls in added)
                results[unit].views[individual] = seeds[unit][individual]
            if again:
                results[unit] = rerun(unit, seeds[unit], sorted(exposes[unit]))


def _reaches_back(cls: str, ontology: Compiled) -> bool:
    """Can a class an individual gains from other records change what its unit infers about the unit's
    own individuals? Only as the filler of an existential a neighbour may now meet, a max-cardinality
    that merges values, or a union or existential whose cases or witnesses meet the unit's facts. Any
    other class (a document's prov:Entity, a study's design ancestors) only adds to the individual
    itself, whose classes the cross-record pass has already closed: its unit is not realized again."""
    o = ontology
    return (cls in o.by_filler or cls in o.max_cardinality or cls in o.unions or cls in o.somes or cls in o.data_somes
            or cls in o.unsatisfiable)


def _exposed_late(results: dict[str, UnitResult], owners: dict, unit_of_owner: dict) -> dict[str, set[str]]:
    """Individuals another unit mentions that their own record's unit did not expose."""
    late: dict[str, set[str]] = {}
    for unit, result in results.items():
        for individual in result.exposed:
            home = unit_of_owner.get(owner_of(individual))
            if home is not None and home != unit and individual not in results[home].exposed:
                late.setdefault(home, set()).add(individual)
    return late


def _grown(results: dict[str, UnitResult], closed: dict[str, set[str]]) -> dict[str, list[str]]:
    grown: dict[str, list[str]] = {}
    for unit, result in results.items():
        for individual, classes in result.views.items():
            if closed.get(individual, set()) - set(classes):
                grown.setdefault(unit, []).append(individual)
    return grown


def _exposed_memberships(results: dict[str, UnitResult], closed: dict[str, set[str]],
                         ontology: Compiled) -> list[tuple[str, str]]:
    asserted: dict[str, set[str]] = {}
    for result in results.values():
        for individual, classes in result.asserted.items():
            asserted.setdefault(individual, set()).update(classes)
    found = []
    for individual in sorted(asserted):
        if individual.startswith(DATA):
            for cls in inferred_classes(closed.get(individual, set()), asserted[individual], ontology):
                found.append((individual, cls))
    return found

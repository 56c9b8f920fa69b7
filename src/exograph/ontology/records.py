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
together, the memberships whole-graph HermiT infers. The closure realizes only the part that can
change (`close_views`: the individuals several units see, and the links that can carry a class to or
from one that grows); the tests compare it with closing every view.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Iterable

from exograph.ontology.axioms import Compiled
from exograph.ontology.datatypes import Literal
from exograph.ontology.realize import RDF_TYPE, Clash, Realization, ReasoningLimit, allows_one_value, realize, rules_of
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
            rerun: Rerun, whole: bool = False) -> Combined:
    """Close the units' views together; realize again every unit whose individuals grew (`rerun(unit,
    seeds, expose)`), until nothing grows. `whole`: close every view, not only the part that can
    change (close_views)."""
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
        closed = close_views(results, ontology, whole)
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


# ---- closing the views: only the part that can change (docs/ontology.md, "The cross-record pass") ------


Link = tuple[str, str, str]


@dataclass
class Views:
    """Every unit's views merged: an individual's classes as all units together know them, which units
    see it, and the unit stating each link (None: several do)."""

    classes: dict[str, set[str]]
    seen_by: dict[str, list[str]]
    links: dict[Link, str | None]

    @classmethod
    def of(cls, results: dict[str, UnitResult]) -> "Views":
        classes: dict[str, set[str]] = {}
        seen_by: dict[str, list[str]] = {}
        links: dict[Link, str | None] = {}
        for unit, result in results.items():
            for individual, known in result.views.items():
                classes.setdefault(individual, set()).update(known)
                seen_by.setdefault(individual, []).append(unit)
            for link in result.links:
                links[link] = unit if links.get(link, unit) == unit else None
        return cls(classes, seen_by, links)


def close_views(results: dict[str, UnitResult], ontology: Compiled, whole: bool = False) -> Realization:
    """The classes of every individual the units' views name, closed together with their links.

    Only the part that can change is realized: individuals several units see, and what a link ties
    to one that grows; everyone else keeps the classes its one unit found (the argument is in
    docs/ontology.md). A clash or a merge found there is reported as the whole closure reports it:
    the whole closure runs then (and with `whole`, the reference the tests compare with)."""
    views = Views.of(results)
    if not whole:
        try:
            part = close_part(views, results, ontology)
        except ReasoningLimit:
            part = None
        if part is not None and part.consistent and not part.same:
            return Realization({**views.classes, **part.types})
    return realize(ontology, sorted(views.links), views.classes)


def close_part(views: Views, results: dict[str, UnitResult], ontology: Compiled) -> Realization:
    """Close the individuals several units see with the links that can carry something new to or from
    them; an individual that grows beyond what its units knew opens all its links; until none grows."""
    shared = {i for i, units in views.seen_by.items() if len(units) > 1}
    several = _several_values(views, ontology)
    grown: set[str] = set()
    while True:
        known = shared | grown
        active = [link for link, unit in views.links.items()
                  if not _skippable(link, unit, known, grown, several, views, results, ontology)]
        part = shared | grown | {s for s, _, _ in active} | {o for _, _, o in active}
        closed = realize(ontology, sorted(active), {i: views.classes[i] for i in sorted(part)})
        if not closed.consistent or closed.same:
            return closed
        more = {i for i in part - grown if closed.types.get(i, set()) != views.classes[i]}
        if not more:
            return closed
        grown |= more


def _skippable(link: Link, unit: str | None, known: set[str], grown: set[str], several: set[Link], views: Views,
               results: dict[str, UnitResult], ontology: Compiled) -> bool:
    """Can leaving this link out change nothing? When its unit alone sees both its ends (its unit has
    closed it with everything they are), or when the one end others see has, for now, exactly the
    classes this unit gave it: nothing grown, no union left open (the cases of a union could meet
    other units' links), and no single-valued property whose values several links give (a merge)."""
    s, _, o = link
    if link in several or unit is None:
        return False
    ends = [e for e in (s, o) if e in known]
    if not ends:
        return True
    if len(ends) == 2 or ends[0] in grown:
        return False
    end = ends[0]
    mine = results[unit].views.get(end)
    return mine is not None and len(mine) == len(views.classes[end]) and not _open_union(views.classes[end], ontology)


def _open_union(classes: set[str], ontology: Compiled) -> bool:
    unions = ontology.unions
    return any(c in unions and not any(d in classes for d in unions[c]) for c in classes)


def _several_values(views: Views, ontology: Compiled) -> set[Link]:
    """Links giving an individual a second value of a property that allows it one (functional, or
    max-cardinality 1 in one of its classes): the values are merged in the closure, so never left out.
    (An individual whose classes grow in the closure has all its links in it anyway.)"""
    single = rules_of(ontology).single_candidates
    values: dict[tuple[str, str], dict[str, list[Link]]] = {}
    for link in views.links:
        s, p, o = link
        for q, reverse in ontology.implied.get(p, ((p, False),)):
            if q in single:
                side, value = (o, s) if reverse else (s, o)
                values.setdefault((side, q), {}).setdefault(value, []).append(link)
    return {link for (side, q), found in values.items() if len(found) > 1 and allows_one_value(ontology, views.classes.get(side, ()), q)
            for group in found.values() for link in group}




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

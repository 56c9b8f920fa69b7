"""Realization of a few records' individuals against the classified ontology: which classes each
individual belongs to, and whether the facts are consistent with the axioms.

The rules are those of the axioms compiled by axioms.py, applied to a fixpoint:
- a class brings every class HermiT classified above it (class expressions included, as proxies);
- a property value brings its property's super-properties and inverses, their domains and ranges;
- `A and B` holds when every conjunct does; `p some F` when a p-value is in F (a data value in the
  data range); an individual in `p some F` with a single allowed p-value (functional property,
  max-cardinality 1) makes that value an F; without one, a witness individual stands for the value
  (so that a witness that cannot exist is found);
- two values of a functional (or max-1) property are the same individual (merged), unless they are
  different named individuals; a functional data property holds one value;
- `A or B`: a disjunct excluded by the other types leaves the rest; when more than one stays open the
  reasoner tries each and keeps the memberships every consistent choice shares.
A clash — disjoint classes, an unsatisfiable class, a value outside a data range, two values where
one is allowed, an exhausted union — makes the facts inconsistent, and is reported with its axiom.
These rules decide every axiom kind axioms.py lets through, so the memberships are HermiT's (the
tests compare them with whole-graph HermiT).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Iterable

from exograph.errors import ExographError
from exograph.ontology.axioms import Compiled
from exograph.ontology.datatypes import Literal

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
MAX_BRANCHES = 256
MAX_WITNESS_DEPTH = 8


class ReasoningLimit(ExographError):
    """The facts need more case analysis than the per-record reasoner does (never silently cut short)."""


@dataclass
class Clash:
    kind: str  # disjoint-classes | unsatisfiable | datatype-range | functional-property | max-cardinality | union
    axiom: str
    individuals: tuple[str, ...]
    detail: str = ""


class _Found(Exception):
    def __init__(self, clash: Clash):
        self.clash = clash


@dataclass
class Realization:
    """The classes of every individual (class-expression proxies included), and the first clash when
    inconsistent."""

    types: dict[str, set[str]]
    clash: Clash | None = None
    same: dict[str, str] = field(default_factory=dict)  # merged individual → the one it was merged into

    @property
    def consistent(self) -> bool:
        return self.clash is None


class Rules:
    """The compiled axioms indexed by what triggers them, built once per ontology (and per worker
    process): realizing a record then looks up one entry per fact instead of testing every axiom kind."""

    def __init__(self, o: Compiled):
        self.o = o
        self.somes_on: dict[str, list[str]] = {}
        for proxy, (prop, _) in o.somes.items():
            self.somes_on.setdefault(prop, []).append(proxy)
        # the properties whose values a later rule reads (functional, max-cardinality, data existentials);
        # a value of any other data property is only checked against the ranges as it comes, not kept
        self.single_candidates = o.functional | {p for rs in o.max_cardinality.values() for p, _, _ in rs}
        self.kept_values = self.single_candidates | {p for p, _ in o.data_somes.values()}
        self._edges: dict[str, tuple] = {}
        self._values: dict[str, tuple] = {}
        # class → (disjoint classes, intersections it is a conjunct of, existentials it fills), only for
        # classes that have any: most ancestors (owl:Thing, prov:Entity, …) trigger nothing
        self.on_class: dict[str, tuple] = {}
        for cls in set(o.disjoint) | set(o.by_conjunct) | set(o.by_filler):
            rule = (tuple(o.disjoint.get(cls, ())), tuple(o.by_conjunct.get(cls, ())), tuple(o.by_filler.get(cls, ())))
            if any(rule):
                self.on_class[cls] = rule
        # classes the sweeps look for, noted per individual as they are added
        self.existential = set(o.somes) | set(o.data_somes)
        self.bounded = {c for c, rs in o.max_cardinality.items() if rs}
        self.unions = set(o.unions)
        self.swept = self.existential | self.bounded | self.unions
        # the classes whose arrival a rule reacts to (the queue holds only those): the rest of an
        # individual's classes are known at once and read where needed
        self.triggering = frozenset(self.swept | set(self.on_class) | o.unsatisfiable)

    def edge_rules(self, p: str) -> tuple:
        """What a value of object property `p` brings, per property it implies: (property, reversed,
        its domains, its ranges, the existentials on it as (proxy, filler))."""
        found = self._edges.get(p)
        if found is None:
            o = self.o
            found = self._edges[p] = tuple(
                (q, reverse, tuple(o.domains.get(q, ())), tuple(o.ranges.get(q, ())),
                 tuple((proxy, o.somes[proxy][1]) for proxy in self.somes_on.get(q, ())))
                for q, reverse in o.implied.get(p, ((p, False),)))
        return found

    def value_rules(self, p: str) -> tuple:
        """What a value of data property `p` brings, per property it implies: (property, whether its
        values are kept, its domains, its data ranges, the data existentials on it)."""
        found = self._values.get(p)
        if found is None:
            o = self.o
            found = self._values[p] = tuple(
                (q, q in self.kept_values, tuple(o.domains.get(q, ())), tuple(o.data_ranges.get(q, ())),
                 tuple(o.by_data_property.get(q, ())))
                for q, _ in o.implied.get(p, ((p, False),)))
        return found


def allows_one_value(o: Compiled, classes: Iterable[str], prop: str) -> bool:
    """May an individual of these classes have one value of `prop` at most (functional, or a
    max-cardinality of 0 or 1 on one of its classes)?"""
    return prop in o.functional or any(p == prop and n <= 1 for c in classes for p, n, _ in o.max_cardinality.get(c, ()))


_RULES: dict[int, Rules] = {}


def rules_of(ontology: Compiled) -> Rules:
    """The ontology's rule index, made on first use in this process."""
    rules = _RULES.get(id(ontology))
    if rules is None or rules.o is not ontology:
        _RULES.clear()  # one ontology per process in practice; do not keep old ones alive
        rules = _RULES[id(ontology)] = Rules(ontology)
    return rules


class State:
    """One record's (or a few records') facts, closed under the rules."""

    def __init__(self, ontology: Compiled, ignore_disjointness: bool = False):
        self.o = ontology
        self.rules = rules_of(ontology)
        self.ignore_disjointness = ignore_disjointness
        self.types: dict[str, set[str]] = {}
        self.out: dict[str, dict[str, set[str]]] = {}
        self.inn: dict[str, dict[str, set[str]]] = {}
        self.values: dict[str, dict[str, list]] = {}
        self.parent: dict[str, str] = {}
        self.queue: list[tuple[str, str]] = []
        self.witnesses: dict[str, int] = {}  # witness → depth
        self.satisfied: set[tuple[str, str]] = set()
        # individual → its classes each sweep looks at (noted as the queue drains, so that a sweep
        # visits those instead of every class of every individual)
        self.existentials: dict[str, set[str]] = {}
        self.bounds: dict[str, set[str]] = {}
        self.in_unions: dict[str, set[str]] = {}

    def __deepcopy__(self, memo: dict) -> "State":
        """A branch of the case analysis: its own facts, the same ontology and rule index."""
        twin = State.__new__(State)
        for name, value in self.__dict__.items():
            twin.__dict__[name] = value if name in ("o", "rules") else copy.deepcopy(value, memo)
        return twin

    # ---- individuals, merged ones through their representative
    def find(self, i: str) -> str:
        while i in self.parent:
            i = self.parent[i]
        return i

    def individual(self, i: str) -> str:
        if self.parent:
            i = self.find(i)
        if i not in self.types:
            self.types[i] = set()
            self.out[i], self.inn[i], self.values[i] = {}, {}, {}
        return i

    # ---- facts
    def add_type(self, i: str, cls: str) -> None:
        """`cls` and every class above it; the new ones that a rule reads wait in the queue."""
        self.add_closed(i, self.o.ancestors.get(cls) or frozenset((cls,)))

    def add_types(self, i: str, classes: Iterable[str]) -> None:
        """Several classes at once (a seed: the classes other records found for an individual)."""
        ancestors = self.o.ancestors
        closed = set().union(*(ancestors.get(c) or (c,) for c in classes))
        if closed:  # no class: the individual stays unknown, as with no seed
            self.add_closed(i, closed)

    def add_closed(self, i: str, classes: set[str] | frozenset[str]) -> None:
        """Classes closed under the hierarchy already: the new ones that a rule reads wait in the queue."""
        i = self.individual(i)
        known = self.types[i]
        if classes <= known:
            return
        new = classes - known
        known |= new
        for a in new & self.rules.triggering:
            self.queue.append((i, a))

    def add_edge(self, s: str, p: str, o: str) -> None:
        for q, reverse, domains, ranges, somes in self.rules.edge_rules(p):
            x, y = (self.individual(o), self.individual(s)) if reverse else (self.individual(s), self.individual(o))
            targets = self.out[x].setdefault(q, set())
            if y in targets:
                continue
            targets.add(y)
            self.inn[y].setdefault(q, set()).add(x)
            for d in domains:
                self.add_type(x, d)
            for r in ranges:
                self.add_type(y, r)
            for proxy, filler in somes:
                if filler in self.types[y]:
                    self.add_type(x, proxy)

    def add_value(self, s: str, p: str, literal: Literal) -> None:
        value = literal.value()
        x = self.individual(s)
        for q, kept, domains, data_ranges, proxies in self.rules.value_rules(p):
            if kept:
                self.values[x].setdefault(q, []).append((value, literal))
            for d in domains:
                self.add_type(x, d)
            for data_range, axiom in data_ranges:
                if not data_range.contains(value):
                    raise _Found(Clash("datatype-range", f"{axiom} {data_range.text}", (x,),
                                       f"value {literal.shown()} is outside the range"))
            for proxy in proxies:
                if self.o.data_somes[proxy][1].contains(value):
                    self.add_type(x, proxy)

    # ---- the fixpoint
    def run(self) -> None:
        while True:
            self._drain()
            if not (self._merge_functional() or self._existentials() or self._unions_forced()):
                return

    def _drain(self) -> None:
        o, rules = self.o, self.rules
        while self.queue:
            i, a = self.queue.pop()
            i = self.find(i)
            if a in o.unsatisfiable:
                raise _Found(Clash("unsatisfiable", f"{a} is unsatisfiable", (i,)))
            if a in rules.swept:
                self._note_swept(i, a)
            rule = rules.on_class.get(a)
            if rule is None:
                continue
            known = self.types[i]
            disjoint, conjunct_of, fills = rule
            if not self.ignore_disjointness:
                for b, axiom in disjoint:
                    if b in known:
                        raise _Found(Clash("disjoint-classes", axiom, (i,), f"it is an instance of {a} and of {b}"))
            for proxy in conjunct_of:
                if proxy not in known and all(c in known for c in o.intersections[proxy]):
                    self.add_type(i, proxy)
            for prop, proxy in fills:
                for x in list(self.inn[i].get(prop, ())):
                    self.add_type(x, proxy)

    def _note_swept(self, i: str, cls: str) -> None:
        rules = self.rules
        if cls in rules.existential:
            self.existentials.setdefault(i, set()).add(cls)
        if cls in rules.bounded:
            self.bounds.setdefault(i, set()).add(cls)
        if cls in rules.unions:
            self.in_unions.setdefault(i, set()).add(cls)

    def _single_valued(self, i: str, prop: str) -> bool:
        return prop in self.rules.single_candidates and allows_one_value(self.o, self.types[i], prop)

    def _merge_functional(self) -> bool:
        """Merge the values of single-valued properties; check max-0 and functional data properties."""
        for i in list(self.types):
            if self.find(i) != i:
                continue
            for c in list(self.bounds.get(i, ())):
                for prop, n, axiom in self.o.max_cardinality.get(c, ()):
                    if n == 0 and (self.out[i].get(prop) or self.values[i].get(prop)):
                        raise _Found(Clash("max-cardinality", axiom, (i,), f"it has a value of {prop}"))
            for prop, targets in list(self.out[i].items()):
                if len(targets) > 1 and self._single_valued(i, prop):
                    self._merge(sorted(targets), prop)
                    return True
            for prop, values in self.values[i].items():
                if len(values) > 1 and len({v for v, _ in values}) > 1 and self._single_valued(i, prop):
                    shown = ", ".join(sorted({lit.shown() for _, lit in values}))
                    raise _Found(Clash("functional-property", f"{prop} is owl:FunctionalProperty", (i,),
                                       f"it has {len({v for v, _ in values})} values: {shown}"))
        return False

    def _merge(self, individuals: list[str], prop: str) -> None:
        named = [i for i in individuals if i in self.o.named_individuals]
        for a_index, a in enumerate(named):
            for b in named[a_index + 1:]:
                if frozenset((a, b)) in self.o.different:
                    raise _Found(Clash("functional-property", f"{prop} is owl:FunctionalProperty",
                                       tuple(individuals), f"its values {a} and {b} are different individuals"))
        keep = named[0] if named else individuals[0]
        for other in individuals:
            other = self.find(other)
            if other == keep:
                continue
            self.parent[other] = keep
            types, out, values = self.types.pop(other), self.out.pop(other), self.values.pop(other)
            inn = self.inn.pop(other)
            for cls in types:
                self.add_type(keep, cls)
            for q, targets in out.items():
                for y in targets:
                    self._relink(keep, q, y)
            for q, sources in inn.items():
                for x in sources:
                    self._relink(x, q, keep)
            for q, vals in values.items():
                self.values[keep].setdefault(q, []).extend(vals)

    def _relink(self, x: str, q: str, y: str) -> None:
        x, y = self.find(x), self.find(y)
        for table in (self.out, self.inn):
            for node in list(table):
                for prop in table[node]:
                    table[node][prop] = {self.find(n) for n in table[node][prop]}
        self.out[x].setdefault(q, set()).add(y)
        self.inn[y].setdefault(q, set()).add(x)

    def _existentials(self) -> bool:
        """`p some F`: satisfied by a value in F, forced onto the single allowed value, or a witness.
        One sweep over every individual (not one rule per fixpoint round: the rounds would then grow
        with the individuals, and the cross-record pass over many records would be quadratic)."""
        o = self.o
        changed = False
        for i in list(self.existentials):
            if self.find(i) != i:
                continue
            for proxy in list(self.existentials[i]):
                if (i, proxy) in self.satisfied:
                    continue
                if proxy in o.data_somes:
                    self._data_existential(i, proxy)
                    self.satisfied.add((i, proxy))
                    continue
                prop, filler = o.somes[proxy]
                targets = self.out[i].get(prop, set())
                if any(filler in self.types[y] for y in targets):
                    continue
                if targets and self._single_valued(i, prop):
                    self.add_type(next(iter(targets)), filler)
                    changed = True
                    continue
                depth = self.witnesses.get(i, 0) + 1
                if depth > MAX_WITNESS_DEPTH:
                    raise ReasoningLimit(f"existential restrictions nest deeper than {MAX_WITNESS_DEPTH} "
                                         f"({o.axioms_text.get(proxy, proxy)}): not implemented")
                witness = f"_:witness-{len(self.witnesses)}-{len(self.types)}"
                self.witnesses[witness] = depth
                self.satisfied.add((i, proxy))
                self.add_edge(i, prop, witness)
                self.add_type(witness, filler)
                changed = True
        return changed

    def _data_existential(self, i: str, proxy: str) -> None:
        prop, data_range = self.o.data_somes[proxy]
        values = self.values[i].get(prop, [])
        if any(data_range.contains(v) for v, _ in values):
            return
        if values and self._single_valued(i, prop):
            _, literal = values[0]
            raise _Found(Clash("datatype-range", f"{self.o.axioms_text.get(proxy, proxy)}", (i,),
                               f"its single {prop} value {literal.shown()} is not in {data_range.text}"))
        members = data_range.members()
        if members is None:
            raise ReasoningLimit(f"whether a value of {data_range.text} exists for {prop} is not decided by the "
                                 "per-record reasoner (only enumerated data ranges are)")
        ranges = [r for r, _ in self.o.data_ranges.get(prop, ())]
        if not any(all(r.contains(v) for r in ranges) for v in members):
            raise _Found(Clash("datatype-range", f"{self.o.axioms_text.get(proxy, proxy)}", (i,),
                               f"no value of {data_range.text} is in the range of {prop}"))

    def open_unions(self) -> list[tuple[str, str, list[str]]]:
        """Individuals in a union none of whose disjuncts they are known to be in: (individual,
        union, the disjuncts not excluded by their other types)."""
        found = []
        for i in list(self.in_unions):
            if self.find(i) != i:
                continue
            known = self.types[i]
            for union in list(self.in_unions[i]):
                disjuncts = self.o.unions[union]
                if any(d in known for d in disjuncts):
                    continue
                found.append((i, union, [d for d in disjuncts if not self._excluded(i, d)]))
        return found

    def _excluded(self, i: str, cls: str) -> bool:
        known = self.types[i]
        for a in self.o.ancestors_of(cls):
            if a in self.o.unsatisfiable:
                return True
            if not self.ignore_disjointness and any(b in known for b, _ in self.o.disjoint.get(a, ())):
                return True
        return False

    def _unions_forced(self) -> bool:
        """A union with one member left brings it (every such union in one sweep)."""
        changed = False
        for i, union, left in self.open_unions():
            if not left:
                raise _Found(Clash("union", self.o.union_axioms.get(union, union), (i,),
                                   "every member of the union is excluded by its other classes"))
            if len(left) == 1:
                self.add_type(i, left[0])
                changed = True
        return changed


# ---- the entry point ------------------------------------------------------------------------------


Triple = tuple[str, str, object]  # (subject, predicate, IRI string or datatypes.Literal)


def realize(ontology: Compiled, triples: Iterable[Triple], seeds: dict[str, Iterable[str]] | None = None,
            *, ignore_disjointness: bool = False) -> Realization:
    """Close `triples` (class assertions, object and data property values; other triples are
    ignored) and `seeds` (classes individuals are already known to have) under the ontology."""
    state = State(ontology, ignore_disjointness)
    try:
        for individual, classes in (seeds or {}).items():
            state.add_types(individual, classes)
        for s, p, o in triples:
            if p == RDF_TYPE:
                if o in ontology.classes:
                    state.add_type(s, o)  # type: ignore[arg-type]
            elif p in ontology.object_properties:
                if isinstance(o, str):
                    state.add_edge(s, p, o)
            elif p in ontology.data_properties and isinstance(o, Literal):
                state.add_value(s, p, o)
        return _solve(state, [0])
    except _Found as found:
        return Realization(_visible(state), found.clash, _same(state))


def _solve(state: State, leaves: list[int]) -> Realization:
    """The fixpoint, then case analysis over the unions left open (each choice in a copy)."""
    state.run()
    open_unions = [u for u in state.open_unions() if len(u[2]) > 1]
    if not open_unions:
        leaves[0] += 1
        if leaves[0] > MAX_BRANCHES:
            raise ReasoningLimit(f"more than {MAX_BRANCHES} combinations of open unions: not implemented")
        return Realization(_visible(state), None, _same(state))
    individual, _, left = open_unions[0]
    results, clashes = [], []
    for choice in left:
        branch = copy.deepcopy(state)
        try:
            branch.add_type(individual, choice)
            result = _solve(branch, leaves)
        except _Found as found:
            clashes.append(found.clash)
            continue
        if result.consistent:
            results.append(result)
        else:
            clashes.append(result.clash)  # type: ignore[arg-type]
    if not results:
        raise _Found(clashes[0])
    shared = {i: set.intersection(*(r.types.get(i, set()) for r in results)) for i in results[0].types}
    return Realization(shared, None, results[0].same)


def _visible(state: State) -> dict[str, set[str]]:
    """Every individual's classes (through its representative); witnesses left out."""
    found = {}
    for i in list(state.types) + list(state.parent):
        if not i.startswith("_:witness"):
            found[i] = set(state.types[state.find(i)])
    return found


def _same(state: State) -> dict[str, str]:
    return {i: state.find(i) for i in state.parent}

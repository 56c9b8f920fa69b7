"""OWL reasoning over ontology + imports + data: `infer(graph)`, record by record by default
(per_record.py: the ontology classified once by HermiT, each record realized against it), or with
`hermit=True` by HermiT over the whole graph — the reference, described here.

`infer(graph, hermit=True)` takes the built graph (ontology, import modules and data merged, as the build makes it)
or a data graph plus `ontology=`. It hands HermiT the ontology and the data triples that carry OWL
meaning — class assertions with declared classes, object-property links between data individuals
(or to the ontology's named individuals) and datatype-property values — as N-Triples (owlready2 reads
no Turtle). Links whose value is a class IRI (exo:indication, exo:unit, exo:hasDesign, ...; OWL 2
punning) and annotation-like triples (labels, quotes, reification) are left out: the individuals
typed with those classes carry the same information.

The result says whether the graph is consistent, which classes are unsatisfiable, and which class
memberships HermiT inferred (as rdf:type triples to merge into the build). When the graph is
inconsistent HermiT says nothing more, so `explain` finds the violated axioms directly (disjoint
classes, functional properties, cardinality and datatype ranges) and, if that finds nothing, runs the
reasoner on each record alone; every problem names the record file and field a curator must fix.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Iterable

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, XSD

from exograph.closure import reachable
from exograph.errors import ExographError
from exograph.records.iri import parse_data_iri
from exograph.vocab import EXD, EXO

ONTOLOGY_IRI = URIRef("https://w3id.org/exograph/ontology")
REASONING_ONTOLOGY = "http://exograph.local/reasoning.owl"


class ReasonerError(ExographError):
    """The reasoner could not run (no Java, a malformed ontology)."""


# ---- results -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Membership:
    """One inferred class membership: `individual` is a member of `cls`."""

    individual: str
    cls: str
    class_label: str
    record_file: str
    field_path: str = ""


@dataclass(frozen=True)
class Violation:
    """One axiom the data breaks, with the individuals (and their record files and fields) involved."""

    kind: str  # disjoint-classes | functional-property | max-cardinality | datatype-range | record
    axiom: str
    where: tuple[str, ...]
    detail: str = ""

    def as_text(self) -> str:
        lines = [f"[{self.kind}] {self.axiom}"]
        lines += [f"    {w}" for w in self.where]
        if self.detail:
            lines.append(f"    {self.detail}")
        return "\n".join(lines)


@dataclass
class InferenceResult:
    consistent: bool
    inferred: Graph
    memberships: list[Membership] = field(default_factory=list)
    unsatisfiable: list[str] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)
    explanation: str = ""
    left_out: int = 0  # data triples not handed to the reasoner (no OWL meaning)

    @property
    def ok(self) -> bool:
        return self.consistent and not self.unsatisfiable


# ---- splitting and filtering ---------------------------------------------------------------------


def _is_data(node) -> bool:
    return isinstance(node, URIRef) and str(node).startswith(str(EXD))


def split_graph(graph: Graph) -> tuple[Graph, Graph]:
    """(TBox: ontology and import modules, ABox: triples about data individuals)."""
    tbox, abox = Graph(), Graph()
    for triple in graph:
        (abox if _is_data(triple[0]) else tbox).add(triple)
    return tbox, abox


@dataclass(frozen=True)
class Declarations:
    classes: frozenset
    object_properties: frozenset
    data_properties: frozenset
    named_individuals: frozenset

    @classmethod
    def of(cls, tbox: Graph) -> "Declarations":
        def typed(kind):
            return frozenset(s for s in tbox.subjects(RDF.type, kind) if isinstance(s, URIRef))

        return cls(typed(OWL.Class) | typed(RDFS.Class), typed(OWL.ObjectProperty), typed(OWL.DatatypeProperty),
                   typed(OWL.NamedIndividual))


def reasoning_input(tbox: Graph, abox: Graph) -> tuple[Graph, int]:
    """The triples HermiT gets: the TBox (without owl:imports, which owlready2 would fetch) and the
    data triples with OWL meaning. Returns the graph and how many data triples were left out."""
    decl = Declarations.of(tbox)
    graph = Graph()
    for triple in tbox:
        if triple[1] != OWL.imports:
            graph.add(triple)
    left_out = 0
    individuals = set()
    for s, p, o in abox:
        if p == RDF.type:
            keep = o in decl.classes
        elif p in decl.object_properties:
            keep = isinstance(o, URIRef) and (_is_data(o) or o in decl.named_individuals)
        elif p in decl.data_properties:
            keep = isinstance(o, Literal)
        else:
            keep = False
        if keep:
            graph.add((s, p, o))
            individuals.add(s)
            if _is_data(o):
                individuals.add(o)
        else:
            left_out += 1
    for individual in individuals:  # OWL 2 wants individuals declared; owlready2 lists only these
        graph.add((individual, RDF.type, OWL.NamedIndividual))
    return graph, left_out


# ---- running HermiT -------------------------------------------------------------------------------


def _load_world(graph: Graph):
    import owlready2

    world = owlready2.World()
    ontology = world.get_ontology(REASONING_ONTOLOGY)
    ontology.load(fileobj=io.BytesIO(graph.serialize(format="nt", encoding="utf-8")), format="ntriples")
    return world, ontology


def run_hermit(graph: Graph, infer_property_values: bool = False):
    """(consistent, world). The world holds the inferred facts when consistent."""
    import owlready2

    world, ontology = _load_world(graph)
    try:
        with ontology:
            owlready2.sync_reasoner_hermit(world, infer_property_values=infer_property_values, debug=0)
    except owlready2.OwlReadyInconsistentOntologyError:
        return False, world
    except (owlready2.OwlReadyJavaError, FileNotFoundError, OSError) as error:
        raise ReasonerError(f"HermiT could not run (is Java installed? owlready2.JAVA_EXE="
                            f"{owlready2.JAVA_EXE!r}): {error}") from error
    return True, world


# ---- naming things for a curator --------------------------------------------------------------------


class Namer:
    """Labels, record files and field paths for the IRIs an explanation mentions."""

    def __init__(self, full: Graph):
        self.full = full
        self._files: dict[tuple[str, str], str] = {}
        for root, path in full.subject_objects(EXO.curatedIn):
            parsed = parse_data_iri(str(root))
            if parsed:
                self._files[(parsed[0], parsed[1])] = str(path)

    def label(self, node) -> str:
        label = self.full.value(node, RDFS.label) if isinstance(node, URIRef) else None
        short = self.short(node)
        return f"'{label}' ({short})" if label else short

    def short(self, node) -> str:
        text = str(node)
        for prefix, namespace in (("exo:", str(EXO)), ("obo:", "http://purl.obolibrary.org/obo/"),
                                  ("exd:", str(EXD))):
            if text.startswith(namespace):
                return prefix + text[len(namespace):]
        return f"<{text}>"

    def record_file(self, individual) -> str:
        parsed = parse_data_iri(str(individual))
        if not parsed:
            return ""
        kind, record_id, _ = parsed
        return self._files.get((kind, record_id), f"data/{kind}s/{record_id}.yaml")

    def field_path(self, individual) -> str:
        value = self.full.value(individual, EXO.fieldPath)
        return str(value) if value is not None else ""

    def where(self, individual) -> str:
        path = self.field_path(individual)
        shown = f", field {path}" if path and path != "(record)" else ""
        return f"{self.record_file(individual)}{shown} — {self.short(individual)}"

    def statements_for(self, individual, value) -> list[str]:
        """The field statements (reified) that put `value` on `individual`: where each was curated."""
        found = []
        for statement in self.full.subjects(RDF.subject, individual):
            if self.full.value(statement, RDF.object) == value:
                path = self.field_path(statement)
                locator = self.full.value(statement, EXO.locator)
                found.append(f"{path}" + (f" (source: {locator})" if locator else ""))
        return sorted(found)


# ---- memberships ----------------------------------------------------------------------------------


def collect_memberships(world, reasoned_input: Graph, namer: Namer) -> tuple[Graph, list[Membership]]:
    """Classes of the exograph namespace each data individual belongs to after reasoning that it was
    not asserted to belong to (directly or through the class hierarchy HermiT computed)."""
    asserted: dict[URIRef, set[URIRef]] = {}
    for s, o in reasoned_input.subject_objects(RDF.type):
        if _is_data(s) and o != OWL.NamedIndividual:
            asserted.setdefault(s, set()).add(o)
    ancestors_of: dict[URIRef, set[URIRef]] = {}

    def ancestors(cls: URIRef) -> set[URIRef]:
        if cls not in ancestors_of:
            entity = world[str(cls)]
            found = {cls}
            if entity is not None and hasattr(entity, "ancestors"):
                found |= {URIRef(a.iri) for a in entity.ancestors() if getattr(a, "iri", None)}
            ancestors_of[cls] = found
        return ancestors_of[cls]

    inferred = Graph()
    memberships = []
    for individual in sorted(asserted):
        entity = world[str(individual)]
        if entity is None:
            continue
        known: set[URIRef] = set()
        for cls in asserted[individual]:
            known |= ancestors(cls)
        now = {URIRef(c.iri) for c in entity.INDIRECT_is_a if getattr(c, "iri", None)}
        for cls in sorted(c for c in now - known if str(c).startswith(str(EXO))):
            inferred.add((individual, RDF.type, cls))
            label = reasoned_input.value(cls, RDFS.label)
            memberships.append(Membership(str(individual), str(cls), str(label or namer.short(cls)),
                                          namer.record_file(individual), namer.field_path(individual)))
    return inferred, memberships


def _superclass_closure(tbox: Graph) -> dict[URIRef, set[URIRef]]:
    """Named superclasses of each named class: rdfs:subClassOf, named equivalents, the named
    conjuncts of an equivalent intersection."""
    parents: dict[URIRef, set[URIRef]] = {}
    for sub, sup in tbox.subject_objects(RDFS.subClassOf):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef):
            parents.setdefault(sub, set()).add(sup)
    for a, b in tbox.subject_objects(OWL.equivalentClass):
        if isinstance(a, URIRef) and isinstance(b, URIRef):
            parents.setdefault(a, set()).add(b)
            parents.setdefault(b, set()).add(a)
        elif isinstance(a, URIRef) and isinstance(b, BNode):
            members = tbox.value(b, OWL.intersectionOf)
            if members is not None:
                for member in Collection(tbox, members):
                    if isinstance(member, URIRef):
                        parents.setdefault(a, set()).add(member)
    for union_class, members in tbox.subject_objects(OWL.disjointUnionOf):
        for member in Collection(tbox, members):
            parents.setdefault(member, set()).add(union_class)
    return {cls: set(reachable(parents[cls], lambda c: parents.get(c, ()))) - {cls} for cls in parents}


# ---- explaining an inconsistency -------------------------------------------------------------------


class Explainer:
    """Direct checks of the axioms HermiT can only say are violated somewhere."""

    def __init__(self, tbox: Graph, abox: Graph, namer: Namer, inferred: Graph | None = None):
        self.tbox, self.abox, self.namer = tbox, abox, namer
        self.decl = Declarations.of(tbox)
        self.superclasses = _superclass_closure(tbox)
        self.types = self._types(inferred)

    def _types(self, inferred: Graph | None) -> dict[URIRef, dict[URIRef, str]]:
        """individual → class → why (asserted, the domain/range of a property it is used with, or
        inferred by the reasoner with the disjointness axioms set aside)."""
        why: dict[URIRef, dict[URIRef, str]] = {}

        def give(individual, cls, reason):
            bucket = why.setdefault(individual, {})
            bucket.setdefault(cls, reason)
            for parent in self.superclasses.get(cls, ()):
                bucket.setdefault(parent, f"{reason}, and {self.namer.short(cls)} is a {self.namer.short(parent)}")

        for s, o in self.abox.subject_objects(RDF.type):
            if o in self.decl.classes:
                give(s, o, "asserted")
        for prop in self.decl.object_properties | self.decl.data_properties:
            domain = self.tbox.value(prop, RDFS.domain)
            range_ = self.tbox.value(prop, RDFS.range)
            for s, o in self.abox.subject_objects(prop):
                if isinstance(domain, URIRef):
                    give(s, domain, f"subject of {self.namer.short(prop)} (domain)")
                if isinstance(range_, URIRef) and prop in self.decl.object_properties and _is_data(o):
                    give(o, range_, f"value of {self.namer.short(prop)} (range)")
        for s, o in (inferred or Graph()).subject_objects(RDF.type):
            give(s, o, f"inferred: it meets the definition of {self.namer.label(o)}")
        return why

    def disjoint_pairs(self) -> list[tuple[URIRef, URIRef, str]]:
        pairs = []
        for a, b in self.tbox.subject_objects(OWL.disjointWith):
            pairs.append((a, b, f"{self.namer.label(a)} owl:disjointWith {self.namer.label(b)}"))
        for node in self.tbox.subjects(RDF.type, OWL.AllDisjointClasses):
            members = [m for m in Collection(self.tbox, self.tbox.value(node, OWL.members))]
            for i, a in enumerate(members):
                for b in members[i + 1:]:
                    pairs.append((a, b, f"AllDisjointClasses(... {self.namer.label(a)}, {self.namer.label(b)} ...)"))
        for union_class, members_node in self.tbox.subject_objects(OWL.disjointUnionOf):
            members = list(Collection(self.tbox, members_node))
            for i, a in enumerate(members):
                for b in members[i + 1:]:
                    pairs.append((a, b, f"{self.namer.label(union_class)} owl:disjointUnionOf "
                                        f"({self.namer.label(a)}, {self.namer.label(b)})"))
        return pairs

    def check_disjoint(self) -> list[Violation]:
        found = []
        for a, b, axiom in self.disjoint_pairs():
            for individual, classes in self.types.items():
                if a in classes and b in classes:
                    found.append(Violation("disjoint-classes", axiom, (self.namer.where(individual),),
                                           f"it is an instance of {self.namer.short(a)} ({self._why(individual, a, classes)}) "
                                           f"and of {self.namer.short(b)} ({self._why(individual, b, classes)})"))
        return found

    def _why(self, individual, cls, classes) -> str:
        reason = classes[cls]
        statements = self.namer.statements_for(individual, cls)
        if reason == "asserted" and statements:
            return "stated in " + "; ".join(statements)
        return reason

    def check_functional(self) -> list[Violation]:
        found = []
        for prop in sorted(self.tbox.subjects(RDF.type, OWL.FunctionalProperty)):
            values: dict[URIRef, set] = {}
            for s, o in self.abox.subject_objects(prop):
                values.setdefault(s, set()).add(o)
            for individual, objects in sorted(values.items()):
                if prop in self.decl.data_properties:
                    distinct = {_value_key(o) for o in objects}
                    clash = len(distinct) > 1
                else:
                    named = {o for o in objects if o in self.decl.named_individuals}
                    clash = len(named) > 1 or (len(objects) > 1 and all(_is_data(o) for o in objects))
                if clash:
                    shown = ", ".join(sorted(self.namer.short(o) if isinstance(o, URIRef) else repr(str(o))
                                             for o in objects))
                    note = ("" if prop in self.decl.data_properties or len(named) > 1 else
                            " (the reasoner must then treat these individuals as one)")
                    found.append(Violation("functional-property",
                                           f"{self.namer.label(prop)} is owl:FunctionalProperty",
                                           (self.namer.where(individual),), f"it has {len(objects)} values: {shown}{note}"))
        return found

    def check_max_cardinality(self) -> list[Violation]:
        found = []
        for cls, restriction in self.tbox.subject_objects(RDFS.subClassOf):
            maximum = self.tbox.value(restriction, OWL.maxCardinality)
            prop = self.tbox.value(restriction, OWL.onProperty)
            if maximum is None or prop is None or not isinstance(cls, URIRef):
                continue
            for individual, classes in sorted(self.types.items()):
                if cls not in classes:
                    continue
                objects = set(self.abox.objects(individual, prop))
                named = {o for o in objects if o in self.decl.named_individuals}
                if len(named) > int(maximum):
                    found.append(Violation("max-cardinality",
                                           f"{self.namer.label(cls)} SubClassOf {self.namer.short(prop)} max {maximum}",
                                           (self.namer.where(individual),),
                                           "values: " + ", ".join(sorted(self.namer.short(o) for o in named))))
        return found

    def check_ranges(self) -> list[Violation]:
        found = []
        for prop in sorted(self.decl.data_properties):
            range_ = self.tbox.value(prop, RDFS.range)
            if range_ is None:
                continue
            for s, o in sorted(self.abox.subject_objects(prop)):
                if isinstance(o, Literal) and not _in_range(self.tbox, range_, o):
                    found.append(Violation("datatype-range",
                                           f"{self.namer.label(prop)} rdfs:range {_range_text(self.tbox, range_, self.namer)}",
                                           (self.namer.where(s),), f"value {_literal_text(o)} is outside the range"))
        return found

    def all(self) -> list[Violation]:
        return self.check_disjoint() + self.check_functional() + self.check_max_cardinality() + self.check_ranges()


def _literal_text(literal: Literal) -> str:
    kind = f" (xsd:{str(literal.datatype).rsplit('#', 1)[-1]})" if literal.datatype else ""
    return f"{str(literal)!r}{kind}" if literal.datatype in (None, XSD.string) else f"{literal}{kind}"


def _value_key(literal) -> object:
    if isinstance(literal, Literal):
        value = literal.toPython()
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            return Decimal(str(value))
        return (str(literal), literal.language)
    return literal


_INTEGER_BOUNDS = {XSD.integer: None, XSD.nonNegativeInteger: 0, XSD.positiveInteger: 1}


def _number(literal: Literal) -> Decimal | None:
    if literal.datatype not in (XSD.integer, XSD.decimal, XSD.nonNegativeInteger, XSD.positiveInteger, XSD.int,
                                XSD.long):
        return None
    try:
        return Decimal(str(literal))
    except InvalidOperation:
        return None


def _in_range(tbox: Graph, range_, literal: Literal) -> bool:
    if isinstance(range_, URIRef):
        if range_ == XSD.string:
            return literal.language is None and literal.datatype in (None, XSD.string)
        if range_ == XSD.boolean:
            return literal.datatype == XSD.boolean
        if range_ == XSD.decimal:
            return _number(literal) is not None
        if range_ in _INTEGER_BOUNDS:
            number = _number(literal)
            low = _INTEGER_BOUNDS[range_]
            return number is not None and number == number.to_integral_value() and (low is None or number >= low)
        return True  # a datatype these checks do not model: leave it to the reasoner
    one_of = tbox.value(range_, OWL.oneOf)
    if one_of is not None:
        return any(str(v) == str(literal) for v in Collection(tbox, one_of))
    base = tbox.value(range_, OWL.onDatatype)
    if base is not None:
        if not _in_range(tbox, base, literal):
            return False
        number = _number(literal)
        for facet in Collection(tbox, tbox.value(range_, OWL.withRestrictions)):
            for name, bound in tbox.predicate_objects(facet):
                limit = Decimal(str(bound))
                if number is None or (name == XSD.minInclusive and number < limit) or \
                        (name == XSD.maxInclusive and number > limit):
                    return False
    return True


def _range_text(tbox: Graph, range_, namer: Namer) -> str:
    if isinstance(range_, URIRef):
        return namer.short(range_).replace("<http://www.w3.org/2001/XMLSchema#", "xsd:").rstrip(">")
    one_of = tbox.value(range_, OWL.oneOf)
    if one_of is not None:
        return "{" + ", ".join(repr(str(v)) for v in Collection(tbox, one_of)) + "}"
    base = tbox.value(range_, OWL.onDatatype)
    facets = []
    for facet in Collection(tbox, tbox.value(range_, OWL.withRestrictions)):
        for name, bound in tbox.predicate_objects(facet):
            facets.append(f"{str(name).rsplit('#', 1)[-1]} {bound}")
    return f"{_range_text(tbox, base, namer)}[{', '.join(facets)}]"


def record_subsets(abox: Graph) -> dict[tuple[str, str], Graph]:
    """The data triples of each record ((kind, id) → graph); shared nodes (documents) go to every one."""
    subsets: dict[tuple[str, str], Graph] = {}
    shared = Graph()
    for triple in abox:
        parsed = parse_data_iri(str(triple[0]))
        if parsed:
            subsets.setdefault((parsed[0], parsed[1]), Graph()).add(triple)
        else:
            shared.add(triple)
    for graph in subsets.values():
        graph += shared
    return subsets


def isolate_records(tbox: Graph, abox: Graph, namer: Namer) -> list[Violation]:
    """Reason over each record alone; name those inconsistent by themselves."""
    found = []
    for (kind, record_id), subset in sorted(record_subsets(abox).items()):
        graph, _ = reasoning_input(tbox, subset)
        consistent, _ = run_hermit(graph)
        if not consistent:
            root = EXD[f"{kind}/{record_id}"]
            found.append(Violation("record", f"the {kind} record {record_id} is inconsistent with the ontology on its own",
                                   (namer.record_file(root),),
                                   "no single disjointness, functional-property, cardinality or range check explains it; "
                                   "look at its types and the domains/ranges of the properties it uses"))
    return found


DISJOINTNESS = (OWL.disjointWith, OWL.disjointUnionOf, OWL.members)


def without_disjointness(tbox: Graph) -> Graph:
    """The TBox with its disjointness axioms set aside (disjointUnionOf becomes unionOf)."""
    relaxed = Graph()
    for s, p, o in tbox:
        if p == OWL.disjointWith or (p == RDF.type and o == OWL.AllDisjointClasses):
            continue
        if p == OWL.members and (s, RDF.type, OWL.AllDisjointClasses) in tbox:
            continue
        if p == OWL.disjointUnionOf:
            relaxed.add((s, OWL.equivalentClass, _union_node(relaxed, o)))
            continue
        relaxed.add((s, p, o))
    return relaxed


def _union_node(graph: Graph, members) -> BNode:
    node = BNode()
    graph.add((node, RDF.type, OWL.Class))
    graph.add((node, OWL.unionOf, members))
    return node


def inferred_without_disjointness(tbox: Graph, abox: Graph, namer: Namer) -> Graph | None:
    """Memberships HermiT infers when the disjointness axioms are set aside (None if the graph is
    inconsistent even then)."""
    relaxed = without_disjointness(tbox)
    graph, _ = reasoning_input(relaxed, abox)
    consistent, world = run_hermit(graph)
    if not consistent:
        return None
    inferred, _ = collect_memberships(world, graph, namer)
    return inferred


def explain(tbox: Graph, abox: Graph, full: Graph, isolate: bool = True) -> list[Violation]:
    """Which axioms the data breaks, and where: direct checks first; then disjointness against the
    memberships the reasoner infers without it; then each record alone."""
    namer = Namer(full)
    tbox_graph, _ = reasoning_input(tbox, Graph())
    consistent, _ = run_hermit(tbox_graph)
    if not consistent:
        return [Violation("ontology", "the ontology and its imports are inconsistent without any data", ("ontology/",))]
    violations = Explainer(tbox, abox, namer).all()
    if not violations:
        inferred = inferred_without_disjointness(tbox, abox, namer)
        if inferred is not None and len(inferred):
            violations = Explainer(tbox, abox, namer, inferred).check_disjoint()
    if not violations and isolate:
        violations = isolate_records(tbox, abox, namer)
        if not violations:
            violations = [Violation("records", "every record is consistent alone; the inconsistency comes from "
                                               "several records together", ())]
    return violations


def explanation_text(violations: list[Violation]) -> str:
    lines = [f"{len(violations)} problem(s) make the graph inconsistent:"]
    lines += [v.as_text() for v in violations]
    return "\n".join(lines)


# ---- the entry point -----------------------------------------------------------------------------


def defined_classes(tbox: Graph) -> set[URIRef]:
    """Named classes defined by an equivalence to a class expression (exo:MSCDerivedEvidence, ...)."""
    return {c for c, d in tbox.subject_objects(OWL.equivalentClass) if isinstance(c, URIRef) and isinstance(d, BNode)}


def without_defined_memberships(tbox: Graph, abox: Graph) -> Graph:
    """The data without memberships of defined classes: a built graph already holds the ones a previous
    run inferred, and re-deriving them keeps `reason` idempotent (the records never assert them)."""
    defined = defined_classes(tbox)
    kept = Graph()
    for triple in abox:
        if not (triple[1] == RDF.type and triple[2] in defined):
            kept.add(triple)
    return kept


def has_ontology(graph: Graph) -> bool:
    return (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in graph


def infer(graph: Graph, ontology: Graph | None = None, *, hermit: bool = False, infer_property_values: bool = False,
          isolate: bool = True, cache_dir: Path | None = None) -> InferenceResult:
    """Reason over `graph` (merged with `ontology` when given): record by record (per_record.py), or
    with `hermit=True` by HermiT over the whole graph at once — the reference the per-record reasoner
    is tested against. `cache_dir` keeps the ontology's classification between runs."""
    full = graph
    if ontology is not None:
        full = Graph()
        full += ontology
        full += graph
    tbox, abox = split_graph(full)
    if not has_ontology(tbox):
        raise ReasonerError("the graph holds no exograph ontology (https://w3id.org/exograph/ontology); "
                            "pass the built graph or ontology=")
    if not hermit:
        from exograph.ontology.classify import ontology_of
        from exograph.ontology.per_record import infer_per_record

        return infer_per_record(ontology_of(tbox, cache_dir), tbox, abox, full)
    return infer_whole_graph(tbox, abox, full, infer_property_values, isolate)


def infer_whole_graph(tbox: Graph, abox: Graph, full: Graph, infer_property_values: bool = False,
                      isolate: bool = True) -> InferenceResult:
    """HermiT over the ontology and every record's data at once."""
    abox = without_defined_memberships(tbox, abox)
    reasoned_input, left_out = reasoning_input(tbox, abox)
    consistent, world = run_hermit(reasoned_input, infer_property_values)
    namer = Namer(full)
    if not consistent:
        violations = explain(tbox, abox, full, isolate=isolate)
        return InferenceResult(False, Graph(), violations=violations, explanation=explanation_text(violations),
                               left_out=left_out)
    unsatisfiable = sorted(str(c.iri) for c in world.inconsistent_classes()
                           if getattr(c, "iri", None) and c.iri != str(OWL.Nothing))
    inferred, memberships = collect_memberships(world, reasoned_input, namer)
    explanation = ""
    if unsatisfiable:
        explanation = "unsatisfiable classes (no individual can be a member; check their axioms in " \
                      "ontology/exograph.ttl):\n" + "\n".join(f"    {namer.label(URIRef(c))}" for c in unsatisfiable)
    return InferenceResult(True, inferred, memberships, unsatisfiable, [], explanation, left_out)


def summarize(memberships: Iterable[Membership]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for membership in memberships:
        counts[membership.class_label] = counts.get(membership.class_label, 0) + 1
    return dict(sorted(counts.items()))

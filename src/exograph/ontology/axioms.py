"""The ontology's axioms compiled into the tables the per-record reasoner applies (realize.py).

Every triple of the ontology and its imports is read once and sorted into what it means: a class or
property declaration, an annotation, or an axiom of a kind the reasoner implements — subclass and
equivalence (named classes, intersections, unions, existential restrictions on object properties
and data ranges, unqualified max-cardinality 0 or 1), disjoint classes and disjoint unions, domains
and ranges, sub-properties, inverse and functional properties, different individuals, enumerated and
faceted data ranges. Anything else of the OWL, RDF or RDFS vocabulary — owl:allValuesFrom,
owl:hasValue, owl:complementOf, property chains, transitive properties, nominals, ... — stops the
compilation with an UnsupportedAxiom naming the axiom and its file: the reasoner never skips a
construct it does not implement.

Each complex class expression gets a named stand-in ("proxy", an IRI under PROXY) that HermiT
classifies with the named classes (classify.py), so the reasoner's class hierarchy includes them.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS

from exograph.errors import ExographError
from exograph.ontology.datatypes import NUMERIC_FACETS, DataRange, Literal as Lit, supported_datatype

PROXY = "urn:exograph:class-expression:"


class UnsupportedAxiom(ExographError):
    """The ontology uses an OWL construct the per-record reasoner does not implement."""


# Predicates with no logical meaning for the reasoner besides the ones it reads below.
LOGICAL_NAMESPACES = (str(OWL), str(RDF), str(RDFS))
STRUCTURAL = {RDF.first, RDF.rest, OWL.onProperty, OWL.someValuesFrom, OWL.intersectionOf, OWL.unionOf,
              OWL.maxCardinality, OWL.oneOf, OWL.onDatatype, OWL.withRestrictions, OWL.members,
              OWL.distinctMembers, OWL.annotatedSource, OWL.annotatedProperty, OWL.annotatedTarget}
AXIOMS = {RDFS.subClassOf, OWL.equivalentClass, OWL.disjointWith, OWL.disjointUnionOf, RDFS.domain, RDFS.range,
          RDFS.subPropertyOf, OWL.inverseOf, OWL.equivalentProperty, OWL.differentFrom, RDF.type}
IGNORED = {RDFS.label, RDFS.comment, RDFS.seeAlso, RDFS.isDefinedBy, OWL.imports, OWL.versionInfo,
           OWL.versionIRI, OWL.deprecated, OWL.priorVersion, OWL.backwardCompatibleWith,
           OWL.incompatibleWith}
DECLARATIONS = {OWL.Class, RDFS.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
                OWL.FunctionalProperty, OWL.NamedIndividual, OWL.Ontology, OWL.Restriction, RDFS.Datatype,
                OWL.AllDisjointClasses, OWL.AllDifferent, OWL.Axiom, OWL.Thing}


@dataclass
class Compiled:
    """What the reasoner needs, as plain strings (picklable, cached by the ontology's hash)."""

    classes: set[str] = field(default_factory=set)
    object_properties: set[str] = field(default_factory=set)
    data_properties: set[str] = field(default_factory=set)
    named_individuals: set[str] = field(default_factory=set)
    labels: dict[str, str] = field(default_factory=dict)
    # class → classes it is subsumed by (itself included): HermiT's classification (classify.py)
    ancestors: dict[str, frozenset[str]] = field(default_factory=dict)
    unsatisfiable: set[str] = field(default_factory=set)
    disjoint: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    intersections: dict[str, tuple[str, ...]] = field(default_factory=dict)
    by_conjunct: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    unions: dict[str, tuple[str, ...]] = field(default_factory=dict)
    union_axioms: dict[str, str] = field(default_factory=dict)
    somes: dict[str, tuple[str, str]] = field(default_factory=dict)  # proxy → (property, filler class)
    by_filler: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    data_somes: dict[str, tuple[str, DataRange]] = field(default_factory=dict)
    by_data_property: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    max_cardinality: dict[str, list[tuple[str, int, str]]] = field(default_factory=lambda: defaultdict(list))
    functional: set[str] = field(default_factory=set)
    domains: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    ranges: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    data_ranges: dict[str, list[tuple[DataRange, str]]] = field(default_factory=lambda: defaultdict(list))
    # property → [(property, reversed)] it implies: itself, its super-properties, inverses of either
    implied: dict[str, tuple[tuple[str, bool], ...]] = field(default_factory=dict)
    different: set[frozenset[str]] = field(default_factory=set)
    axioms_text: dict[str, str] = field(default_factory=dict)  # proxy → how the expression reads
    defined: set[str] = field(default_factory=set)  # named classes equivalent to a class expression
    linking: set[str] = field(default_factory=set)  # properties whose values other rules read (some, functional, max)

    def ancestors_of(self, cls: str) -> frozenset[str]:
        found = self.ancestors.get(cls)
        return found if found is not None else frozenset((cls,))

    def label(self, iri: str) -> str:
        return self.labels.get(iri, "")


# ---- reading the ontology ----------------------------------------------------------------------------


class _Reader:
    def __init__(self, graph: Graph, files: dict[tuple, str]):
        self.graph, self.files = graph, files
        self.compiled = Compiled()
        self.proxies: dict[BNode, str] = {}
        self.tbox_types: dict[str, set[str]] = defaultdict(set)

    # -- naming
    def short(self, node) -> str:
        text = str(node)
        for prefix, namespace in (("exo:", "https://w3id.org/exograph/ontology#"), ("obo:", "http://purl.obolibrary.org/obo/"),
                                  ("owl:", str(OWL)), ("rdfs:", str(RDFS)), ("rdf:", str(RDF)),
                                  ("xsd:", "http://www.w3.org/2001/XMLSchema#")):
            if text.startswith(namespace):
                return prefix + text[len(namespace):]
        return self.compiled.axioms_text.get(text) or (f"<{text}>" if isinstance(node, URIRef) else "[]")

    def refuse(self, triple, why: str) -> UnsupportedAxiom:
        subject = triple[0]
        owner = self._owner(subject)
        where = self.files.get(triple) or self.files.get(self._owner_triple(subject)) or "ontology/"
        return UnsupportedAxiom(f"{where}: {self.short(owner)} … {self.short(triple[1])} {self._obj(triple[2])}: {why}; "
                                "the per-record reasoner implements subclass/equivalence of named classes, "
                                "intersections, unions and someValuesFrom restrictions, max-cardinality 0 or 1, "
                                "disjointness, domains, ranges, sub-/inverse/functional properties and data ranges "
                                "(one of, numeric facets). Rewrite the axiom, or build with --no-reason and reason over "
                                "the whole graph with `exograph reason --hermit`")

    def _obj(self, node) -> str:
        return f"{node!r}" if isinstance(node, Literal) else self.short(node)

    def _owner(self, node):
        """The named subject an anonymous node hangs from (for messages)."""
        seen = set()
        while isinstance(node, BNode) and node not in seen:
            seen.add(node)
            parents = list(self.graph.subjects(None, node))
            if not parents:
                break
            node = parents[0]
        return node

    def _owner_triple(self, node):
        for triple in self.graph.triples((None, None, node)):
            return triple
        return None

    # -- the pass over every triple
    def read(self) -> Compiled:
        graph, c = self.graph, self.compiled
        c.classes = {str(s) for s in graph.subjects(RDF.type, OWL.Class) if isinstance(s, URIRef)}
        c.classes |= {str(s) for s in graph.subjects(RDF.type, RDFS.Class) if isinstance(s, URIRef)}
        c.object_properties = {str(s) for s in graph.subjects(RDF.type, OWL.ObjectProperty)}
        c.data_properties = {str(s) for s in graph.subjects(RDF.type, OWL.DatatypeProperty)}
        annotation = {s for s in graph.subjects(RDF.type, OWL.AnnotationProperty)}
        c.named_individuals = {str(s) for s in graph.subjects(RDF.type, OWL.NamedIndividual)}
        for s, label in graph.subject_objects(RDFS.label):
            if isinstance(s, URIRef):
                c.labels.setdefault(str(s), str(label))
        for triple in graph:
            self._triple(triple, annotation)
        self._properties()
        return c

    def _triple(self, triple, annotation) -> None:
        s, p, o = triple
        c = self.compiled
        if p in IGNORED or p in annotation or p in STRUCTURAL:
            return
        if not str(p).startswith(LOGICAL_NAMESPACES) and str(p) not in c.object_properties | c.data_properties:
            return  # an annotation (skos:, dcterms:, IAO definitions, ...): no logical meaning
        if str(p) in c.object_properties | c.data_properties:
            self.tbox_types.setdefault(str(s), set())  # an assertion about a named individual
            return
        if p not in AXIOMS:
            raise self.refuse(triple, f"{self.short(p)} is not implemented")
        if p == RDF.type:
            self._type(triple)
        elif p == RDFS.subClassOf:
            self._subclass(triple, self.cls(s, triple), self.cls(o, triple))
        elif p == OWL.equivalentClass:
            self.cls(s, triple), self.cls(o, triple)
            for named, other in ((s, o), (o, s)):
                if isinstance(named, URIRef) and isinstance(other, BNode):
                    self.compiled.defined.add(str(named))
        elif p == OWL.disjointWith:
            self._disjoint(self.cls(s, triple), self.cls(o, triple),
                           f"{self.short(s)} owl:disjointWith {self.short(o)}")
        elif p == OWL.disjointUnionOf:
            members = [self.cls(m, triple) for m in Collection(self.graph, o)]
            for i, a in enumerate(members):
                for b in members[i + 1:]:
                    self._disjoint(a, b, f"{self.short(s)} owl:disjointUnionOf ({self.short(a)}, {self.short(b)})")
            self._union_of(str(s), members, f"{self.short(s)} owl:disjointUnionOf")
        elif p in (RDFS.domain, RDFS.range):
            self._domain_range(triple)
        elif p == OWL.differentFrom:
            c.different.add(frozenset((str(s), str(o))))
        # subPropertyOf, inverseOf, equivalentProperty: read in _properties

    def _type(self, triple) -> None:
        s, _, o = triple
        c = self.compiled
        if o in DECLARATIONS:
            if o == OWL.FunctionalProperty:
                c.functional.add(str(s))
            elif o == OWL.AllDisjointClasses:
                members = [self.cls(m, triple) for m in Collection(self.graph, self.graph.value(s, OWL.members))]
                for i, a in enumerate(members):
                    for b in members[i + 1:]:
                        self._disjoint(a, b, f"AllDisjointClasses(… {self.short(a)}, {self.short(b)} …)")
            elif o == OWL.AllDifferent:
                node = self.graph.value(s, OWL.distinctMembers) or self.graph.value(s, OWL.members)
                members = [str(m) for m in Collection(self.graph, node)]
                for i, a in enumerate(members):
                    for b in members[i + 1:]:
                        c.different.add(frozenset((a, b)))
            elif o == OWL.Restriction and isinstance(s, BNode):
                self.cls(s, triple)
            return
        if str(o).startswith(LOGICAL_NAMESPACES):
            raise self.refuse(triple, f"{self.short(o)} is not implemented")
        if isinstance(s, URIRef):  # a named individual's class in the ontology
            self.tbox_types[str(s)].add(self.cls(o, triple))

    def _subclass(self, triple, sub: str, sup: str) -> None:
        pass  # HermiT's classification carries subsumptions; a proxy's meaning is read in cls()

    def _disjoint(self, a: str, b: str, axiom: str) -> None:
        self.compiled.disjoint[a].append((b, axiom))
        self.compiled.disjoint[b].append((a, axiom))

    def _union_of(self, name: str, members: list[str], axiom: str) -> None:
        self.compiled.unions[name] = tuple(members)
        self.compiled.union_axioms[name] = axiom

    def _domain_range(self, triple) -> None:
        s, p, o = triple
        c = self.compiled
        prop = str(s)
        if prop in c.data_properties and p == RDFS.range:
            c.data_ranges[prop].append((self.data_range(o, triple), f"{self.short(s)} rdfs:range"))
            return
        if prop not in c.object_properties | c.data_properties:
            raise self.refuse(triple, f"{self.short(s)} is not declared an object or datatype property")
        (c.domains if p == RDFS.domain else c.ranges)[prop].append(self.cls(o, triple))

    # -- class expressions
    def cls(self, node, triple) -> str:
        """The class a node names: its IRI, or the proxy of an anonymous class expression."""
        if isinstance(node, URIRef):
            if node == OWL.Thing or not str(node).startswith(LOGICAL_NAMESPACES):
                return str(node)
            raise self.refuse(triple, f"{self.short(node)} as a class is not implemented")
        if not isinstance(node, BNode):
            raise self.refuse(triple, "a literal where a class is expected")
        if node in self.proxies:
            return self.proxies[node]
        key, meaning = self._expression(node, triple)
        proxy = PROXY + hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]
        self.proxies[node] = proxy
        c = self.compiled
        c.axioms_text[proxy] = key
        kind, value = meaning
        if kind == "and":
            c.intersections[proxy] = value
            for conjunct in value:
                c.by_conjunct[conjunct].append(proxy)
        elif kind == "or":
            self._union_of(proxy, list(value), key)
        elif kind == "some":
            c.somes[proxy] = value
            c.by_filler[value[1]].append((value[0], proxy))
        elif kind == "some-data":
            c.data_somes[proxy] = value
            c.by_data_property[value[0]].append(proxy)
        elif kind == "max":
            c.max_cardinality[proxy].append((value[0], value[1], key))
        return proxy

    def _expression(self, node: BNode, triple) -> tuple[str, tuple]:
        g = self.graph
        allowed = {RDF.type, OWL.intersectionOf, OWL.unionOf, OWL.onProperty, OWL.someValuesFrom, OWL.maxCardinality}
        for p, o in g.predicate_objects(node):
            if p not in allowed or (p == RDF.type and o not in (OWL.Class, OWL.Restriction)):
                raise self.refuse((node, p, o), f"{self.short(p)} {self._obj(o)} in a class expression is not implemented")
        for name, op in ((OWL.intersectionOf, "and"), (OWL.unionOf, "or")):
            members = g.value(node, name)
            if members is not None:
                parts = tuple(self.cls(m, triple) for m in Collection(g, members))
                word = " and " if op == "and" else " or "
                return "(" + word.join(self.short(p) for p in parts) + ")", (op, parts)
        prop = g.value(node, OWL.onProperty)
        if not isinstance(prop, URIRef):
            raise self.refuse(triple, "a restriction without a named owl:onProperty is not implemented")
        filler = g.value(node, OWL.someValuesFrom)
        if filler is not None:
            if str(prop) in self.compiled.data_properties:
                data_range = self.data_range(filler, triple)
                return f"({self.short(prop)} some {data_range.text})", ("some-data", (str(prop), data_range))
            target = self.cls(filler, triple)
            return f"({self.short(prop)} some {self.short(target)})", ("some", (str(prop), target))
        maximum = g.value(node, OWL.maxCardinality)
        if maximum is not None and int(maximum) in (0, 1):
            return f"({self.short(prop)} max {int(maximum)})", ("max", (str(prop), int(maximum)))
        raise self.refuse(triple, "a restriction other than someValuesFrom or max-cardinality 0/1 is not implemented")

    def data_range(self, node, triple) -> DataRange:
        g = self.graph
        if isinstance(node, URIRef):
            if not supported_datatype(str(node)):
                raise self.refuse(triple, f"the datatype {self.short(node)} is not implemented")
            return DataRange(datatype=str(node), text=self.short(node))
        one_of = g.value(node, OWL.oneOf)
        if one_of is not None:
            values = tuple(Lit(str(v), str(v.datatype) if v.datatype else None, v.language) for v in Collection(g, one_of))
            return DataRange(one_of=values, text="{" + ", ".join(repr(v.lexical) for v in values) + "}")
        base = g.value(node, OWL.onDatatype)
        if base is None or not supported_datatype(str(base)):
            raise self.refuse(triple, "a data range other than a datatype, owl:oneOf or numeric facets is not implemented")
        facets = []
        for facet in Collection(g, g.value(node, OWL.withRestrictions)):
            for name, bound in g.predicate_objects(facet):
                if str(name) not in NUMERIC_FACETS:
                    raise self.refuse(triple, f"the facet {self.short(name)} is not implemented")
                facets.append((str(name), Decimal(str(bound))))
        text = f"{self.short(base)}[{', '.join(f'{n.rsplit(chr(35), 1)[-1]} {b}' for n, b in facets)}]"
        return DataRange(datatype=str(base), facets=tuple(facets), text=text)

    # -- properties
    def _properties(self) -> None:
        c, g = self.compiled, self.graph
        links: dict[tuple[str, bool], set[tuple[str, bool]]] = defaultdict(set)
        for s, o in g.subject_objects(RDFS.subPropertyOf):
            if str(s) in c.object_properties | c.data_properties:
                links[(str(s), False)].add((str(o), False))
                links[(str(s), True)].add((str(o), True))
        for s, o in g.subject_objects(OWL.equivalentProperty):
            for a, b in ((s, o), (o, s)):
                links[(str(a), False)].add((str(b), False))
                links[(str(a), True)].add((str(b), True))
        for s, o in g.subject_objects(OWL.inverseOf):
            if not (isinstance(s, URIRef) and isinstance(o, URIRef)):
                raise self.refuse((s, OWL.inverseOf, o), "an anonymous inverse property is not implemented")
            for a, b in ((s, o), (o, s)):
                links[(str(a), False)].add((str(b), True))
                links[(str(a), True)].add((str(b), False))
        for prop in c.object_properties | c.data_properties:
            seen = {(prop, False)}
            stack = [(prop, False)]
            while stack:
                for nxt in links.get(stack.pop(), ()):
                    if nxt not in seen:
                        seen.add(nxt)
                        stack.append(nxt)
            c.implied[prop] = tuple(sorted(seen))
        read = {p for p, _ in c.somes.values()} | set(c.by_data_property) | c.functional
        read |= {p for restrictions in c.max_cardinality.values() for p, _, _ in restrictions}
        c.linking = {prop for prop, implied in c.implied.items() if any(q in read for q, _ in implied)}


@dataclass
class Axioms:
    """The compiled tables, the ontology as one graph (for messages), the triples HermiT classifies
    (the ontology with every class expression named by its proxy) and the named individuals'
    assertions."""

    compiled: Compiled
    graph: Graph
    hermit_input: Graph
    individual_triples: list[tuple]


def read_ontology_files(files: list[Path], root: Path) -> tuple[Graph, dict[tuple, str]]:
    """The ontology files as one graph, and the file each triple came from (for messages)."""
    from exograph.graphs import parse_turtle_files

    graph = Graph()
    where: dict[tuple, str] = {}
    for path in files:
        part = parse_turtle_files([path])
        shown = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
        for triple in part:
            where.setdefault(triple, shown)
        graph += part
    return graph, where


def compile_axioms(graph: Graph, where: dict[tuple, str] | None = None) -> Axioms:
    """Compile the ontology `graph`. Raises UnsupportedAxiom naming the axiom (and its file, when
    `where` says)."""
    reader = _Reader(graph, where or {})
    compiled = reader.read()
    hermit = Graph()
    for triple in graph:
        if triple[1] != OWL.imports:
            hermit.add(triple)
    for node, proxy in reader.proxies.items():
        hermit.add((URIRef(proxy), RDF.type, OWL.Class))
        hermit.add((URIRef(proxy), OWL.equivalentClass, node))
    individuals = []
    for s in sorted(reader.tbox_types):
        for cls in sorted(reader.tbox_types[s]):
            individuals.append((s, str(RDF.type), cls))
        for p, o in graph.predicate_objects(URIRef(s)):
            if str(p) in compiled.object_properties or str(p) in compiled.data_properties:
                individuals.append((s, str(p), _term(o)))
    return Axioms(compiled, graph, hermit, individuals)


def _term(node):  # noqa: ANN001, ANN202 - an rdflib term as the reasoner's plain value
    if isinstance(node, Literal):
        return Lit(str(node), str(node.datatype) if node.datatype else None, node.language)
    return str(node)

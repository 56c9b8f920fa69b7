"""One index over a set of triples (a record's, or any graph's): the reading API of rdflib's Graph
without building a Graph.

A record's triples are read many times after conversion: by the computed claims (derived.py), by the
native SHACL engine (validate/engines/native), by the locator and the quote checks. Dicts keyed by
subject and by predicate answer those reads in constant time; an rdflib Graph is built only when a
SPARQL query must run over the triples (`graph`).

Objects keep the order in which the triples came (the order records/triples.py states a record's
facts in), so "the first value" is well defined. Two readings of a single value are named apart:
`first_object` is the first stated value (a field stated several times counts with its first
statement); `any_object` is one value where at most one is expected and which one does not matter.
"""

from __future__ import annotations

from typing import Any, Iterable, Iterator

from rdflib import Graph
from rdflib.store import Store
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from exograph.closure import reachable

Triple = tuple[Node, Node, Node]
_EMPTY: dict = {}


class TripleIndex:
    """Triples indexed by subject → predicate → objects and predicate → object → subjects."""

    __slots__ = ("triples", "_spo", "_pos", "_graph", "_superclasses", "_instances")

    def __init__(self, triples: Iterable[Triple] = (), graph: Graph | None = None,
                 superclasses: dict[Node, list[Node]] | None = None):
        """`superclasses`: a cache of each class's superclasses to share between indexes that state
        the same rdfs:subClassOf triples (records with the ontology's hierarchy): worked out once."""
        spo: dict[Node, dict[Node, dict[Node, None]]] = {}
        ordered: list[Triple] = []
        append = ordered.append
        for triple in triples:  # the hot loop of indexing a record: one hash of each term
            s, p, o = triple
            by_predicate = spo.get(s)
            if by_predicate is None:
                by_predicate = spo[s] = {}
            objects = by_predicate.get(p)
            if objects is None:
                objects = by_predicate[p] = {}
            size = len(objects)
            objects[o] = None
            if len(objects) != size:
                append(triple)
        self.triples = ordered
        self._spo = spo
        self._pos: dict[Node, dict[Node, dict[Node, None]]] | None = None
        self._graph = graph
        self._superclasses: dict[Node, list[Node]] = {} if superclasses is None else superclasses
        self._instances: dict[Node, list[Node]] | None = None

    @classmethod
    def of(cls, data: "Graph | TripleIndex | Iterable[Triple]") -> "TripleIndex":
        """The index of a Graph (kept, so SPARQL runs on it and its blank nodes), of an index (itself)
        or of triples."""
        if isinstance(data, TripleIndex):
            return data
        if isinstance(data, Graph):
            return cls(data, graph=data)
        return cls(data)

    def __len__(self) -> int:
        return len(self.triples)

    def __iter__(self) -> Iterator[Triple]:
        return iter(self.triples)

    def __contains__(self, triple: Triple) -> bool:
        s, p, o = triple
        return o in self._spo.get(s, _EMPTY).get(p, _EMPTY)

    # ---- reading by subject -----------------------------------------------------------------------

    def objects(self, subject: Node, predicate: Node) -> Iterable[Node]:
        """The objects of subject's predicate, in the order they were stated."""
        return self._spo.get(subject, _EMPTY).get(predicate, _EMPTY).keys()

    def first_object(self, subject: Node, predicate: Node) -> Node | None:
        """The first stated object of subject's predicate (None if there is none)."""
        for value in self._spo.get(subject, _EMPTY).get(predicate, _EMPTY):
            return value
        return None

    def any_object(self, subject: Node, predicate: Node) -> Node | None:
        """One object of a predicate expected to have at most one value (None if there is none)."""
        return self.first_object(subject, predicate)

    def predicate_objects(self, subject: Node) -> Iterator[tuple[Node, Node]]:
        for predicate, objects in self._spo.get(subject, _EMPTY).items():
            for value in objects:
                yield predicate, value

    def has_subject(self, subject: Node) -> bool:
        return subject in self._spo

    # ---- reading by predicate and object ----------------------------------------------------------

    def subjects(self, predicate: Node | None, obj: Node) -> Iterable[Node]:
        """The subjects that have `obj` as a value of `predicate` (of any predicate when None)."""
        pos = self._by_predicate()
        if predicate is not None:
            return pos.get(predicate, _EMPTY).get(obj, _EMPTY).keys()
        found: dict[Node, None] = {}
        for by_object in pos.values():
            found.update(by_object.get(obj, _EMPTY))
        return found.keys()

    def subject_objects(self, predicate: Node) -> Iterator[tuple[Node, Node]]:
        for obj, subjects in self._by_predicate().get(predicate, _EMPTY).items():
            for subject in subjects:
                yield subject, obj

    def subjects_with(self, predicate: Node) -> list[Node]:
        """Every subject of a triple with this predicate."""
        found: dict[Node, None] = {}
        for subjects in self._by_predicate().get(predicate, _EMPTY).values():
            found.update(subjects)
        return list(found)

    def objects_with(self, predicate: Node) -> list[Node]:
        """Every object of a triple with this predicate."""
        return list(self._by_predicate().get(predicate, _EMPTY))

    def _by_predicate(self) -> dict[Node, dict[Node, dict[Node, None]]]:
        if self._pos is None:
            pos: dict[Node, dict[Node, dict[Node, None]]] = {}
            for s, p, o in self.triples:
                pos.setdefault(p, {}).setdefault(o, {})[s] = None
            self._pos = pos
        return self._pos

    # ---- classes ----------------------------------------------------------------------------------

    def superclasses(self, cls: Node) -> list[Node]:
        """cls and every class it is an rdfs:subClassOf, transitively, as these triples state it."""
        found = self._superclasses.get(cls)
        if found is None:
            found = self._superclasses[cls] = list(reachable([cls], lambda c: self.objects(c, RDFS.subClassOf)))
        return found

    def is_instance(self, node: Node, cls: Node) -> bool:
        """Whether node has an rdf:type that is cls or a subclass of it (a SHACL instance)."""
        return any(cls in self.superclasses(t) for t in self.objects(node, RDF.type))

    def instances(self, cls: Node) -> list[Node]:
        """Every SHACL instance of cls: typed with cls or with a subclass of it."""
        if self._instances is None:  # every class's instances at once: one pass over the types
            found: dict[Node, dict[Node, None]] = {}
            for typ, subjects in self._by_predicate().get(RDF.type, _EMPTY).items():
                for ancestor in self.superclasses(typ):
                    found.setdefault(ancestor, {}).update(subjects)
            self._instances = {c: list(members) for c, members in found.items()}
        return self._instances.get(cls, [])

    # ---- as an rdflib Graph -----------------------------------------------------------------------

    @property
    def graph(self) -> Graph:
        """The triples as an rdflib Graph, for rdflib's SPARQL engine: the Graph given to `of`, else
        a read-only Graph over this index (nothing is copied)."""
        if self._graph is None:
            self._graph = Graph(store=IndexStore(self))
        return self._graph

    def match(self, s: Node | None, p: Node | None, o: Node | None) -> Iterator[Triple]:
        """The triples matching a pattern (None: any term)."""
        if s is not None:
            by_predicate = self._spo.get(s, _EMPTY)
            for predicate in (by_predicate if p is None else (p,) if p in by_predicate else ()):
                objects = by_predicate[predicate]
                if o is None:
                    for value in objects:
                        yield s, predicate, value
                elif o in objects:
                    yield s, predicate, o
        elif p is not None:
            by_object = self._by_predicate().get(p, _EMPTY)
            for value in (by_object if o is None else (o,) if o in by_object else ()):
                for subject in by_object[value]:
                    yield subject, p, value
        else:
            for triple in self.triples:
                if o is None or triple[2] == o:
                    yield triple

    @property
    def namespace_manager(self) -> Any:
        """The prefixes of the Graph (the project's, for a record's triples)."""
        return self.graph.namespace_manager if self._graph is not None else _project_namespaces()


class IndexStore(Store):
    """A read-only rdflib store over a TripleIndex: rdflib's SPARQL engine reads the index in place
    (copying a record's triples into a Memory store cost more than validating it)."""

    def __init__(self, index: TripleIndex):
        super().__init__()
        self.index = index

    def triples(self, triple_pattern: Any, context: Any = None) -> Iterator[tuple[Triple, Iterator[Any]]]:
        s, p, o = triple_pattern  # a property path never gets here: rdflib's Graph evaluates it
        for triple in self.index.match(s, p, o):
            yield triple, iter(())

    def triples_choices(self, triple: Any, context: Any = None) -> Iterator[tuple[Triple, Iterator[Any]]]:
        s, p, o = triple
        for choice in next((part for part in triple if isinstance(part, list)), [None]):
            pattern = tuple(choice if isinstance(part, list) else part for part in (s, p, o))
            yield from self.triples(pattern, context)

    def __len__(self, context: Any = None) -> int:
        return len(self.index)

    def add(self, triple: Any, context: Any, quoted: bool = False) -> None:
        raise TypeError("a record's index is read-only")


_NAMESPACES: list[Any] = []


def _project_namespaces() -> Any:
    if not _NAMESPACES:
        from exograph.graphs import new_graph

        _NAMESPACES.append(new_graph().namespace_manager)
    return _NAMESPACES[0]

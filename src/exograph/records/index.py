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
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

Triple = tuple[Node, Node, Node]
_EMPTY: dict = {}


class TripleIndex:
    """Triples indexed by subject → predicate → objects and predicate → object → subjects."""

    __slots__ = ("triples", "_spo", "_pos", "_graph", "_superclasses")

    def __init__(self, triples: Iterable[Triple] = (), graph: Graph | None = None):
        spo: dict[Node, dict[Node, dict[Node, None]]] = {}
        ordered: list[Triple] = []
        for s, p, o in triples:
            objects = spo.setdefault(s, {}).setdefault(p, {})
            if o not in objects:
                objects[o] = None
                ordered.append((s, p, o))
        self.triples = ordered
        self._spo = spo
        self._pos: dict[Node, dict[Node, dict[Node, None]]] | None = None
        self._graph = graph
        self._superclasses: dict[Node, list[Node]] = {}

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
            seen: dict[Node, None] = {cls: None}
            todo = [cls]
            while todo:
                for parent in self.objects(todo.pop(), RDFS.subClassOf):
                    if parent not in seen:
                        seen[parent] = None
                        todo.append(parent)
            found = self._superclasses[cls] = list(seen)
        return found

    def is_instance(self, node: Node, cls: Node) -> bool:
        """Whether node has an rdf:type that is cls or a subclass of it (a SHACL instance)."""
        return any(cls in self.superclasses(t) for t in self.objects(node, RDF.type))

    def instances(self, cls: Node) -> list[Node]:
        """Every SHACL instance of cls: typed with cls or with a subclass of it."""
        found: dict[Node, None] = {}
        for typ, subjects in self._by_predicate().get(RDF.type, _EMPTY).items():
            if cls in self.superclasses(typ):
                found.update(subjects)
        return list(found)

    # ---- as an rdflib Graph -----------------------------------------------------------------------

    @property
    def graph(self) -> Graph:
        """The triples as an rdflib Graph (built on first use; the Graph given to `of`, if any)."""
        if self._graph is None:
            self._graph = memory_graph(self.triples)
        return self._graph

    @property
    def namespace_manager(self) -> Any:
        """The prefixes of the Graph (the project's, for a record's triples)."""
        return self.graph.namespace_manager if self._graph is not None else _project_namespaces()


def memory_graph(triples: Iterable[Triple]) -> Graph:
    """A Graph of the triples with the project's prefixes. SimpleMemory: without per-context
    bookkeeping it builds in ~40 % of a Memory store's time."""
    graph = Graph(store="SimpleMemory")
    for prefix, namespace in _project_namespaces().namespaces():
        graph.bind(prefix, namespace, override=True, replace=True)
    add = graph.store.add
    for triple in triples:
        add(triple, graph)
    return graph


_NAMESPACES: list[Any] = []


def _project_namespaces() -> Any:
    if not _NAMESPACES:
        from exograph.graphs import new_graph

        _NAMESPACES.append(new_graph().namespace_manager)
    return _NAMESPACES[0]

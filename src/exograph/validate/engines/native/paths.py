"""SHACL property paths (SHACL §2.3.1): read from the shapes graph, evaluated over a TripleIndex, and
written in SPARQL syntax (what $PATH stands for in a SPARQL-based validator)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF
from rdflib.term import Node

from exograph.records.index import TripleIndex
from exograph.validate.engines.errors import ShapesError
from exograph.vocab import SH

PATH_KINDS = (SH.inversePath, SH.alternativePath, SH.zeroOrMorePath, SH.oneOrMorePath, SH.zeroOrOnePath)


@dataclass(frozen=True)
class Path:
    """A path; `node` is its node in the shapes graph (what a report's sh:resultPath copies)."""

    node: Node

    def values(self, data: TripleIndex, focus: Node) -> list[Node]:
        return list(dict.fromkeys(self._walk(data, focus)))

    def _walk(self, data: TripleIndex, focus: Node) -> list[Node]:
        raise NotImplementedError

    def sparql(self) -> str:
        raise NotImplementedError

    def write(self, graph: Graph) -> Node:
        """The path written into graph as SHACL writes it (what a report's sh:resultPath holds)."""
        raise NotImplementedError


@dataclass(frozen=True)
class PredicatePath(Path):
    def _walk(self, data: TripleIndex, focus: Node) -> list[Node]:
        return list(data.objects(focus, self.node))

    def values(self, data: TripleIndex, focus: Node) -> list[Node]:
        return list(data.objects(focus, self.node))  # already unique: the fast path of most shapes

    def sparql(self) -> str:
        return self.node.n3()

    def write(self, graph: Graph) -> Node:
        return self.node


@dataclass(frozen=True)
class InversePath(Path):
    inner: Path

    def _walk(self, data: TripleIndex, focus: Node) -> list[Node]:
        if isinstance(self.inner, PredicatePath):
            return list(data.subjects(self.inner.node, focus))
        # ^(a/b) is ^b/^a and so on: evaluate the inner path backwards by trying every node
        return [s for s in _all_nodes(data) if focus in self.inner.values(data, s)]

    def sparql(self) -> str:
        return f"^({self.inner.sparql()})"

    def write(self, graph: Graph) -> Node:
        return _node_with(graph, SH.inversePath, self.inner.write(graph))


@dataclass(frozen=True)
class SequencePath(Path):
    steps: tuple[Path, ...]

    def _walk(self, data: TripleIndex, focus: Node) -> list[Node]:
        current = [focus]
        for step in self.steps:
            current = list(dict.fromkeys(v for node in current for v in step.values(data, node)))
        return current

    def sparql(self) -> str:
        return "/".join(f"({step.sparql()})" for step in self.steps)

    def write(self, graph: Graph) -> Node:
        return _list(graph, [step.write(graph) for step in self.steps])


@dataclass(frozen=True)
class AlternativePath(Path):
    choices: tuple[Path, ...]

    def _walk(self, data: TripleIndex, focus: Node) -> list[Node]:
        return [v for choice in self.choices for v in choice.values(data, focus)]

    def sparql(self) -> str:
        return "|".join(f"({choice.sparql()})" for choice in self.choices)

    def write(self, graph: Graph) -> Node:
        return _node_with(graph, SH.alternativePath, _list(graph, [choice.write(graph) for choice in self.choices]))


@dataclass(frozen=True)
class RepeatPath(Path):
    """zeroOrMore (`*`), oneOrMore (`+`) or zeroOrOne (`?`) of an inner path."""

    inner: Path
    operator: str

    def _walk(self, data: TripleIndex, focus: Node) -> list[Node]:
        if self.operator == "?":
            return [focus, *self.inner.values(data, focus)]
        reached: dict[Node, None] = {focus: None} if self.operator == "*" else {}
        todo = [focus]
        while todo:
            for value in self.inner.values(data, todo.pop()):
                if value not in reached:
                    reached[value] = None
                    todo.append(value)
        return list(reached)

    def sparql(self) -> str:
        return f"({self.inner.sparql()}){self.operator}"

    def write(self, graph: Graph) -> Node:
        predicate = next(p for p, op in REPEATS.items() if op == self.operator)
        return _node_with(graph, predicate, self.inner.write(graph))


def _node_with(graph: Graph, predicate: URIRef, value: Node) -> BNode:
    node = BNode()
    graph.add((node, predicate, value))
    return node


def _list(graph: Graph, members: list[Node]) -> BNode:
    head = BNode()
    Collection(graph, head, members)
    return head


def _all_nodes(data: TripleIndex) -> list[Node]:
    return list(dict.fromkeys(n for s, _, o in data for n in (s, o)))


REPEATS = {SH.zeroOrMorePath: "*", SH.oneOrMorePath: "+", SH.zeroOrOnePath: "?"}


def read_path(node: Node, items: Callable[[Node], list[Node] | None], objects: Callable[[Node, Node], list[Node]],
              where: str, seen: tuple[Node, ...] = ()) -> Path:
    """The path whose shapes-graph node is `node`; `items` reads an RDF list (None if `node` is not
    one) and `objects` the values of a predicate. A malformed path is a ShapesError naming `where`."""
    if node in seen:
        raise ShapesError(f"{where}: sh:path is cyclic")
    seen = (*seen, node)
    if isinstance(node, URIRef):
        return PredicatePath(node)
    if not isinstance(node, BNode):
        raise ShapesError(f"{where}: sh:path {node!r} is neither an IRI nor a path expression")
    sequence = items(node) if objects(node, RDF.first) else None
    if sequence is not None:
        if len(sequence) < 2:
            raise ShapesError(f"{where}: a sequence path needs at least two members")
        return SequencePath(node, tuple(read_path(m, items, objects, where, seen) for m in sequence))
    kinds = [(kind, value) for kind in PATH_KINDS for value in objects(node, kind)]
    if len(kinds) != 1:
        raise ShapesError(f"{where}: sh:path is not a SHACL path (expected an IRI, a list, or one of "
                          f"sh:inversePath, sh:alternativePath, sh:zeroOrMorePath, sh:oneOrMorePath, sh:zeroOrOnePath)")
    kind, value = kinds[0]
    if kind == SH.alternativePath:
        choices = items(value)
        if choices is None or len(choices) < 2:
            raise ShapesError(f"{where}: sh:alternativePath needs a list of at least two paths")
        return AlternativePath(node, tuple(read_path(m, items, objects, where, seen) for m in choices))
    inner = read_path(value, items, objects, where, seen)
    return InversePath(node, inner) if kind == SH.inversePath else RepeatPath(node, inner, REPEATS[kind])

"""Reading the shapes graph: parameter values checked against what SHACL expects of them, so a
malformed shape is refused with an error that names it (never a traceback, never a guess)."""

from __future__ import annotations

import re
from typing import Iterable

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

from exograph.records.index import TripleIndex
from exograph.validate.engines.errors import ShapesError
from exograph.vocab import SH


class ShapesReader:
    """The shapes graph, indexed, with checked readers for parameter values."""

    def __init__(self, graph: Graph):
        self.graph = graph
        self.index = TripleIndex.of(graph)
        self._names: dict[Node, str] = {}

    def objects(self, node: Node, predicate: Node) -> list[Node]:
        return list(self.index.objects(node, predicate))

    def subjects(self, predicate: Node, obj: Node) -> list[Node]:
        return list(self.index.subjects(predicate, obj))

    def is_instance(self, node: Node, cls: Node) -> bool:
        """SHACL instance in the shapes graph: typed with cls or a subclass of it."""
        return self.index.is_instance(node, cls)

    # ---- naming shapes in messages ----------------------------------------------------------------

    def name(self, node: Node) -> str:
        """A shape as errors name it: its CURIE or IRI; a blank property shape by its path and the
        shape that holds it."""
        if node not in self._names:
            self._names[node] = self._name(node)
        return self._names[node]

    def _name(self, node: Node) -> str:
        if not isinstance(node, BNode):
            return self.term(node)
        path = self.index.first_object(node, SH.path)
        owner = next(iter(self.index.subjects(SH.property, node)), None)
        if path is not None:
            shown = self.term(path) if isinstance(path, URIRef) else "a path expression"
            return f"the property shape with sh:path {shown}" + (f" of {self.name(owner)}" if owner is not None else "")
        return f"a blank-node shape{f' of {self.name(owner)}' if owner is not None else ''}"

    def term(self, node: Node) -> str:
        if isinstance(node, URIRef):
            try:
                return self.graph.namespace_manager.curie(str(node), generate=False)
            except (ValueError, KeyError):
                return f"<{node}>"
        return node.n3() if isinstance(node, Literal) else f"_:{node}"

    # ---- checked parameter values -----------------------------------------------------------------

    def single(self, node: Node, predicate: URIRef, where: str) -> Node | None:
        values = self.objects(node, predicate)
        if len(values) > 1:
            raise ShapesError(f"{where}: {self.term(predicate)} has {len(values)} values; SHACL allows one")
        return values[0] if values else None

    def items(self, node: Node, where: str, parameter: URIRef) -> list[Node]:
        """The members of an RDF list; anything else is an error naming the parameter."""
        found = self.list_items(node)
        if found is None:
            raise ShapesError(f"{where}: the value of {self.term(parameter)} is not a well-formed RDF list "
                              f"(got {self.term(node)}); write it as ( ... )")
        return found

    def list_items(self, node: Node) -> list[Node] | None:
        """The members of the RDF list at node, or None if node is not a well-formed list."""
        members: list[Node] = []
        seen: set[Node] = set()
        while node != RDF.nil:
            firsts, rests = self.objects(node, RDF.first), self.objects(node, RDF.rest)
            if not isinstance(node, (BNode, URIRef)) or node in seen or len(firsts) != 1 or len(rests) != 1:
                return None
            seen.add(node)
            members.append(firsts[0])
            node = rests[0]
        return members

    def boolean(self, node: Node, predicate: URIRef, where: str) -> bool:
        """Only the literal true counts as true (SHACL names no other lexical form)."""
        value = self.single(node, predicate, where)
        if value is None:
            return False
        if not (isinstance(value, Literal) and value.datatype == XSD.boolean):
            raise ShapesError(f"{where}: {self.term(predicate)} must be true or false (got {self.term(value)})")
        return str(value) == "true"

    def count(self, node: Node, predicate: URIRef, where: str) -> int | None:
        value = self.single(node, predicate, where)
        if value is None:
            return None
        if not (isinstance(value, Literal) and isinstance(value.value, int) and not isinstance(value.value, bool)
                and value.value >= 0 and not value.ill_typed):
            raise ShapesError(f"{where}: {self.term(predicate)} must be a non-negative integer (got {self.term(value)})")
        return value.value

    def iri(self, value: Node, predicate: URIRef, where: str) -> URIRef:
        if not isinstance(value, URIRef):
            raise ShapesError(f"{where}: {self.term(predicate)} must be an IRI (got {self.term(value)})")
        return value

    def literal(self, value: Node, predicate: URIRef, where: str) -> Literal:
        if not isinstance(value, Literal):
            raise ShapesError(f"{where}: {self.term(predicate)} must be a literal (got {self.term(value)})")
        return value

    def string(self, value: Node, predicate: URIRef, where: str) -> str:
        literal = self.literal(value, predicate, where)
        if literal.datatype not in (None, XSD.string) or literal.language:
            raise ShapesError(f"{where}: {self.term(predicate)} must be a string (got {self.term(value)})")
        return str(literal)

    def regex(self, pattern: Node, flags: Node | None, where: str) -> re.Pattern:
        text = self.string(pattern, SH.pattern, where)
        flag_text = self.string(flags, SH.flags, where) if flags is not None else ""
        return compile_regex(text, flag_text, where)

    def messages(self, node: Node) -> tuple[Literal, ...]:
        return tuple(m for m in self.objects(node, SH.message) if isinstance(m, Literal))

    def is_class(self, node: Node) -> bool:
        """A SHACL instance of rdfs:Class (or owl:Class, as OWL ontologies state classes)."""
        return self.is_instance(node, RDFS.Class) or self.is_instance(node, OWL.Class)

    def nodes_with(self, predicates: Iterable[URIRef]) -> list[Node]:
        return list(dict.fromkeys(s for p in predicates for s in self.index.subjects_with(p)))


REGEX_FLAGS = {"i": re.IGNORECASE, "m": re.MULTILINE, "s": re.DOTALL, "x": re.VERBOSE}


def compile_regex(text: str, flags: str, where: str) -> re.Pattern:
    """An XPath regular expression (SPARQL REGEX) as a Python one: flags i, m, s, x and q (literal)."""
    unknown = set(flags) - set(REGEX_FLAGS) - {"q"}
    if unknown:
        raise ShapesError(f"{where}: sh:flags {flags!r} has flags SPARQL REGEX does not define: {''.join(sorted(unknown))}")
    value = 0
    for flag in flags:
        value |= REGEX_FLAGS.get(flag, 0)
    try:
        return re.compile(re.escape(text) if "q" in flags else text, value)
    except re.error as error:
        raise ShapesError(f"{where}: sh:pattern {text!r} is not a valid regular expression: {error}") from None

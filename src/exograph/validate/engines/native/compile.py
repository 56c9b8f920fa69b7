"""The shapes graph compiled once into shapes and constraints (SHACL §2–§6).

Every node the SHACL definition makes a shape (typed sh:NodeShape/sh:PropertyShape, with a target,
with a constraint parameter, or a value of sh:node, sh:property, sh:not, sh:and ...) is compiled and
checked. A malformed shape (a property shape without sh:path, an sh:in that is not a list, an unknown
sh: parameter, a minCount that is not a non-negative integer, ...) is a ShapesError naming the shape;
SHACL the engine does not implement (SHACL-AF rules and node expressions, custom target types,
SHACL-JS, entailment regimes) is an UnsupportedFeature naming the feature and the shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from exograph.records.index import TripleIndex
from exograph.validate.engines.errors import ShapesError, UnsupportedFeature
from exograph.validate.engines.native import (cardinality, logical, other, property_pair, shape_based,
                                              string_based, value_range, value_type)
from exograph.validate.engines.native.components import ComponentDeclaration, constraints_for, declarations
from exograph.validate.engines.native.model import Constraint, Shape
from exograph.validate.engines.native.paths import read_path
from exograph.validate.engines.native.reader import ShapesReader
from exograph.validate.engines.native.sparql import SPARQL_KEYS, SparqlConstraint
from exograph.validate.engines.native.sparql_query import prefixes_of, prepare
from exograph.validate.engines.native.targets import ClassTarget, NodeTarget, PredicateTarget, SparqlTarget, Target
from exograph.vocab import SH

TARGETS = (SH.targetNode, SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
SHAPE_VALUED = (SH.node, SH.property, SH["not"], SH.qualifiedValueShape)
SHAPE_LISTS = (SH["and"], SH["or"], SH.xone)
SECONDARY = (SH.flags, SH.qualifiedMinCount, SH.qualifiedMaxCount, SH.qualifiedValueShapesDisjoint, SH.ignoredProperties)
NOT_VALIDATING = (SH.path, SH.severity, SH.message, SH.deactivated, SH.name, SH.description, SH.order, SH.group,
                  SH.defaultValue, SH.declare, SH.prefixes, SH.select, *TARGETS)  # a shape may be its own sh:sparql
PROPERTY_SHAPE_ONLY = (SH.minCount, SH.maxCount, SH.uniqueLang, SH.lessThan, SH.lessThanOrEquals, SH.qualifiedValueShape)
SINGLE_VALUED = (SH.path, SH.severity, SH.deactivated, SH.datatype, SH.nodeKind, SH.minCount, SH.maxCount,
                 SH.minLength, SH.maxLength, SH.flags, SH.languageIn, SH.uniqueLang, SH["in"], SH.closed,
                 SH.ignoredProperties, SH.qualifiedValueShape, SH.qualifiedMinCount, SH.qualifiedMaxCount,
                 SH.qualifiedValueShapesDisjoint)
UNSUPPORTED = {
    SH.rule: "SHACL-AF rules (sh:rule)", SH.values: "SHACL-AF node expressions (sh:values)",
    SH.expression: "SHACL-AF expression constraints (sh:expression)",
    SH.resultAnnotation: "SHACL-AF result annotations (sh:resultAnnotation)",
    SH.js: "SHACL-JS (sh:js)", SH.jsFunctionName: "SHACL-JS (sh:jsFunctionName)", SH.jsLibrary: "SHACL-JS (sh:jsLibrary)",
}


@dataclass
class CompiledShapes:
    graph: Graph
    index: TripleIndex  # the shapes graph's triples (a report copies blank shapes and paths from it)
    shapes: list[Shape]
    targeted: list[Shape]

    def by_node(self, node: Node) -> Shape | None:
        return next((s for s in self.shapes if s.node == node), None)


def compile_shapes(graph: Graph) -> CompiledShapes:
    return Compiler(graph).compile()


class Compiler:
    def __init__(self, graph: Graph):
        self.graph = graph
        self.reader = ShapesReader(graph)
        self.components: list[ComponentDeclaration] = declarations(self.reader)
        self._shapes: dict[Node, Shape] = {}
        self._builders: dict[URIRef, Callable[[Shape, Node, Node, str], list[Constraint]]] = self._core_builders()

    def compile(self) -> CompiledShapes:
        entailment = next(iter(self.reader.index.subjects_with(SH.entailment)), None)
        if entailment is not None:
            raise UnsupportedFeature(f"{self.reader.name(entailment)}: entailment regimes (sh:entailment) are not "
                                     "supported; validate the data with its entailments materialized")
        for node in self.shape_nodes():
            self.shape(node)
        shapes = list(self._shapes.values())
        return CompiledShapes(self.graph, self.reader.index, shapes, [s for s in shapes if s.targets])

    def shape_nodes(self) -> list[Node]:
        """The nodes SHACL §2.1 makes shapes, in a stable order."""
        reader = self.reader
        parameters = [*self._builders, *SECONDARY, *(p.path for c in self.components for p in c.parameters if not p.optional)]
        declared = set(reader.index.objects_with(SH.parameter))
        found = [*reader.index.instances(SH.NodeShape), *reader.index.instances(SH.PropertyShape),
                 *reader.nodes_with(TARGETS), *(n for n in reader.nodes_with(parameters) if n not in declared)]
        for predicate in SHAPE_VALUED:
            found += reader.index.objects_with(predicate)
        for predicate in SHAPE_LISTS:
            for value in reader.index.objects_with(predicate):
                found += reader.list_items(value) or []
        nodes = [n for n in dict.fromkeys(found) if isinstance(n, (URIRef, BNode))]
        return sorted(nodes, key=lambda n: (isinstance(n, BNode), str(n)))

    def shape(self, node: Node) -> Shape:
        known = self._shapes.get(node)
        if known is not None:
            return known
        if not isinstance(node, (URIRef, BNode)):
            raise ShapesError(f"{self.reader.term(node)} is used as a shape, but a shape is an IRI or a blank node")
        shape = self._shapes[node] = Shape(node, self.reader.name(node))  # before its constraints: shapes may recur
        self._fill(shape)
        return shape

    # ---- one shape --------------------------------------------------------------------------------

    def _fill(self, shape: Shape) -> None:
        reader, node, where = self.reader, shape.node, shape.name
        self._check_predicates(node, where)
        path = reader.single(node, SH.path, where)
        typed_node = reader.is_instance(node, SH.NodeShape)
        if path is not None and typed_node:
            raise ShapesError(f"{where}: a sh:NodeShape cannot have sh:path")
        if path is None and reader.is_instance(node, SH.PropertyShape):
            raise ShapesError(f"{where}: a sh:PropertyShape needs a sh:path")
        if path is not None:
            shape.path = read_path(path, reader.list_items, reader.objects, where)
        severity = reader.single(node, SH.severity, where)
        if severity is not None:
            shape.severity = reader.iri(severity, SH.severity, where)
        shape.messages = reader.messages(node)
        shape.deactivated = reader.boolean(node, SH.deactivated, where)
        shape.targets = self._targets(node, where)
        for parameter, build in self._builders.items():
            values = reader.objects(node, parameter)
            if values and path is None and parameter in PROPERTY_SHAPE_ONLY:
                raise ShapesError(f"{where}: {reader.term(parameter)} applies to property shapes only; this shape has no sh:path")
            for value in values:
                shape.constraints += build(shape, node, value, where)
        shape.constraints += constraints_for(reader, node, shape.path, self.components, where)

    def _check_predicates(self, node: Node, where: str) -> None:
        for predicate in dict.fromkeys(p for p, _ in self.reader.index.predicate_objects(node)):
            if not str(predicate).startswith(str(SH)):
                continue
            if predicate in UNSUPPORTED:
                raise UnsupportedFeature(f"{where}: {UNSUPPORTED[predicate]} is not supported by the native engine")
            if not self._shape_parameter(predicate):
                raise ShapesError(f"{where}: {self.reader.term(predicate)} is not a SHACL parameter a shape can have")
            if predicate in SINGLE_VALUED:
                self.reader.single(node, predicate, where)

    def _shape_parameter(self, predicate: Node) -> bool:
        return predicate in self._builders or predicate in SECONDARY or predicate in NOT_VALIDATING

    def _targets(self, node: Node, where: str) -> list[Target]:
        reader = self.reader
        targets: list[Target] = [NodeTarget(v) for v in reader.objects(node, SH.targetNode)]
        targets += [ClassTarget(c) for c in reader.objects(node, SH.targetClass)]
        if reader.is_class(node) and (reader.is_instance(node, SH.NodeShape) or reader.is_instance(node, SH.PropertyShape)):
            targets.append(ClassTarget(node))  # implicit class target (SHACL §2.1.3.3)
        targets += [PredicateTarget(reader.iri(p, SH.targetSubjectsOf, where), True) for p in reader.objects(node, SH.targetSubjectsOf)]
        targets += [PredicateTarget(reader.iri(p, SH.targetObjectsOf, where), False) for p in reader.objects(node, SH.targetObjectsOf)]
        targets += [self._sparql_target(node, t, where) for t in reader.objects(node, SH.target)]
        return targets

    def _sparql_target(self, shape: Node, target: Node, where: str) -> Target:
        reader = self.reader
        selects = reader.objects(target, SH.select)
        if not (reader.is_instance(target, SH.SPARQLTarget) or selects) or len(selects) != 1:
            raise UnsupportedFeature(f"{where}: sh:target {reader.term(target)} is not a SPARQL-based target "
                                     "(sh:SPARQLTarget with one sh:select); SHACL-AF custom target types are not supported")
        query = prepare(str(selects[0]), prefixes_of(reader, target, where), "SELECT", (), f"{where}: sh:target")
        return SparqlTarget(query, shape)

    # ---- constraints, by parameter ----------------------------------------------------------------

    def _core_builders(self) -> dict[URIRef, Callable[[Shape, Node, Node, str], list[Constraint]]]:
        builders: dict[URIRef, Callable[[Shape, Node, Node, str], list[Constraint]]] = {
            SH["class"]: lambda s, n, v, w: [value_type.ClassConstraint(v, self.reader.term(v))],
            SH.datatype: lambda s, n, v, w: [value_type.DatatypeConstraint(self.reader.iri(v, SH.datatype, w), self.reader.term(v))],
            SH.nodeKind: self._node_kind,
            SH.minCount: lambda s, n, v, w: [cardinality.MinCountConstraint(self.reader.count(n, SH.minCount, w))],  # type: ignore[arg-type]
            SH.maxCount: lambda s, n, v, w: [cardinality.MaxCountConstraint(self.reader.count(n, SH.maxCount, w))],  # type: ignore[arg-type]
            SH.minLength: lambda s, n, v, w: [string_based.LengthConstraint(self.reader.count(n, SH.minLength, w), True)],  # type: ignore[arg-type]
            SH.maxLength: lambda s, n, v, w: [string_based.LengthConstraint(self.reader.count(n, SH.maxLength, w), False)],  # type: ignore[arg-type]
            SH.pattern: lambda s, n, v, w: [string_based.PatternConstraint(self.reader.regex(v, self.reader.single(n, SH.flags, w), w))],
            SH.languageIn: self._language_in,
            SH.uniqueLang: lambda s, n, v, w: [string_based.UniqueLangConstraint()] if self.reader.boolean(n, SH.uniqueLang, w) else [],
            SH.equals: lambda s, n, v, w: [property_pair.EqualsConstraint(self.reader.iri(v, SH.equals, w), self.reader.term(v))],
            SH.disjoint: lambda s, n, v, w: [property_pair.DisjointConstraint(self.reader.iri(v, SH.disjoint, w), self.reader.term(v))],
            SH.lessThan: lambda s, n, v, w: [property_pair.less_than(SH.lessThan, self.reader.iri(v, SH.lessThan, w), self.reader.term(v))],
            SH.lessThanOrEquals: lambda s, n, v, w: [property_pair.less_than(
                SH.lessThanOrEquals, self.reader.iri(v, SH.lessThanOrEquals, w), self.reader.term(v))],
            SH["not"]: lambda s, n, v, w: [logical.NotConstraint(self.shape(v))],
            SH.node: lambda s, n, v, w: [shape_based.NodeConstraint(self.shape(v))],
            SH.property: self._property,
            SH.qualifiedValueShape: self._qualified,
            SH.closed: self._closed,
            SH.hasValue: lambda s, n, v, w: [other.HasValueConstraint(v)],
            SH["in"]: self._in,
            SH.sparql: self._sparql,
        }
        for parameter in logical.SHAPE_LISTS:
            builders[parameter] = lambda s, n, v, w, p=parameter: [logical.shape_list(p, self._shape_list(v, p, w))]
        for parameter in value_range.RANGES:
            builders[parameter] = lambda s, n, v, w, p=parameter: [
                value_range.range_constraint(p, self.reader.literal(v, p, w))]
        return builders

    def _node_kind(self, shape: Shape, node: Node, value: Node, where: str) -> list[Constraint]:
        if value not in value_type.NODE_KINDS:
            raise ShapesError(f"{where}: sh:nodeKind must be one of sh:IRI, sh:BlankNode, sh:Literal, "
                              f"sh:BlankNodeOrIRI, sh:BlankNodeOrLiteral, sh:IRIOrLiteral (got {self.reader.term(value)})")
        return [value_type.NodeKindConstraint(value, self.reader.term(value))]  # type: ignore[arg-type]

    def _language_in(self, shape: Shape, node: Node, value: Node, where: str) -> list[Constraint]:
        languages = tuple(self.reader.string(v, SH.languageIn, where) for v in self.reader.items(value, where, SH.languageIn))
        return [string_based.LanguageInConstraint(languages)]

    def _shape_list(self, value: Node, parameter: URIRef, where: str) -> tuple[Shape, ...]:
        return tuple(self.shape(member) for member in self.reader.items(value, where, parameter))

    def _property(self, shape: Shape, node: Node, value: Node, where: str) -> list[Constraint]:
        target = self.shape(value)
        if target.path is None:
            raise ShapesError(f"{where}: its sh:property {target.name} has no sh:path")
        return [shape_based.PropertyConstraint(target)]

    def _qualified(self, shape: Shape, node: Node, value: Node, where: str) -> list[Constraint]:
        reader = self.reader
        minimum, maximum = reader.count(node, SH.qualifiedMinCount, where), reader.count(node, SH.qualifiedMaxCount, where)
        siblings = self._qualified_siblings(node) if reader.boolean(node, SH.qualifiedValueShapesDisjoint, where) else []
        qualified = self.shape(value)
        return [shape_based.QualifiedCountConstraint(qualified, bound, is_min, siblings)
                for bound, is_min in ((minimum, True), (maximum, False)) if bound is not None]

    def _qualified_siblings(self, node: Node) -> list[Shape]:
        """The qualified value shapes of the other property shapes of every shape this one is a
        property shape of."""
        reader = self.reader
        siblings = [q for parent in reader.subjects(SH.property, node) for other_ in reader.objects(parent, SH.property)
                    if other_ != node for q in reader.objects(other_, SH.qualifiedValueShape)]
        return [self.shape(q) for q in dict.fromkeys(siblings)]

    def _closed(self, shape: Shape, node: Node, value: Node, where: str) -> list[Constraint]:
        if not self.reader.boolean(node, SH.closed, where):
            return []
        allowed = {p for prop in self.reader.objects(node, SH.property) for p in self.reader.objects(prop, SH.path)
                   if isinstance(p, URIRef)}
        ignored = self.reader.single(node, SH.ignoredProperties, where)
        if ignored is not None:
            allowed |= set(self.reader.items(ignored, where, SH.ignoredProperties))
        return [other.ClosedConstraint(frozenset(allowed))]

    def _in(self, shape: Shape, node: Node, value: Node, where: str) -> list[Constraint]:
        members = self.reader.items(value, where, SH["in"])
        shown = ", ".join(self.reader.term(m) for m in members[:8]) + (", ..." if len(members) > 8 else "")
        return [other.InConstraint(frozenset(members), f"({shown})")]

    def _sparql(self, shape: Shape, node: Node, value: Node, where: str) -> list[Constraint]:
        reader = self.reader
        where = f"{where}: SPARQL constraint {reader.term(value)}" if isinstance(value, URIRef) else f"{where}: its sh:sparql [...]"
        for predicate, _ in reader.index.predicate_objects(value):
            if str(predicate).startswith(str(SH)) and predicate not in SPARQL_KEYS and not self._shape_parameter(predicate):
                raise ShapesError(f"{where}: {reader.term(predicate)} is not a parameter of a SPARQL constraint")
        if reader.boolean(value, SH.deactivated, where):
            return []
        select = reader.single(value, SH.select, where)
        if not isinstance(select, Literal):
            raise ShapesError(f"{where}: a SPARQL constraint needs one sh:select (a string)")
        body = str(select)
        if shape.path is not None:
            body = body.replace("$PATH", shape.path.sparql())
        query = prepare(body, prefixes_of(reader, value, where), "SELECT", {"this"}, where)
        return [SparqlConstraint(value, query, reader.messages(value))]

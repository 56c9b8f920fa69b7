"""SPARQL-based constraint components (SHACL §6): sh:ConstraintComponent declarations with
sh:parameter, validated by an ASK validator (each value node, $value pre-bound; false is a result)
or a SELECT validator (each solution is a result, as for sh:sparql).

A shape uses a component when it has a value for every non-optional parameter; each combination of
parameter values is one constraint, with the parameters pre-bound by their local names. A node shape
uses sh:nodeValidator, else sh:validator; a property shape sh:propertyValidator, else sh:validator.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef
from rdflib.term import Node

from exograph.validate.engines.errors import ShapesError
from exograph.validate.engines.native.model import Constraint, Result, Shape
from exograph.validate.engines.native.sparql import solution_result
from exograph.validate.engines.native.sparql_query import SparqlQuery, messages, prefixes_of, prepare
from exograph.vocab import SH

if TYPE_CHECKING:
    from exograph.validate.engines.native.paths import Path
    from exograph.validate.engines.native.reader import ShapesReader
    from exograph.validate.engines.native.run import Run


@dataclass(frozen=True)
class Parameter:
    path: URIRef
    optional: bool

    @property
    def variable(self) -> str:
        text = str(self.path)
        return text[max(text.rfind("#"), text.rfind("/"), text.rfind(":")) + 1:]


@dataclass
class Validator:
    node: Node
    kind: str  # "ASK" or "SELECT"
    body: str
    prefixes: dict[str, str]
    templates: tuple[Literal, ...]


@dataclass
class ComponentDeclaration:
    node: URIRef
    parameters: list[Parameter]
    validators: dict[str, Validator]  # "node", "property", "any"

    def validator_for(self, is_property_shape: bool) -> Validator | None:
        return self.validators.get("property" if is_property_shape else "node") or self.validators.get("any")


def declarations(reader: ShapesReader) -> list[ComponentDeclaration]:
    """Every SHACL instance of sh:ConstraintComponent in the shapes graph."""
    nodes = [n for n in reader.index.subjects_with(SH.parameter) if reader.is_instance(n, SH.ConstraintComponent)]
    return [_declaration(reader, node) for node in nodes]


def _declaration(reader: ShapesReader, node: Node) -> ComponentDeclaration:
    where = f"constraint component {reader.name(node)}"
    if not isinstance(node, URIRef):
        raise ShapesError(f"{where}: a constraint component must be an IRI")
    parameters = []
    for declared in reader.objects(node, SH.parameter):
        path = reader.single(declared, SH.path, where)
        if not isinstance(path, URIRef):
            raise ShapesError(f"{where}: each sh:parameter needs one sh:path that is an IRI")
        parameters.append(Parameter(path, reader.boolean(declared, SH.optional, where)))
    validators = {}
    for key, predicate in (("node", SH.nodeValidator), ("property", SH.propertyValidator), ("any", SH.validator)):
        found = reader.objects(node, predicate)
        if len(found) > 1:
            raise ShapesError(f"{where}: more than one {reader.term(predicate)}")
        if found:
            validators[key] = _validator(reader, found[0], where, allow_select=key != "any")
    return ComponentDeclaration(node, parameters, validators)


def _validator(reader: ShapesReader, node: Node, where: str, allow_select: bool) -> Validator:
    asks, selects = reader.objects(node, SH.ask), reader.objects(node, SH.select)
    if len(asks) + len(selects) != 1:
        raise ShapesError(f"{where}: a validator needs exactly one sh:ask or sh:select")
    if selects and not allow_select:
        raise ShapesError(f"{where}: sh:validator must be an ASK validator (SHACL §6.2.3)")
    kind, body = ("ASK", asks[0]) if asks else ("SELECT", selects[0])
    return Validator(node, kind, str(body), prefixes_of(reader, node, where), reader.messages(node))


@dataclass
class ComponentConstraint(Constraint):
    """One use of a SPARQL-based constraint component by a shape."""

    component: URIRef  # type: ignore[misc]
    validator: Validator
    query: SparqlQuery
    parameters: dict[str, Node]

    def evaluate(self, run: Run, shape: Shape, focus: Node, values: list[Node]) -> list[Result]:
        bindings: dict[str, Node] = {"this": focus, "currentShape": shape.node, **self.parameters}
        templates = self.validator.templates
        if self.validator.kind == "ASK":
            failing = [v for v in values if not run.ask(self.query, {**bindings, "value": v})]
            return [run.result(shape, focus, self, value=v,
                               messages=messages(templates, {**bindings, "value": v}) or None) for v in failing]
        if not shape.is_property_shape and "value" in self.query.mentions:
            bindings["value"] = focus
        rows = run.select(self.query, bindings)
        return [solution_result(run, shape, self, focus, {**self.parameters, **row}, templates) for row in rows]


def constraints_for(reader: ShapesReader, node: Node, path: Path | None, declared: list[ComponentDeclaration],
                    where: str) -> list[Constraint]:
    """The constraints a shape has through the SPARQL-based components it uses."""
    found: list[Constraint] = []
    for component in declared:
        values = {p: reader.objects(node, p.path) for p in component.parameters}
        if any(not v for p, v in values.items() if not p.optional) or not any(values.values()):
            continue
        validator = component.validator_for(path is not None)
        if validator is None:
            continue  # SHACL §6.2.3: no validator for this kind of shape, so the component does not apply
        query = _query(validator, component, path, where)
        names = [p for p in component.parameters if values[p]]
        for combination in itertools.product(*(values[p] for p in names)):
            bound = {p.variable: value for p, value in zip(names, combination)}
            found.append(ComponentConstraint(component.node, validator, query, bound))
    return found


def _query(validator: Validator, component: ComponentDeclaration, path: Path | None, where: str) -> SparqlQuery:
    body = validator.body
    if path is not None:
        body = body.replace("$PATH", path.sparql())
    prebound = {"this", *(p.variable for p in component.parameters if not p.optional)}
    if validator.kind == "ASK":
        prebound.add("value")
    optional = [p.variable for p in component.parameters if p.optional] + ["value"]  # $value = $this in node shapes
    return prepare(body, validator.prefixes, validator.kind, prebound, f"{where}: validator of {component.node}", optional)

"""SPARQL-based constraints (SHACL §5): sh:sparql [ sh:select ... ] on a node or property shape.

Each solution of the SELECT query, run with $this pre-bound to a focus node (and $PATH written as
the property shape's path), is a result: its focus node is $this, its value ?value (else, in a node
shape, the focus node), its path the shape's path or, in a node shape, ?path; its messages the
constraint's and the shape's sh:message with {?var} filled in. A solution with ?failure true stops
validation (ValidationFailure).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rdflib import Literal
from rdflib.term import Node

from exograph.validate.engines.errors import ValidationFailure
from exograph.validate.engines.native.model import Constraint, Result, Shape
from exograph.validate.engines.native.sparql_query import SparqlQuery, as_iri, messages
from exograph.vocab import SH

if TYPE_CHECKING:
    from exograph.validate.engines.native.run import Run

SPARQL_KEYS = {SH.select, SH.message, SH.prefixes, SH.deactivated, SH.name, SH.description}


@dataclass
class SparqlConstraint(Constraint):
    node: Node  # sh:sourceConstraint
    query: SparqlQuery
    templates: tuple[Literal, ...]
    component = SH.SPARQLConstraintComponent

    def evaluate(self, run: Run, shape: Shape, focus: Node, values: list[Node]) -> list[Result]:
        if not run.may_have_rows(self, focus):
            return []
        rows = run.select(self.query, {"this": focus, "currentShape": shape.node})
        return [solution_result(run, shape, self, focus, row, self.templates) for row in rows]


def solution_result(run: Run, shape: Shape, constraint: Any, focus: Node, row: dict[str, Node],
                    templates: tuple[Literal, ...], constraint_node: Node | None = None) -> Result:
    """One solution of a SELECT-based constraint or validator as a result (SHACL §5.3.2)."""
    if _is_true(row.get("failure")):
        raise ValidationFailure(f"the SPARQL constraint of {shape.name} reported a failure for {focus}")
    value = row.get("value")
    if value is None and not shape.is_property_shape:
        value = focus
    path = shape.path if shape.path is not None else as_iri(row.get("path"))
    variables = {**row, "this": row.get("this") or focus, **({"value": value} if value is not None else {})}
    found = [m for m in templates if m not in shape.messages] + list(shape.messages)
    return run.result(shape, row.get("this") or focus, constraint, value=value, path=path,
                      messages=messages(found, variables) or None,
                      constraint_node=getattr(constraint, "node", constraint_node))


def _is_true(value: Node | None) -> bool:
    return isinstance(value, Literal) and value.value is True

"""One validation of one data graph (SHACL §3.4): focus nodes of each targeted shape, value nodes,
constraints; whether a node conforms to a shape (for sh:node, sh:not, sh:or ...), remembered for
the run."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from exograph.records.index import TripleIndex
from exograph.validate.engines.errors import ShapesError
from exograph.validate.engines.native.model import Constraint, Result, Shape
from exograph.validate.engines.native.paths import Path
from exograph.validate.engines.native.targets import focus_nodes

if TYPE_CHECKING:
    from exograph.validate.engines.native.compile import CompiledShapes
    from exograph.validate.engines.native.sparql_query import SparqlQuery

SHAPES_GRAPH = URIRef("urn:exograph:shacl:shapes-graph")  # what $shapesGraph names
_UNSET: Any = object()


class Run:
    def __init__(self, shapes: CompiledShapes, data: TripleIndex,
                 candidates: dict[int, tuple[set[Node], set[Node]]] | None = None):
        self.shapes = shapes
        self.data = data
        # constraint id → (focus nodes checked beforehand, those of them that may have results)
        self.candidates = candidates or {}
        self._conforming: dict[tuple[int, Node], bool] = {}
        self._checking: set[tuple[int, Node]] = set()
        self._dataset: Dataset | None = None
        self._focus: dict[int, list[Node]] = {}

    def focus_nodes(self, shape: Shape) -> list[Node]:
        """The focus nodes of a shape's targets in this data graph (worked out once)."""
        found = self._focus.get(id(shape))
        if found is None:
            found = self._focus[id(shape)] = focus_nodes(self, shape.targets)
        return found

    def validate(self, shapes: Iterable[Shape] | None = None) -> list[Result]:
        """Every result of the targeted shapes (or of `shapes`) on their focus nodes."""
        found: list[Result] = []
        for shape in self.shapes.targeted if shapes is None else shapes:
            if shape.deactivated:
                continue
            for focus in self.focus_nodes(shape):
                found += self.node_results(shape, focus)
        return found

    def node_results(self, shape: Shape, focus: Node) -> list[Result]:
        """The results of validating one focus node against one shape."""
        if shape.deactivated:
            return []
        values = [focus] if shape.path is None else shape.path.values(self.data, focus)
        found: list[Result] = []
        for constraint in shape.constraints:
            found += constraint.evaluate(self, shape, focus, values)
        return found

    def conforms(self, shape: Shape, node: Node) -> bool:
        key = (id(shape), node)
        known = self._conforming.get(key)
        if known is not None:
            return known
        if key in self._checking:
            raise ShapesError(f"{shape.name} refers back to itself while validating {node} (recursive shapes "
                              "are not defined by SHACL)")
        self._checking.add(key)
        try:
            conforming = not self.node_results(shape, node)
        finally:
            self._checking.discard(key)
        self._conforming[key] = conforming
        return conforming

    def result(self, shape: Shape, focus: Node, constraint: Constraint, *, value: Node | None = None,
               path: Path | Node | None = _UNSET, message: str = "", messages: tuple[Literal, ...] | None = None,
               constraint_node: Node | None = None) -> Result:
        if path is _UNSET:
            path = shape.path
        if messages is None:
            messages = shape.messages or (Literal(message or f"does not conform to {shape.name}"),)
        return Result(focus, shape.node, constraint.component, shape.severity, messages, value, path, constraint_node)

    # ---- SPARQL ---------------------------------------------------------------------------------

    def may_have_rows(self, constraint: Constraint, focus: Node) -> bool:
        """False when a batch query already found that the constraint has no solution for focus."""
        checked = self.candidates.get(id(constraint))
        return checked is None or focus not in checked[0] or focus in checked[1]

    def select(self, query: SparqlQuery, bindings: dict[str, Node]) -> list[dict[str, Node]]:
        result = self._graph(query).query(query.query, initBindings=self._bound(query, bindings))
        rows = {tuple(sorted(row.asdict().items())): None for row in result}  # type: ignore[union-attr]
        return [dict(row) for row in rows]  # identical solutions are one result (rdflib may repeat one)

    def ask(self, query: SparqlQuery, bindings: dict[str, Node]) -> bool:
        return bool(self._graph(query).query(query.query, initBindings=self._bound(query, bindings)).askAnswer)

    def _bound(self, query: SparqlQuery, bindings: dict[str, Node]) -> dict[str, Node]:
        bound = {k: v for k, v in bindings.items() if k in query.mentions or k == "this"}
        if query.uses_shapes_graph:
            bound["shapesGraph"] = SHAPES_GRAPH
        return bound

    def _graph(self, query: SparqlQuery) -> Graph:
        if not query.uses_shapes_graph:
            return self.data.graph
        if self._dataset is None:  # the data as default graph, the shapes as a named graph
            self._dataset = Dataset()
            for triple in self.data:
                self._dataset.default_context.add(triple)
            named = self._dataset.graph(SHAPES_GRAPH)
            for triple in self.shapes.graph:
                named.add(triple)
        return self._dataset

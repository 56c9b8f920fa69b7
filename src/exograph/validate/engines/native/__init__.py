"""exograph's own SHACL engine: SHACL Core and SHACL-SPARQL, checked against the W3C test suite.

    engine = NativeEngine.of(shapes_graph)          # compile once (ShapesError names a bad shape)
    results = engine.validate(data)                 # a Graph, a TripleIndex or triples
    report = engine.report(results, data)           # the SHACL report graph
    per_record = engine.validate_batch(indexes)     # many graphs, each validated on its own

Layout: compile.py reads the shapes graph (reader.py, paths.py, targets.py); one module per family
of constraint components (value_type, cardinality, value_range, string_based, property_pair,
logical, shape_based, other, sparql, components); run.py validates one data graph; batch.py runs
the SPARQL constraints of many records on Oxigraph at once; report.py writes the report graph.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from rdflib import Graph, URIRef
from rdflib.term import Node

from exograph.records.index import Triple, TripleIndex
from exograph.validate.engines.native.compile import CompiledShapes, compile_shapes
from exograph.validate.engines.native.model import Result, Shape
from exograph.validate.engines.native.report import report_graph
from exograph.validate.engines.native.run import Run

__all__ = ["NativeEngine", "Result", "compile_shapes"]

_CACHE: dict[str, "NativeEngine"] = {}


@dataclass
class NativeEngine:
    compiled: CompiledShapes

    @classmethod
    def of(cls, shapes: Graph, key: str | None = None) -> "NativeEngine":
        """The shapes compiled; once per process for a `key` (a fingerprint of the shape files)."""
        if key is not None and key in _CACHE:
            return _CACHE[key]
        engine = cls(compile_shapes(shapes))
        if key is not None:
            if len(_CACHE) >= 8:
                _CACHE.clear()
            _CACHE[key] = engine
        return engine

    @property
    def shapes_graph(self) -> Graph:
        return self.compiled.graph

    def targeted(self, only: Iterable[Node] | None = None) -> list[Shape]:
        """The shapes with targets; `only`: those whose node is listed (the shapes they use still apply)."""
        if only is None:
            return self.compiled.targeted
        wanted = set(only)
        return [s for s in self.compiled.targeted if s.node in wanted]

    def validate(self, data: Graph | TripleIndex | Iterable[Triple], only: Iterable[URIRef] | None = None) -> list[Result]:
        return Run(self.compiled, TripleIndex.of(data)).validate(self.targeted(only))

    def validate_batch(self, records: list[TripleIndex], only: Iterable[URIRef] | None = None) -> list[list[Result]]:
        """Each record validated on its own; SPARQL constraints pre-filtered once per batch on Oxigraph."""
        from exograph.validate.engines.native.batch import prefilter_sparql

        shapes = self.targeted(only)
        runs = [Run(self.compiled, index) for index in records]
        prefilter_sparql(runs, shapes)
        return [run.validate(shapes) for run in runs]

    def report(self, results: list[Result], data: Graph | TripleIndex) -> Graph:
        return report_graph(results, self.compiled, TripleIndex.of(data))

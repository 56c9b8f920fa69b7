"""pySHACL as an engine: the reference the native engine is checked against.

The report graph's sh:conforms is set as SHACL §3.6.1 says (false whenever there is a result), the
same as the native engine's; pySHACL with allow_warnings=True would say true for warnings only.
A shape pySHACL cannot apply is a ShapesError (exit 2), as in the native engine.
"""

from __future__ import annotations

from typing import Iterable

from rdflib import Graph, Literal
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

from exograph.validate.engines.errors import ShapesError
from exograph.validate.engines.pyshacl_patches import patched_pyshacl
from exograph.vocab import SH


def pyshacl_report(data: Graph, shapes: Graph) -> Graph:
    """pySHACL's report graph for data against shapes (no inference, SHACL-AF enabled)."""
    from pyshacl import validate
    from pyshacl.errors import ReportableRuntimeError

    try:
        with patched_pyshacl():
            _, report, _ = validate(data, shacl_graph=shapes, inference="none", advanced=True,
                                    allow_warnings=True, inplace=True)
    except (ReportableRuntimeError, NotImplementedError) as error:  # a shape pySHACL cannot apply
        raise ShapesError(f"pySHACL cannot apply the shapes: {error}") from None
    if not isinstance(report, Graph):  # pySHACL returns (not raises) a ValidationFailure
        raise ShapesError(f"pySHACL cannot apply the shapes: {report}")
    node = report.value(None, RDF.type, SH.ValidationReport, any=True)
    report.set((node, SH.conforms, Literal(not any(report.objects(node, SH.result)))))
    return report


def restrict_targets(shapes: Graph, only: Iterable[Node]) -> Graph:
    """The shapes graph with targets only on the `only` shapes: the others still apply where those
    use them (sh:node, sh:property ...). pySHACL's own use_shapes= skips shapes such a shape refers
    to by IRI, so it is not used."""
    wanted = set(only)
    targets = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
    shape_types = {SH.NodeShape, SH.PropertyShape}
    shapes_typed = {s for s, o in shapes.subject_objects(RDF.type) if o in shape_types}
    restricted = Graph()
    for prefix, namespace in shapes.namespace_manager.namespaces():
        restricted.bind(prefix, namespace)
    for s, p, o in shapes:
        implicit = p == RDF.type and o in (RDFS.Class, OWL.Class) and s in shapes_typed  # an implicit class target
        if s in wanted or not (p in targets or implicit):
            restricted.add((s, p, o))
    return restricted

"""Every exo: term the appraisal writes is declared in ontology/exograph.ttl with a label and a
definition, and used with the kind (object or datatype property) it is declared with."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from exograph.appraisal.graph import appraisal_graph
from exograph.records.convert import load_records
from exograph.paths import ProjectPaths
from exograph.vocab import EXO
from synthetic_records import rct

ROOT = Path(__file__).resolve().parents[2]
IAO_DEFINITION = URIRef("http://purl.obolibrary.org/obo/IAO_0000115")


def test_appraisal_terms_are_declared_and_used_as_declared() -> None:
    records = [loaded.record for loaded in load_records(ProjectPaths(ROOT))]
    graph = appraisal_graph(records + [rct("alpha-2025", 60, (20.0, 8.0), (5.0, 7.0), 0.001),
                                       rct("beta-2025", 55, (18.0, 9.0), (6.0, 8.0), 0.5)])
    ontology = Graph().parse(ROOT / "ontology" / "exograph.ttl")
    used = {n for triple in graph for n in triple if isinstance(n, URIRef) and str(n).startswith(str(EXO))}
    assert EXO.PooledEstimate in used and EXO.StudyEstimate in used
    problems = [f"{term} is not declared, labelled and defined" for term in sorted(used)
                if ontology.value(term, RDFS.label) is None or ontology.value(term, IAO_DEFINITION) is None]
    objects, datatypes = set(ontology.subjects(RDF.type, OWL.ObjectProperty)), set(ontology.subjects(RDF.type, OWL.DatatypeProperty))
    for _, predicate, obj in graph:
        if predicate in objects and isinstance(obj, Literal) or predicate in datatypes and not isinstance(obj, Literal):
            problems.append(f"{predicate} used with {obj!r}")
    assert not problems, "\n".join(sorted(set(problems)))

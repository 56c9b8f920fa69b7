"""The evidence network: exosome sources, studies, indications, outcomes and adverse events as a
networkx graph built from the RDF graph with one SPARQL query per kind of edge."""

from __future__ import annotations

import networkx as nx
from rdflib import Graph

PREFIXES = """
PREFIX exo: <https://w3id.org/exograph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""

STUDIES = PREFIXES + """
SELECT ?s ?label (MIN(?n) AS ?patients) WHERE {
  ?s a exo:Study ; rdfs:label ?label . OPTIONAL { ?s exo:sampleSize ?n }
} GROUP BY ?s ?label"""

SOURCES = PREFIXES + """
SELECT DISTINCT ?s ?src ?label WHERE { ?s a exo:Study ; exo:usesExosomeSource ?src . ?src rdfs:label ?label }"""

INDICATIONS = PREFIXES + """
SELECT DISTINCT ?s ?ind ?label WHERE {
  ?s a exo:Study ; exo:indication ?ind . OPTIONAL { ?ind rdfs:label ?l } BIND(COALESCE(?l, STR(?ind)) AS ?label) }"""

OUTCOMES = PREFIXES + """
SELECT DISTINCT ?s ?measure ?label WHERE {
  ?s a exo:Study ; exo:hasMeasurement/exo:measure ?measure .
  OPTIONAL { ?measure rdfs:label ?l } BIND(COALESCE(?l, STRAFTER(STR(?measure), "#")) AS ?label) }"""

EVENTS = PREFIXES + """
SELECT DISTINCT ?s ?event ?label WHERE {
  ?s a exo:Study ; exo:hasAdverseEvent/exo:eventType ?event .
  OPTIONAL { ?event rdfs:label ?l } BIND(COALESCE(?l, STRAFTER(STR(?event), "#")) AS ?label) }"""

KINDS = ("source", "study", "indication", "outcome", "adverse_event")


def node_id(kind: str, iri: object) -> str:
    """Plain node ids (kind + IRI): no HTML ever reaches an id."""
    return f"{kind}:{iri}"


def evidence_network(graph: Graph) -> nx.Graph:
    net = nx.Graph()
    patients: dict[str, int] = {}
    for row in graph.query(STUDIES):
        study = node_id("study", row.s)
        patients[study] = int(row.patients) if row.patients is not None else 0
        net.add_node(study, kind="study", label=str(row.label), patients=patients[study])
    for query, kind in ((SOURCES, "source"), (INDICATIONS, "indication"), (OUTCOMES, "outcome"), (EVENTS, "adverse_event")):
        for row in graph.query(query):
            study = node_id("study", row.s)
            other_iri = row[1]
            other = node_id(kind, row.label if kind == "source" else other_iri)
            net.add_node(other, kind=kind, label=str(row.label))
            net.add_edge(study, other, weight=max(patients.get(study, 1), 1))
    return net

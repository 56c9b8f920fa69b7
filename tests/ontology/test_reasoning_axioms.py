"""The per-record reasoner implements the OWL constructs the ontology uses and refuses every other
one by name, with the file that states it; it never skips an axiom it does not implement."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS

from exograph.ontology.axioms import UnsupportedAxiom, compile_axioms
from exograph.ontology.classify import load_ontology
from exograph.ontology.datatypes import Literal as Lit
from exograph.ontology.realize import realize
from support import ROOT

EX = "https://w3id.org/exograph/ontology#"
XSD = "http://www.w3.org/2001/XMLSchema#"
A, B, P = URIRef(EX + "A"), URIRef(EX + "B"), URIRef(EX + "p")


def _base() -> Graph:
    graph = Graph()
    for cls in (A, B):
        graph.add((cls, RDF.type, OWL.Class))
    graph.add((P, RDF.type, OWL.ObjectProperty))
    return graph


def _restriction(graph: Graph, kind: URIRef, value) -> BNode:  # noqa: ANN001 - an rdflib term
    node = BNode()
    graph.add((node, RDF.type, OWL.Restriction))
    graph.add((node, OWL.onProperty, P))
    graph.add((node, kind, value))
    return node


def _all_values(graph: Graph) -> None:
    graph.add((A, RDFS.subClassOf, _restriction(graph, OWL.allValuesFrom, B)))


def _has_value(graph: Graph) -> None:
    graph.add((A, OWL.equivalentClass, _restriction(graph, OWL.hasValue, URIRef(EX + "thing"))))


def _complement(graph: Graph) -> None:
    node = BNode()
    graph.add((node, OWL.complementOf, B))
    graph.add((A, RDFS.subClassOf, node))


def _transitive(graph: Graph) -> None:
    graph.add((P, RDF.type, OWL.TransitiveProperty))


def _chain(graph: Graph) -> None:
    node = BNode()
    Collection(graph, node, [P, P])
    graph.add((P, OWL.propertyChainAxiom, node))


def _min_cardinality(graph: Graph) -> None:
    graph.add((A, RDFS.subClassOf, _restriction(graph, OWL.minCardinality, Literal(2, datatype=URIRef(XSD + "nonNegativeInteger")))))


@pytest.mark.parametrize("add, named", [(_all_values, "owl:allValuesFrom"), (_has_value, "owl:hasValue"),
                                        (_complement, "owl:complementOf"), (_transitive, "owl:TransitiveProperty"),
                                        (_chain, "owl:propertyChainAxiom"), (_min_cardinality, "owl:minCardinality")])
def test_an_unsupported_construct_is_refused_by_name(add, named: str):  # noqa: ANN001 - a function
    graph = _base()
    add(graph)
    with pytest.raises(UnsupportedAxiom) as caught:
        compile_axioms(graph)
    message = str(caught.value)
    assert named in message and ("exo:A" in message or "exo:p" in message)
    assert "--hermit" in message  # says how to reason anyway


def test_the_refusal_names_the_ontology_file(tmp_path: Path):
    shutil.copytree(ROOT / "ontology", tmp_path / "ontology")
    with (tmp_path / "ontology" / "exograph.ttl").open("a", encoding="utf-8") as handle:
        handle.write("\nexo:Study rdfs:subClassOf [ a owl:Restriction ; owl:onProperty exo:hasIntervention ;"
                     " owl:allValuesFrom exo:Intervention ] .\n")
    with pytest.raises(UnsupportedAxiom, match=r"^ontology/exograph\.ttl: exo:Study .*owl:allValuesFrom"):
        load_ontology(tmp_path / "ontology", tmp_path)


def test_the_real_ontology_compiles():
    from exograph.graphs import ontology_files
    from exograph.ontology.axioms import read_ontology_files

    compiled = compile_axioms(*read_ontology_files(ontology_files(ROOT / "ontology"), ROOT)).compiled
    assert str(URIRef(EX + "MSCDerivedEvidence")) in compiled.defined
    assert compiled.somes and compiled.data_somes and compiled.unions and compiled.functional


def _compiled(graph: Graph):  # noqa: ANN202 - a Compiled with every class its own only ancestor
    return compile_axioms(graph).compiled


def test_a_union_with_one_disjunct_left_brings_that_disjunct():
    """x is in (A or B) and in D, which is disjoint with A: x is a B. In E too, disjoint with B: no
    member of the union is left, a clash."""
    graph = _base()
    d, e, u = URIRef(EX + "D"), URIRef(EX + "E"), URIRef(EX + "U")
    for cls in (d, e, u):
        graph.add((cls, RDF.type, OWL.Class))
    graph.add((d, OWL.disjointWith, A))
    graph.add((e, OWL.disjointWith, B))
    node, members = BNode(), BNode()
    Collection(graph, members, [A, B])
    graph.add((node, OWL.unionOf, members))
    graph.add((u, OWL.equivalentClass, node))
    compiled = _compiled(graph)
    [union] = compiled.unions
    compiled.ancestors[str(u)] = frozenset({str(u), union})  # HermiT's classification: U is the union
    result = realize(compiled, [("x", str(RDF.type), str(u)), ("x", str(RDF.type), str(d))])
    assert result.consistent and str(B) in result.types["x"] and str(A) not in result.types["x"]
    clash = realize(compiled, [("x", str(RDF.type), str(u)), ("x", str(RDF.type), str(d)),
                               ("x", str(RDF.type), str(e))])
    assert not clash.consistent and clash.clash.kind == "union"


def test_a_value_outside_a_data_range_is_a_clash():
    graph = _base()
    q = URIRef(EX + "q")
    graph.add((q, RDF.type, OWL.DatatypeProperty))
    graph.add((q, RDFS.range, URIRef(XSD + "integer")))
    result = realize(_compiled(graph), [("x", str(q), Lit("1.5", str(URIRef(XSD + "decimal"))))])
    assert not result.consistent and result.clash.kind == "datatype-range"

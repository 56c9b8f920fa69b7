"""Claims computed from study records: the first statement of each field counts, values are tidy,
and every computed claim carries the topic keys the review's own claims use."""

from __future__ import annotations

from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from exograph.records.derived import LOCATOR, claim_iri, derived_claims
from exograph.vocab import EXD, EXO

TURTLE = """
@prefix exo: <https://w3id.org/exograph/ontology#> .
@prefix exd: <https://w3id.org/exograph/data/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/exograph/data/review/r> exo:hasClaim <https://w3id.org/exograph/data/review/r/claims/fu> ;
    exo:reviewIncludes <https://w3id.org/exograph/data/study/a> , <https://w3id.org/exograph/data/study/b> .
<https://w3id.org/exograph/data/review/r/claims/fu> exo:topic "follow-up-longest" ; exo:unitKey "month" .
<https://w3id.org/exograph/data/study/a> a exo:Study ; rdfs:label "A 2020" ;
    exo:hasMeasurement <https://w3id.org/exograph/data/study/a/m> ; exo:hasFollowUp <https://w3id.org/exograph/data/study/a/follow_up/0> .
<https://w3id.org/exograph/data/study/a/sample_size/0> exo:fieldPath "sample_size[0]" ; rdf:subject <https://w3id.org/exograph/data/study/a> ; rdf:predicate exo:sampleSize ; rdf:object 12 .
<https://w3id.org/exograph/data/study/a/sample_size/1> exo:fieldPath "sample_size[1]" ; rdf:subject <https://w3id.org/exograph/data/study/a> ; rdf:predicate exo:sampleSize ; rdf:object 35 .
<https://w3id.org/exograph/data/study/a/design/0> exo:fieldPath "design[0]" ; rdf:subject <https://w3id.org/exograph/data/study/a> ; rdf:predicate exo:hasDesign ; rdf:object exo:SingleArmTrial .
<https://w3id.org/exograph/data/study/a/m> exo:measure exo:HairDensity ; exo:unitKey "hairs/cm2" ; exo:baselineValue 96.5 ; exo:followupValue 163.5 .
<https://w3id.org/exograph/data/study/a/follow_up/0> exo:fieldPath "follow_up[0]" ; exo:duration [ exo:numericValue 1 ; exo:unitKey "year" ] .
<https://w3id.org/exograph/data/study/b> a exo:Study ; rdfs:label "B 2021" ; exo:hasFollowUp <https://w3id.org/exograph/data/study/b/follow_up/0> .
<https://w3id.org/exograph/data/study/b/sample_size/0> exo:fieldPath "sample_size[0]" ; rdf:subject <https://w3id.org/exograph/data/study/b> ; rdf:predicate exo:sampleSize ; rdf:object 1 .
<https://w3id.org/exograph/data/study/b/follow_up/0> exo:fieldPath "follow_up[0]" ; exo:duration [ exo:numericValue 6 ; exo:unitKey "week" ] .
"""


def computed(topic: str, about: str | None = None) -> tuple[Graph, URIRef]:
    data = Graph().parse(data=TURTLE, format="turtle")
    return derived_claims(data), claim_iri(EXD["review/r"], topic, about)


def test_total_counts_the_first_sample_size_of_each_study() -> None:
    graph, node = computed("total-patients")
    assert graph.value(node, EXO.claimedValue) == Literal(13)
    assert (node, RDF.type, EXO.ComputedClaim) in graph and (node, RDF.type, EXO.Claim) in graph
    assert (EXD["review/r"], EXO.hasClaim, node) in graph
    assert graph.value(node, EXO.locator) == Literal(LOCATOR)
    assert str(node) == "https://w3id.org/exograph/data/review/r/computed/total-patients"


def test_design_counts_carry_the_design_key_as_about() -> None:
    graph, node = computed("design-count", "single-arm-trial")
    assert graph.value(node, EXO.aboutKey) == Literal("single-arm-trial")
    assert graph.value(node, EXO.claimedValue) == Literal(1)


def test_density_range_is_tidy_decimal() -> None:
    graph, node = computed("hair-density-increase-range")
    assert graph.value(node, EXO.claimedMin).toPython() == 67  # 163.5 − 96.5, written 67 not 67.0
    assert graph.value(node, EXO.claimedMin).datatype.endswith("integer")


def test_follow_up_uses_the_unit_the_review_uses() -> None:
    graph, node = computed("follow-up-longest")
    assert (graph.value(node, EXO.claimedValue).toPython(), str(graph.value(node, EXO.unitKey))) == (12, "month")
    graph, node = computed("follow-up-shortest")
    assert (graph.value(node, EXO.claimedValue).toPython(), str(graph.value(node, EXO.unitKey))) == (6, "week")


def test_ranges_and_study_count() -> None:
    graph, node = computed("sample-size-range")
    assert (graph.value(node, EXO.claimedMin).toPython(), graph.value(node, EXO.claimedMax).toPython()) == (1, 12)
    graph, node = computed("included-studies")
    assert graph.value(node, EXO.claimedValue).toPython() == 2
    assert Decimal(2) == graph.value(node, EXO.claimedValue).toPython()


def test_no_studies_no_claims() -> None:
    assert len(derived_claims(Graph())) == 0


def test_a_study_no_review_includes_changes_no_claim() -> None:
    """Claims are computed over the studies a review includes: a study outside it (its own document,
    no inclusion) leaves every claim as it was."""
    outside = TURTLE + """
<https://w3id.org/exograph/data/study/c> a exo:Study ; rdfs:label "C 2025" .
<https://w3id.org/exograph/data/study/c/sample_size/0> exo:fieldPath "sample_size[0]" ; rdf:subject <https://w3id.org/exograph/data/study/c> ; rdf:predicate exo:sampleSize ; rdf:object 500 .
"""
    alone = derived_claims(Graph().parse(data=TURTLE, format="turtle"))
    beside = derived_claims(Graph().parse(data=outside, format="turtle"))
    assert set(alone) == set(beside)
    total = claim_iri(EXD["review/r"], "total-patients", None)
    assert beside.value(total, EXO.claimedValue) == Literal(13)

"""The queries of documents, review overlap, trial registrations and reporting gaps, on small graphs
where the answer is known, with the same rows on rdflib's engine and Oxigraph."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from exograph.query.backends import OxigraphBackend, RdflibBackend
from exograph.query.catalog import load_catalog
from exograph.query.run import run_saved

ROOT = Path(__file__).resolve().parents[2]
PREFIXES = """@prefix exo: <https://w3id.org/exograph/ontology#> .
@prefix exd: <https://w3id.org/exograph/data/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
"""

# Review A includes s1, s2, s3; review B includes s3 and s4: N = 5 inclusions, r = 4 studies, c = 2
# reviews, so CCA = (5 − 4) / (4·2 − 4) = 25 %.
OVERLAP = PREFIXES + """
exd:review\\/a a exo:SystematicReview ; rdfs:label "Review A" ; exo:reviewIncludes exd:study\\/s1 , exd:study\\/s2 , exd:study\\/s3 .
exd:review\\/b a exo:SystematicReview ; rdfs:label "Review B" ; exo:reviewIncludes exd:study\\/s3 , exd:study\\/s4 .
exd:study\\/s1 a exo:Study . exd:study\\/s2 a exo:Study . exd:study\\/s3 a exo:Study . exd:study\\/s4 a exo:Study .
"""


def rows(name: str, turtle: str) -> list[dict]:
    query = load_catalog(ROOT / "queries")[name]
    graph = Graph().parse(data=turtle, format="turtle")
    on_rdflib = run_saved(query, RdflibBackend(graph))
    on_oxigraph = run_saved(query, OxigraphBackend(ntriples=graph.serialize(format="nt", encoding="utf-8")))
    assert [_plain(r) for r in on_oxigraph] == [_plain(r) for r in on_rdflib]
    return on_oxigraph


def _plain(row: dict) -> dict:
    from decimal import Decimal

    return {k: (f"{Decimal(str(v)).normalize():f}" if isinstance(v, (int, float, Decimal)) and not isinstance(v, bool)
                else v) for k, v in row.items()}


def test_review_overlap_counts_shared_studies_and_the_corrected_covered_area() -> None:
    found = rows("review-overlap", OVERLAP)
    by_review = {row["review"]: row for row in found}
    assert (by_review["Review A"]["included"], by_review["Review A"]["shared"], by_review["Review A"]["shared_with"]) == \
        (3, 1, "Review B")
    assert (by_review["Review B"]["included"], by_review["Review B"]["shared"]) == (2, 1)
    total = by_review["all reviews"]
    assert (total["reviews"], total["distinct_studies"], total["inclusions"]) == (2, 4, 5)
    assert float(total["cca_percent"]) == 25.0
    assert found[-1]["review"] == "all reviews"


def test_review_overlap_of_one_review_is_undefined() -> None:
    one = PREFIXES + """exd:review\\/a a exo:SystematicReview ; rdfs:label "Review A" ; exo:reviewIncludes exd:study\\/s1 .
exd:study\\/s1 a exo:Study ."""
    total = rows("review-overlap", one)[-1]
    assert total["reviews"] == 1 and total.get("cca_percent") is None


def test_registered_trials_pair_registry_records_with_the_studies_that_report_them() -> None:
    turtle = PREFIXES + """
exd:document\\/nct00000001 a exo:SourceDocument ; exo:describesTrial exd:document\\/nct00000001\\/trial .
exd:document\\/nct00000001\\/trial dcterms:identifier "NCT00000001" ; dcterms:title "Trial one" ; exo:overallStatus "COMPLETED" ;
    exo:resultsPosted true .
exd:document\\/nct00000002 a exo:SourceDocument ; exo:describesTrial exd:document\\/nct00000002\\/trial .
exd:document\\/nct00000002\\/trial dcterms:identifier "NCT00000002" ; dcterms:title "Trial two" ; exo:overallStatus "RECRUITING" .
exd:study\\/s1 a exo:Study ; rdfs:label "S1" ; exo:registeredAs exd:document\\/nct00000001 .
exd:study\\/s2 a exo:Study ; rdfs:label "S2" ; exo:hasRegistration exd:study\\/s2\\/registrations\\/0 ;
    exo:registeredAs exd:document\\/nct00000003 .
exd:study\\/s2\\/registrations\\/0 exo:registry "ClinicalTrials.gov" ; dcterms:identifier "NCT00000003" .
"""
    found = {(row["nct_id"], row.get("study")): row for row in rows("registered-trials", turtle)}
    assert found["NCT00000001", "S1"]["published"] == "yes" and found["NCT00000001", "S1"]["results_posted"] == "yes"
    assert found["NCT00000002", None]["published"] == "no"  # registered, no published results in the graph
    assert found["NCT00000003", "S2"]["trial"] is None  # reported by a study, its record not imported


def test_reporting_gaps_name_the_record_and_the_field() -> None:
    turtle = PREFIXES + """
exd:study\\/s1 a exo:Study ; rdfs:label "S1" ; exo:hasReportingGap exd:study\\/s1\\/countries ;
    exo:hasIntervention exd:study\\/s1\\/interventions\\/x .
exd:study\\/s1\\/countries exo:fieldPath "countries" ; exo:lookedIn "Methods" ; prov:wasDerivedFrom exd:document\\/p .
exd:study\\/s1\\/interventions\\/x exo:hasReportingGap exd:study\\/s1\\/interventions\\/x\\/preparation .
exd:study\\/s1\\/interventions\\/x\\/preparation exo:fieldPath "interventions[x].preparation" ; exo:lookedIn "Methods" ;
    prov:wasDerivedFrom exd:document\\/p .
exd:document\\/p rdfs:label "A preprint" .
"""
    found = [(row["record"], row["kind"], row["field"], row["document"]) for row in rows("reporting-gaps", turtle)]
    assert found == [("S1", "study", "countries", "A preprint"), ("S1", "study", "interventions[x].preparation", "A preprint")]


def test_studies_show_fields_recorded_as_not_reported() -> None:
    turtle = PREFIXES + """
exd:study\\/s1 a exo:Study ; rdfs:label "S1" ; exo:notReported exo:country , exo:sampleSize ;
    exo:hasIntervention exd:study\\/s1\\/interventions\\/x .
exd:study\\/s1\\/interventions\\/x exo:notReported exo:usesExosomeSource .
exd:study\\/s2 a exo:Study ; rdfs:label "S2" ; exo:country "Japan" ; exo:usesExosomeSource exd:study\\/s2\\/src ;
    exo:hasIntervention exd:study\\/s2\\/interventions\\/y , exd:study\\/s2\\/interventions\\/z .
exd:study\\/s2\\/src rdfs:label "adipose" .
exd:study\\/s2\\/interventions\\/z exo:notReported exo:usesExosomeSource .
"""
    found = {row["study"]: row for row in rows("studies", turtle)}
    assert (found["S1"]["country"], found["S1"]["sample_size"], found["S1"]["source"]) == ("not reported",) * 3
    assert (found["S2"]["country"], found["S2"]["source"]) == ("Japan", "adipose")  # a stated source wins
    assert found["S2"].get("sample_size") is None


def test_a_comment_never_turns_a_saved_select_into_an_update() -> None:
    """SPARQLWrapper guesses the query type from the text: a comment saying "adds" made it send a
    SELECT as an update (the server answered HTTP 400). The endpoint backend sends every saved query as
    the SELECT it is."""
    from exograph.query.backends import EndpointBackend

    text = "# a registry record that `exograph import-registry` adds\nSELECT ?s WHERE { ?s ?p ?o }"
    request = EndpointBackend("http://127.0.0.1:9/sparql")._protocol_request(text)
    assert request.data.startswith(b"query=") and b"update=" not in request.data

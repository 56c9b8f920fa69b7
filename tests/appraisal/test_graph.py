"""The appraisal in the built graph of the curated records: the skin review's IGA check, the hair
review's percentages, the certainty of hair density for adipose-derived exosomes in androgenetic
alopecia, EV product quality and normalised doses — expected values computed here from the seeds'
numbers — and every derived fact valid against shapes/appraisal.ttl, never carrying a quote."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS

from exograph.vocab import EXD, EXO, OBO

ROOT = Path(__file__).resolve().parents[2]
IGA = URIRef(EXD["review/skin-review-2025/appraisal/check/iga-p"])
ADIPOSE_DENSITY = EXD["appraisal/body/hair-density/uberon-0001013/mondo-0005339"]


def value(graph: Graph, node: URIRef, predicate: URIRef) -> object:
    found = graph.value(node, predicate)
    return found.toPython() if isinstance(found, Literal) else found


def test_iga_check_recomputes_the_p_values_from_the_counts(built_graph: Graph) -> None:
    # 16 of 25 areas vs 12 of 25, p = 0.02: the uncorrected chi-squared from its formula
    a, b, c, d = 16, 9, 12, 13
    n = a + b + c + d
    chi2 = n * (a * d - b * c) ** 2 / ((a + b) * (c + d) * (a + c) * (b + d))
    uncorrected = math.erfc(math.sqrt(chi2 / 2))
    assert value(built_graph, IGA, EXO.verdict) == "not reproduced"
    assert value(built_graph, IGA, EXO.checks) == EXD["review/skin-review-2025/comparisons/iga"]
    tests = {value(built_graph, t, EXO.testName): t for t in built_graph.objects(IGA, EXO.hasTestResult)}
    chi = tests["Pearson's chi-squared test without correction"]
    assert float(value(built_graph, chi, EXO.pLow)) == pytest.approx(uncorrected, rel=1e-3)
    assert value(built_graph, chi, EXO.usesStatisticalMethod) == OBO.STATO_0000081
    assert value(built_graph, tests["Fisher's exact test (two-sided)"], EXO.usesStatisticalMethod) == OBO.STATO_0000073
    assert float(value(built_graph, tests["McNemar's exact test"], EXO.pLow)) == pytest.approx(2 * 0.5 ** 4)
    assert not any(value(built_graph, t, EXO.reproduces) for t in tests.values())
    assert (IGA, PROV.wasDerivedFrom, EXD["review/skin-review-2025/comparisons/iga"]) in built_graph


def test_percentages_of_patients_are_checked_against_whole_counts(built_graph: Graph) -> None:
    wan = EXD["study/wan-2025/appraisal/check/noticeable-improvement-table-grim-percent"]
    assert value(built_graph, wan, EXO.verdict) == "not reproduced"  # 12/16 = 75%, 13/16 = 81.25%
    assert value(built_graph, wan, EXO.checkInputs) == "n = 16"
    sasaki = EXD["study/sasaki-2022/appraisal/check/growth-response-females-table-grim-percent"]
    assert value(built_graph, sasaki, EXO.verdict) == "reproduced"  # 12/22 = 54.55%
    assert (sasaki, PROV.wasDerivedFrom, EXD["study/sasaki-2022/sample_size/0/groups/females"]) in built_graph


def test_adipose_hair_density_certainty_and_reasons(built_graph: Graph) -> None:
    body = ADIPOSE_DENSITY
    studies = {"nadeem-2024": 85, "park-2022": 39, "wan-2025": 16}  # Table 1 sample sizes
    assert set(built_graph.objects(body, EXO.includesStudy)) == {EXD[f"study/{s}"] for s in studies}
    assert value(built_graph, body, EXO.patientCount) == sum(studies.values())
    assert value(built_graph, body, EXO.certainty) == "very low"
    assert value(built_graph, body, EXO.startingCertainty) == "low"
    assert value(built_graph, body, EXO.computedBy) == "computed by rule, not a guideline panel's judgement"
    domains = {value(built_graph, d, EXO.certaintyDomain): d for d in built_graph.objects(body, EXO.hasDomainJudgement)}
    levels = {name: value(built_graph, d, EXO.levelsDown) for name, d in domains.items()}
    assert levels == {"risk of bias": 1, "inconsistency": 0, "indirectness": 1, "imprecision": 1, "publication bias": 0}
    low_share = (studies["park-2022"] + studies["wan-2025"]) / sum(studies.values())
    assert f"{low_share:.0%} of patients are in studies at low risk" in value(built_graph, domains["risk of bias"], EXO.reason)
    assert "microneedling" in value(built_graph, domains["indirectness"], EXO.reason)
    assert value(built_graph, domains["imprecision"], EXO.reason).startswith("140 patients (100–199)")
    assert value(built_graph, domains["publication bias"], EXO.decision) == "not assessable"
    effect = value(built_graph, body, EXO.effectAsReported)
    assert "Nadeem et al. 2024: +35 hairs/cm² (p = 0.001) at 12 weeks" in effect and "Wan et al. 2025: +35 hairs/cm² (SD 6.5)" in effect
    votes = built_graph.value(body, EXO.hasVoteCount)
    assert value(built_graph, votes, EXO.favouring) == 3 and float(value(built_graph, votes, EXO.signTestP)) == 0.25
    [pooling] = built_graph.objects(body, EXO.hasPoolingResult)
    assert (pooling, RDF.type, EXO.PoolingNotPossible) in built_graph
    assert "Nadeem et al. 2024: no SD of the change" in value(built_graph, pooling, EXO.reason)


def test_product_quality_and_doses(built_graph: Graph) -> None:
    gentile = EXD["study/gentile-2025/appraisal/product-quality"]
    assert (value(built_graph, gentile, EXO.itemsMet), value(built_graph, gentile, EXO.itemsApplicable)) == (3, 9)
    assert float(value(built_graph, gentile, EXO.score)) == pytest.approx(round(3 / 9, 3))
    course = EXD["study/norooznejhad-2023/appraisal/dose/placental-msc-evs-0-course"]
    assert (float(value(built_graph, course, EXO.amountMin)), float(value(built_graph, course, EXO.amountMax))) == (140 * 3, 160 * 3)
    site = EXD["study/chen-2025/appraisal/dose/msc-exosomes-0-site"]
    assert float(value(built_graph, site, EXO.amountValue)) == 1e10 * 0.1


def test_every_derived_fact_says_how_and_from_what_and_quotes_nothing(built_graph: Graph) -> None:
    derived = set(built_graph.subjects(RDF.type, EXO.DerivedFact))
    assert len(derived) > 100
    for node in derived:
        assert built_graph.value(node, EXO.method) is not None, node
        assert built_graph.value(node, EXO.computedWith) is not None, node
        assert built_graph.value(node, PROV.wasDerivedFrom) is not None, node
        assert built_graph.value(node, EXO.quote) is None and built_graph.value(node, EXO.locator) is None, node
        assert built_graph.value(node, RDFS.label) is not None, node


def test_derived_facts_conform_to_their_shapes_and_missing_misev_items_are_info(built_graph: Graph) -> None:
    from pyshacl import validate

    shapes = Graph().parse(ROOT / "shapes" / "appraisal.ttl")
    conforms, report, text = validate(built_graph, shacl_graph=shapes, allow_infos=True)
    assert conforms, text
    infos = list(report.subjects(URIRef("http://www.w3.org/ns/shacl#resultSeverity"),
                                 URIRef("http://www.w3.org/ns/shacl#Info")))
    missing = sum(1 for _ in built_graph.subject_objects(EXO.missingItem))
    assert missing > 0 and len(infos) == missing

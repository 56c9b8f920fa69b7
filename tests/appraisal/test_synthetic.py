"""The branches the curated records do not reach, on synthetic records through the whole appraisal
(inputs → checks → bodies → triples → shapes): randomized comparisons pooled, a start at high, t-tests
that reproduce or not, GRIMMER on a mean ± SD, doses per session and course, inconsistency and a
publication-bias test."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF

from exograph.appraisal.graph import appraisal_graph
from exograph.vocab import EXD, EXO
from synthetic_records import rct

ROOT = Path(__file__).resolve().parents[2]
BODY = EXD["appraisal/body/hair-density/uberon-0001013/mondo-0005339"]


def value(graph: Graph, node, predicate):  # noqa: ANN001, ANN201
    found = graph.value(node, predicate)
    return found.toPython() if isinstance(found, Literal) else found


@pytest.fixture(scope="module")
def pooled_graph() -> Graph:
    return appraisal_graph([rct("alpha-2025", 60, (20.0, 8.0), (5.0, 7.0), ("<", 0.001), satisfaction=(4.2, 0.8)),
                            rct("beta-2025", 55, (18.0, 9.0), (6.0, 8.0), 0.5)])


def test_two_randomized_comparisons_are_pooled(pooled_graph: Graph) -> None:
    [pooled] = pooled_graph.objects(BODY, EXO.hasPoolingResult)
    assert (pooled, RDF.type, EXO.PooledEstimate) in pooled_graph
    w = [1 / (64 / 60 + 49 / 60), 1 / (81 / 55 + 64 / 55)]
    fixed = (w[0] * 15 + w[1] * 12) / sum(w)
    q = w[0] * (15 - fixed) ** 2 + w[1] * (12 - fixed) ** 2
    tau2 = max(0.0, (q - 1) / (sum(w) - sum(x * x for x in w) / sum(w)))
    wr = [1 / (1 / x + tau2) for x in w]
    expected = (wr[0] * 15 + wr[1] * 12) / sum(wr)
    assert float(value(pooled_graph, pooled, EXO.pooledEffect)) == pytest.approx(expected, rel=1e-3)
    assert float(value(pooled_graph, pooled, EXO.tauSquared)) == pytest.approx(tau2, abs=1e-3)
    assert value(pooled_graph, pooled, EXO.comparisonKind) == "between-arm"


def test_a_randomized_body_starts_high_and_is_rated_down_for_size_only(pooled_graph: Graph) -> None:
    assert value(pooled_graph, BODY, EXO.startingCertainty) == "high"
    domains = {value(pooled_graph, d, EXO.certaintyDomain): value(pooled_graph, d, EXO.levelsDown)
               for d in pooled_graph.objects(BODY, EXO.hasDomainJudgement)}
    assert domains == {"risk of bias": 0, "inconsistency": 0, "indirectness": 0, "imprecision": 0 if 230 >= 200 else 1,
                       "publication bias": 0}
    assert value(pooled_graph, BODY, EXO.certainty) == "high"  # 230 patients, CI excludes 0, all low risk


def test_t_tests_reproduce_one_p_and_not_the_other(pooled_graph: Graph) -> None:
    alpha = EXD["study/alpha-2025/appraisal/check/density-p"]
    beta = EXD["study/beta-2025/appraisal/check/density-p"]
    # alpha: 15 hairs/cm² apart, SE √(64/60 + 49/60) ≈ 1.37, t ≈ 10.9: p < 0.001 as reported
    assert value(pooled_graph, alpha, EXO.verdict) == "reproduced"
    # beta: 12 apart, SE √(81/55 + 64/55) ≈ 1.62, t ≈ 7.4: p = 0.5 is impossible, and says "not significant"
    assert value(pooled_graph, beta, EXO.verdict) == "not reproduced"
    assert value(pooled_graph, beta, EXO.grossInconsistency) is True
    grimmer = EXD["study/alpha-2025/appraisal/check/satisfaction-grimmer"]
    assert value(pooled_graph, grimmer, EXO.checkKind) == "grimmer"
    assert value(pooled_graph, grimmer, EXO.verdict) == ("reproduced" if _ratings_exist(60, 4.2, 0.8) else "not reproduced")


def _ratings_exist(n: int, mean: float, sd: float) -> bool:
    """Whether n ratings of 3, 4 and 5 have a mean and SD rounding to these (searched, not computed)."""
    for fives in range(n + 1):
        for fours in range(n + 1 - fives):
            values = [5] * fives + [4] * fours + [3] * (n - fives - fours)
            m = sum(values) / n
            s = math.sqrt(sum((v - m) ** 2 for v in values) / (n - 1))
            if round(m, 1) == mean and round(s, 1) == sd:
                return True
    return False


def test_doses_per_session_and_course(pooled_graph: Graph) -> None:
    session = EXD["study/alpha-2025/appraisal/dose/exosomes-0-session"]
    assert float(value(pooled_graph, session, EXO.amountValue)) == 1.0e10 * 0.1 * 20
    course = EXD["study/alpha-2025/appraisal/dose/exosomes-1-course"]
    assert float(value(pooled_graph, course, EXO.amountValue)) == 40 * 3
    quality = EXD["study/alpha-2025/appraisal/product-quality"]
    assert value(pooled_graph, quality, EXO.itemsMet) == 5  # source, separation, two kinds, imaging, two dose units


def test_a_study_pointing_the_other_way_is_inconsistency() -> None:
    graph = appraisal_graph([rct("alpha-2025", 60, (20.0, 8.0), (5.0, 7.0), 0.001),
                             rct("gamma-2025", 60, (-4.0, 8.0), (5.0, 7.0), 0.001)])
    [domain] = [d for d in graph.objects(BODY, EXO.hasDomainJudgement) if value(graph, d, EXO.certaintyDomain) == "inconsistency"]
    assert value(graph, domain, EXO.levelsDown) == 1 and "different directions" in value(graph, domain, EXO.reason)
    votes = graph.value(BODY, EXO.hasVoteCount)
    assert (value(graph, votes, EXO.favouring), value(graph, votes, EXO.notFavouring)) == (1, 1)


def test_eleven_studies_make_publication_bias_assessable() -> None:
    studies = [rct(f"s{i:02d}-2025", n, (10 + 30 / math.sqrt(n), 10.0), (0.0, 10.0), 0.001)
               for i, n in enumerate((8, 10, 12, 15, 20, 25, 30, 40, 60, 80, 120))]
    graph = appraisal_graph(studies)
    [domain] = [d for d in graph.objects(BODY, EXO.hasDomainJudgement) if value(graph, d, EXO.certaintyDomain) == "publication bias"]
    assert value(graph, domain, EXO.decision) in ("serious", "not serious")
    assert "Egger's test over 11 studies" in value(graph, domain, EXO.reason)


def test_synthetic_derived_facts_conform_to_the_shapes(pooled_graph: Graph) -> None:
    from pyshacl import validate

    data = Graph()
    data += pooled_graph
    for study in ("alpha-2025", "beta-2025"):  # the curated nodes the shapes expect to find typed
        data.add((EXD[f"study/{study}"], RDF.type, EXO.Study))
        for index in (0, 1):
            data.add((EXD[f"study/{study}/interventions/exosomes/preparation/0/doses/{index}"], RDF.type, EXO.Dose))
    conforms, _, text = validate(data, shacl_graph=Graph().parse(ROOT / "shapes" / "appraisal.ttl"), allow_infos=True)
    assert conforms, text

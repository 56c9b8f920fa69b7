"""Rule-based certainty: hair density for adipose-derived exosomes in androgenetic alopecia (from the
hair review's numbers), and synthetic bodies that reach every other branch of the rules."""

from __future__ import annotations

import pytest

from exograph.appraisal import COMPUTED_BY_RULE
from exograph.appraisal.certainty import StudyInBody, rate, study_risk
from exograph.appraisal.synthesis import pool, within_arm, between_arms

# Table 2 (ROBINS-I) and the RCT risk-of-bias text of the hair review
NADEEM_ROB1 = (("random-sequence-generation", "low"), ("allocation-concealment", "low"),
               ("allocation-concealment", "unclear"), ("blinding-of-participants", "low"),
               ("blinding-of-outcome-assessment", "low"), ("incomplete-outcome-data", "low"),
               ("selective-reporting", "low"), ("other-bias", "low"), ("overall", "low"))
ROBINS = ("confounding", "selection-of-participants", "classification-of-interventions",
          "deviations-from-interventions", "missing-data", "measurement-of-outcomes", "selection-of-reported-result")
PARK = tuple(zip(ROBINS, ("moderate", "low", "low", "low", "low", "low", "low"))) + (("overall", "moderate"),)
WAN = tuple(zip(ROBINS, ("moderate", "low", "low", "low", "low", "low", "low"))) + (("overall", "low"),)


def adipose_body() -> list[StudyInBody]:
    return [
        StudyInBody("nadeem", "Nadeem et al. 2024", "randomized-controlled-trial", True, "within-arm", 85, "favours",
                    "rob-1", NADEEM_ROB1, co_interventions=("microneedling",)),
        StudyInBody("park", "Park et al. 2022", "retrospective-study", False, "within-arm", 39, "favours",
                    "robins-i", PARK, co_interventions=("microneedling",)),
        StudyInBody("wan", "Wan et al. 2025", "single-arm-trial", False, "within-arm", 16, "favours",
                    "robins-i", WAN, co_interventions=("microneedling",)),
    ]


def test_adipose_hair_density_in_aga_is_very_low_with_its_reasons():
    estimates = [within_arm("nadeem", "Nadeem et al. 2024", "hair-density", "hairs/cm2", 35, None, 85),
                 within_arm("park", "Park et al. 2022", "hair-density", "hairs/cm2", 24.9, None, 39),
                 within_arm("wan", "Wan et al. 2025", "hair-density", "hairs/cm2", 35, 6.5, 16)]
    certainty = rate(adipose_body(), estimates)
    patients = 85 + 39 + 16
    low_risk_share = (39 + 16) / patients  # Nadeem's allocation concealment is also judged unclear
    assert certainty.patients == patients == 140 and certainty.studies == 3
    assert certainty.start.decision == "low"
    assert "randomized, but the effect is a within-arm before–after change: Nadeem et al. 2024" in certainty.start.reason
    assert "Park et al. 2022 (retrospective study), Wan et al. 2025 (single-arm trial)" in certainty.start.reason
    rob = certainty.domain("risk of bias")
    assert (rob.decision, rob.levels) == ("serious", 1) and low_risk_share < 0.75
    assert f"{low_risk_share:.0%} of patients are in studies at low risk" in rob.reason
    assert "allocation-concealment low/unclear" in rob.reason
    assert ".;" not in "; ".join(certainty.reasons) and rob.reason.endswith("(the body starts low)")
    assert certainty.domain("inconsistency").decision == "not serious"
    indirect = certainty.domain("indirectness")
    assert indirect.levels == 1 and "microneedling" in indirect.reason
    imprecise = certainty.domain("imprecision")
    assert imprecise.levels == 1 and "140 patients (100–199)" in imprecise.reason
    assert certainty.domain("publication bias").decision == "not assessable"
    assert certainty.downgrades == 3 and certainty.level == "very low"  # low − 3, floored at very low
    assert certainty.label == COMPUTED_BY_RULE == "computed by rule, not a guideline panel's judgement"


def test_designs_are_named_by_their_ontology_labels(root) -> None:  # noqa: ANN001 - a Path
    from rdflib import Graph, RDFS

    from exograph import vocab
    from exograph.appraisal.certainty import DESIGN_LABELS

    ontology = Graph().parse(root / "ontology" / "exograph.ttl")
    assert DESIGN_LABELS == {key: str(ontology.value(iri, RDFS.label)) for key, iri in vocab.DESIGNS.items()}


def test_robins_confounding_counts_when_the_body_starts_high_only():
    park = adipose_body()[1]
    assert study_risk(park, starts_low=True)[0] == 0
    assert study_risk(park, starts_low=False) == (1, "confounding moderate")


def rct(name: str, n: int, direction: str = "favours", bias=(("overall", "low"),), **kw) -> StudyInBody:
    return StudyInBody(name, name, "randomized-controlled-trial", True, "between-arm", n, direction,  # type: ignore[arg-type]
                       "rob-2", bias, **kw)


def test_large_randomized_low_risk_body_stays_high():
    studies = [rct("A", 120), rct("B", 110)]
    estimates = [between_arms("A", "A", "m", "u", 20, 8, 60, 10, 8, 60), between_arms("B", "B", "m", "u", 19, 8, 55, 10, 8, 55)]
    [pooled] = pool(estimates)
    certainty = rate(studies, estimates, pooled)
    assert certainty.start.decision == "high" and certainty.downgrades == 0 and certainty.level == "high"
    assert "pooled 95% CI" in certainty.domain("imprecision").reason and "excludes no effect" in certainty.domain("imprecision").reason


def test_critical_risk_in_most_patients_is_very_serious():
    studies = [rct("A", 150, bias=(("randomization-process", "critical"),)), rct("B", 60)]
    certainty = rate(studies)
    assert certainty.domain("risk of bias").levels == 2 and "71% of patients are in studies at critical risk" in certainty.domain("risk of bias").reason
    assert certainty.level == "low"  # high − 2 for risk of bias; 210 patients cost no level
    assert certainty.domain("imprecision").levels == 0


def test_conflicting_directions_and_high_i2_are_inconsistency():
    assert rate([rct("A", 300), rct("B", 300, "against")]).domain("inconsistency").levels == 1
    estimates = [between_arms(s, s, "m", "u", mean, 2, 100, 0, 2, 100) for s, mean in (("A", 1.0), ("B", 6.0), ("C", 12.0))]
    [pooled] = pool(estimates)
    assert pooled.i2 > 0.75
    decision = rate([rct("A", 200), rct("B", 200), rct("C", 200)], estimates, pooled).domain("inconsistency")
    assert decision.levels == 1 and decision.reason.startswith("I² = ")
    assert rate([rct("A", 300)]).domain("inconsistency").decision == "not assessable"


def test_imprecision_thresholds_and_an_interval_that_includes_no_effect():
    assert rate([rct("A", 99)]).domain("imprecision").levels == 2
    assert rate([rct("A", 100)]).domain("imprecision").levels == 1
    assert rate([rct("A", 200)]).domain("imprecision").levels == 0
    wide = [between_arms("A", "A", "m", "u", 1, 10, 150, 0, 10, 150)]
    decision = rate([rct("A", 300)], wide).domain("imprecision")
    assert decision.levels == 1 and "includes no effect" in decision.reason


def test_surrogate_outcome_and_co_intervention_are_two_aspects_of_indirectness():
    studies = [rct("A", 300, surrogate=True, co_interventions=("microneedling",))]
    decision = rate(studies).domain("indirectness")
    assert decision.levels == 2 and decision.decision == "very serious"
    minority = [rct("A", 300), rct("B", 100, surrogate=True)]
    assert rate(minority).domain("indirectness").levels == 0


def test_publication_bias_needs_ten_studies_and_standard_errors():
    import math
    sizes = (10, 12, 15, 20, 30, 40, 60, 80, 120, 200)
    studies = [rct(str(i), n) for i, n in enumerate(sizes)]
    skewed = [within_arm(str(i), str(i), "m", "u", 5 + 8 / math.sqrt(n) + (-1) ** i * 0.3, 10, n) for i, n in enumerate(sizes)]
    decision = rate(studies, skewed).domain("publication bias")
    assert decision.levels == 1 and "Egger" in decision.reason
    no_se = [within_arm(str(i), str(i), "m", "u", 5, None, n) for i, n in enumerate(sizes)]
    assert rate(studies, no_se).domain("publication bias").decision == "not assessable"
    assert rate(studies[:9]).domain("publication bias").reason.startswith("9 studies")


def test_an_empty_body_is_an_error():
    with pytest.raises(ValueError, match="at least one study"):
        rate([])

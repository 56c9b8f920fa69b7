"""Bodies of evidence: the studies that report one outcome for one exosome source in one indication,
with their vote count, what could (or could not) be pooled, and the computed certainty.

A study belongs to a body through its first source statement of each experimental intervention (the
review's first word on it), each of its conditions, and each measure it reports. Within a body a study
counts once: its direction of effect from its measurements' directions; its effect estimate from the
measurement that gives the most (a comparison of arms with SDs, then a change with an SD, then any
change).
"""

from __future__ import annotations

from dataclasses import dataclass

from exograph.appraisal.certainty import Certainty, StudyInBody, rate
from exograph.appraisal.inputs import MeasurementInput, StudyInputs
from exograph.appraisal.synthesis import (Direction, Estimate, NotPooled, Pooled, Vote, VoteCount, between_arms, pool,
                                          vote_count, within_arm)

# The direction of change that is a benefit, by measure (a measure not listed has no known direction).
BENEFIT = {"hair-density": "increase", "hair-count": "increase", "hair-thickness": "increase",
           "hair-diameter": "increase", "hair-density-percent-change": "increase", "hair-length": "increase",
           "hair-regrowth": "increase", "hair-cuticle": "increase", "follicle-diameter": "increase",
           "terminal-vellus-ratio": "increase", "patient-satisfaction": "increase", "self-assessment": "increase",
           "hair-loss-count": "decrease", "hair-breakage": "decrease", "scar-thickness": "decrease",
           "wrinkles": "decrease", "melanin-index": "decrease", "skin-elasticity": "increase",
           "skin-hydration": "increase"}
# Measures that stand in for what patients perceive (GRADE 8: indirect outcomes).
SURROGATE = {"terminal-vellus-ratio", "follicle-diameter", "hair-cuticle", "sem-assessment", "in-vitro-ev-analysis",
             "dermoscopy"}


@dataclass(frozen=True)
class Member:
    """One study in one body: the measurements of the body's outcome and what the rules read of them."""

    study: StudyInputs
    measurements: tuple[MeasurementInput, ...]
    source_iri: str
    condition_iri: str
    direction: Direction
    estimate: Estimate

    def as_rated(self, measure: str) -> StudyInBody:
        return StudyInBody(self.study.id, self.study.label, self.study.design or "not stated", self.study.randomized,
                           self.estimate.comparison, self.study.patients, self.direction, self.study.bias_tool,
                           tuple((d, j) for d, j, _ in self.study.bias), measure in SURROGATE,
                           tuple(kind for kind, _ in self.study.co_interventions))


@dataclass(frozen=True)
class Body:
    measure: str
    source: str
    indication: str
    members: tuple[Member, ...]
    votes: VoteCount
    pooling: tuple[Pooled | NotPooled, ...]
    certainty: Certainty

    @property
    def pooled(self) -> Pooled | None:
        """The pooled estimate of the body's main comparison (between arms when both kinds were pooled)."""
        found = [p for p in self.pooling if isinstance(p, Pooled)]
        return sorted(found, key=lambda p: p.comparison)[0] if found else None


def bodies(studies: list[StudyInputs]) -> list[Body]:
    """Every body with at least one study, in a fixed order."""
    grouped: dict[tuple[str, str, str], list[Member]] = {}
    for study in sorted(studies, key=lambda s: s.iri):
        for measure, measurements in _by_measure(study).items():
            for source, source_iri in study.sources:
                for indication, condition_iri in study.indications:
                    member = _member(study, measure, measurements, source_iri, condition_iri)
                    grouped.setdefault((measure, source, indication), []).append(member)
    return [_body(key, tuple(members)) for key, members in sorted(grouped.items())]


def _by_measure(study: StudyInputs) -> dict[str, tuple[MeasurementInput, ...]]:
    """A study's measurements by measure, leaving out comparator arms' own rows (read through compared_with)."""
    compared = {m.compared_with for m in study.measurements if m.compared_with}
    found: dict[str, list[MeasurementInput]] = {}
    for m in study.measurements:
        if m.id not in compared:
            found.setdefault(m.measure, []).append(m)
    return {measure: tuple(ms) for measure, ms in found.items()}


def _member(study: StudyInputs, measure: str, measurements: tuple[MeasurementInput, ...], source_iri: str,
            condition_iri: str) -> Member:
    return Member(study, measurements, source_iri, condition_iri, direction_of(measure, study, measurements),
                  estimate_of(study, measurements))


def direction_of(measure: str, study: StudyInputs, measurements: tuple[MeasurementInput, ...]) -> Direction:
    """Favours exosomes when every stated direction is the measure's benefit (an 'improvement' always is)."""
    verdicts = {_verdict(measure, study, m) for m in measurements} - {"unclear"}
    return verdicts.pop() if len(verdicts) == 1 else "unclear"


def _verdict(measure: str, study: StudyInputs, m: MeasurementInput) -> Direction:
    direction = m.direction
    if m.compared_with:  # between arms: the difference's sign, where both numbers are stated
        other = study.measurement(m.compared_with)
        mine, theirs = _level(m), _level(other) if other else None
        if mine is None or theirs is None:
            return "unclear"
        direction = "increase" if mine > theirs else "decrease" if mine < theirs else "no-change"
    if direction == "improvement":
        return "favours"
    if direction == "no-change":
        return "no-difference"
    if direction is None or measure not in BENEFIT:
        return "unclear"
    return "favours" if direction == BENEFIT[measure] else "against"


def _level(m: MeasurementInput) -> float | None:
    return m.stated_change if m.stated_change is not None else m.value


def estimate_of(study: StudyInputs, measurements: tuple[MeasurementInput, ...]) -> Estimate:
    """The study's best estimate of its effect on the measure (see the module's docstring)."""
    candidates = [_estimate(study, m) for m in measurements]
    return max(candidates, key=lambda e: (e.comparison == "between-arm", e.variance is not None, e.effect is not None))


def _estimate(study: StudyInputs, m: MeasurementInput) -> Estimate:
    other = study.measurement(m.compared_with) if m.compared_with else None
    if other is not None:
        estimate = between_arms(study.id, study.label, m.measure, m.unit, _level(m), m.sd, study.n_of(m),
                                _level(other), other.sd, study.n_of(other), m.timepoint)
    else:
        estimate = within_arm(study.id, study.label, m.measure, m.unit, m.stated_change, m.sd, study.n_of(m), m.timepoint)
    if "median" in (m.statistic, other.statistic if other else None):
        return Estimate(estimate.study, estimate.label, m.measure, m.unit, estimate.comparison, estimate.effect, None,
                        ("means (medians are not pooled)",), m.timepoint)
    return estimate


def _body(key: tuple[str, str, str], members: tuple[Member, ...]) -> Body:
    measure, source, indication = key
    votes = vote_count([Vote(m.study.id, m.study.label, m.direction) for m in members])
    estimates = [m.estimate for m in members]
    pooling = tuple(pool(estimates))
    pooled = [p for p in pooling if isinstance(p, Pooled)]
    main = sorted(pooled, key=lambda p: p.comparison)[0] if pooled else None
    certainty = rate([m.as_rated(measure) for m in members], estimates, main)
    return Body(measure, source, indication, members, votes, pooling, certainty)

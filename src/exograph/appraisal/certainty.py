"""A GRADE-style certainty rating for one body of evidence (an outcome × exosome source × indication),
computed by explicit rules, with each domain's decision and reason — computed by rule, not a guideline
panel's judgement. The rules and their sources are in docs/appraisal.md; in short:

- start: high when every study's effect compares randomized arms, otherwise low (a randomized trial's
  within-arm change is a before–after comparison; randomization does not protect it);
- risk of bias: Pollock et al. 2016 — one level down unless ≥ 75% of patients are in studies at low
  risk; two levels when most patients are in studies at critical risk. A study's risk is its worst
  domain judgement; ROBINS-I's confounding domain is left out when the body already starts low, so the
  lack of randomization is not counted twice (GRADE guidelines 18);
- inconsistency: one level down when studies point in different directions or I² > 75% (Pollock);
  not assessable with one study;
- imprecision: Pollock's patient thresholds (≥ 200 none, 100–199 one level, < 100 two), and one level
  at least when a computable 95% CI includes no effect;
- indirectness: one level for each aspect (surrogate outcome; a co-intervention given with exosomes to
  every treated patient) found in studies holding more than half of the patients;
- publication bias: not assessable under 10 studies; from 10, Egger's test (p < 0.10 suspected).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from exograph.appraisal import COMPUTED_BY_RULE
from exograph.appraisal.synthesis import Direction, Estimate, Pooled, egger_test
from exograph.formatting import plural

LEVELS = {4: "high", 3: "moderate", 2: "low", 1: "very low"}
Decision = Literal["high", "low", "not serious", "serious", "very serious", "not assessable"]

JUDGEMENT_LEVEL = {"low": 0, "moderate": 1, "unclear": 1, "no-information": 1, "serious": 2, "high": 2,
                   "serious-to-critical": 3, "critical": 3}
LEVEL_NAMES = {0: "low", 1: "some concerns", 2: "serious", 3: "critical"}
LOW_RISK_SHARE = 0.75        # Pollock et al. 2016: ≥ 75% of participants at low risk of bias
I2_THRESHOLD = 0.75          # Pollock et al. 2016: I² > 75%
PATIENT_THRESHOLDS = ((200, 0), (100, 1), (0, 2))  # Pollock et al. 2016: ≥ 200, 100–199, < 100
INDIRECT_SHARE = 0.5
PUBLICATION_BIAS_MIN_STUDIES = 10  # Cochrane Handbook 13.3.5.4: funnel-plot tests need at least 10 studies
EGGER_ALPHA = 0.10
# The ontology's labels of the design keys (rdfs:label of vocab.DESIGNS' classes; a test keeps them equal),
# here so that a reason names a design as a reader does and the appraisal cache sees a change of label.
DESIGN_LABELS = {"randomized-controlled-trial": "randomized controlled trial", "single-arm-trial": "single-arm trial",
                 "prospective-cohort": "prospective cohort study", "retrospective-study": "retrospective study",
                 "case-series": "case series", "case-report": "case report"}


@dataclass(frozen=True)
class StudyInBody:
    """What the rules need of one study contributing to a body of evidence."""

    study: str
    label: str
    design: str
    randomized: bool
    comparison: Literal["within-arm", "between-arm"]
    patients: int | None
    direction: Direction
    bias_tool: str | None = None
    bias: tuple[tuple[str, str], ...] = ()  # (domain, judgement) of every statement, "overall" included
    surrogate: bool = False
    co_interventions: tuple[str, ...] = ()

    @property
    def randomized_comparison(self) -> bool:
        return self.randomized and self.comparison == "between-arm"


@dataclass(frozen=True)
class DomainDecision:
    domain: str
    decision: Decision
    levels: int  # levels rated down (0 for the start)
    reason: str


@dataclass(frozen=True)
class Certainty:
    level: str
    start: DomainDecision
    domains: tuple[DomainDecision, ...]
    studies: int
    patients: int
    label: str = COMPUTED_BY_RULE

    @property
    def downgrades(self) -> int:
        return sum(d.levels for d in self.domains)

    def domain(self, name: str) -> DomainDecision:
        return next(d for d in self.domains if d.domain == name)

    @property
    def reasons(self) -> tuple[str, ...]:
        return tuple(f"{d.domain}: {d.reason}" for d in self.domains if d.levels)


def rate(studies: list[StudyInBody], estimates: list[Estimate] = (), pooled: Pooled | None = None) -> Certainty:  # type: ignore[assignment]
    """The certainty of one body of evidence, domain by domain."""
    if not studies:
        raise ValueError("a body of evidence needs at least one study")
    start = starting_level(studies)
    starts_low = start.decision == "low"
    domains = (risk_of_bias(studies, starts_low), inconsistency(studies, pooled),
               indirectness(studies), imprecision(studies, estimates, pooled), publication_bias(studies, estimates))
    level = 4 if start.decision == "high" else 2
    final = max(1, level - sum(d.levels for d in domains))
    return Certainty(LEVELS[final], start, domains, len(studies), _patients(studies))


def _patients(studies: list[StudyInBody]) -> int:
    return sum(s.patients or 0 for s in studies)


def _names(studies: list[StudyInBody]) -> str:
    return ", ".join(s.label for s in studies)


def _share(studies: list[StudyInBody], chosen: list[StudyInBody]) -> float:
    """The share of patients in the chosen studies (of studies, when no study gives its patients)."""
    total = _patients(studies)
    if total == 0:
        return len(chosen) / len(studies)
    return _patients(chosen) / total


# ---- start --------------------------------------------------------------------------------------


def starting_level(studies: list[StudyInBody]) -> DomainDecision:
    randomized = [s for s in studies if s.randomized_comparison]
    if len(randomized) == len(studies):
        return DomainDecision("start", "high", 0, f"every study compares randomized arms ({_names(studies)})")
    within = [s for s in studies if s.randomized and not s.randomized_comparison]
    others = [s for s in studies if not s.randomized]
    parts = []
    if others:
        parts.append("not randomized: " + ", ".join(f"{s.label} ({DESIGN_LABELS.get(s.design, s.design)})" for s in others))
    if within:
        parts.append("randomized, but the effect is a within-arm before–after change: " + _names(within))
    if randomized:
        parts.append("randomized comparisons: " + _names(randomized))
    return DomainDecision("start", "low", 0, "; ".join(parts))


# ---- risk of bias -----------------------------------------------------------------------------------


def study_risk(study: StudyInBody, starts_low: bool) -> tuple[int | None, str]:
    """A study's risk of bias (0 low … 3 critical) as its worst counted domain judgement, and how."""
    skip = {"overall"} | ({"confounding"} if starts_low and study.bias_tool == "robins-i" else set())
    domains: dict[str, list[str]] = {}
    for domain, judgement in study.bias:
        if domain not in skip:
            domains.setdefault(domain, []).append(judgement)
    if not domains:
        overall = [j for d, j in study.bias if d == "overall"]
        if not overall:
            return None, "not assessed"
        worst = max(JUDGEMENT_LEVEL[j] for j in overall)
        return worst, f"overall {'/'.join(overall)} (no domain judgements)"
    worst = max(JUDGEMENT_LEVEL[j] for judgements in domains.values() for j in judgements)
    at_worst = [f"{d} {'/'.join(sorted(set(js)))}" for d, js in domains.items()
                if max(JUDGEMENT_LEVEL[j] for j in js) == worst and worst > 0]
    how = "every counted domain low" if worst == 0 else ", ".join(at_worst)
    return worst, how


def risk_of_bias(studies: list[StudyInBody], starts_low: bool) -> DomainDecision:
    risks = {s.study: study_risk(s, starts_low) for s in studies}
    low = [s for s in studies if risks[s.study][0] == 0]
    critical = [s for s in studies if risks[s.study][0] == 3]
    described = "; ".join(f"{s.label}: {LEVEL_NAMES.get(risks[s.study][0], 'not assessed')} "  # type: ignore[arg-type]
                          f"({risks[s.study][1]})" for s in studies)
    low_share, critical_share = _share(studies, low), _share(studies, critical)
    skipped = "; ROBINS-I confounding is not counted (the body starts low)" if starts_low and any(
        s.bias_tool == "robins-i" for s in studies) else ""
    head = f"{low_share:.0%} of patients are in studies at low risk: {described}{skipped}"
    if critical_share > 0.5:
        return DomainDecision("risk of bias", "very serious", 2, f"{critical_share:.0%} of patients are in studies at critical risk; {head}")
    if low_share < LOW_RISK_SHARE:
        return DomainDecision("risk of bias", "serious", 1, f"under 75% at low risk: {head}")
    return DomainDecision("risk of bias", "not serious", 0, head)


# ---- inconsistency ------------------------------------------------------------------------------------


def inconsistency(studies: list[StudyInBody], pooled: Pooled | None) -> DomainDecision:
    directed = [s for s in studies if s.direction != "unclear"]
    if len(directed) < 2:
        return DomainDecision("inconsistency", "not assessable", 0,
                              f"{len(directed)} stud{'y' if len(directed) == 1 else 'ies'} with a direction of effect")
    favour = [s for s in directed if s.direction == "favours"]
    other = [s for s in directed if s.direction != "favours"]
    if favour and other:
        return DomainDecision("inconsistency", "serious", 1,
                              f"effects point in different directions: favouring {_names(favour)}; not favouring {_names(other)}")
    if pooled is not None and pooled.i2 > I2_THRESHOLD:
        return DomainDecision("inconsistency", "serious", 1, f"I² = {pooled.i2:.0%} (> 75%) in the pooled estimate")
    i2 = f"I² = {pooled.i2:.0%}" if pooled is not None else "I² not computable (no pooled estimate)"
    return DomainDecision("inconsistency", "not serious", 0, f"all {len(directed)} studies point the same way; {i2}")


# ---- imprecision ----------------------------------------------------------------------------------------


def imprecision(studies: list[StudyInBody], estimates: list[Estimate], pooled: Pooled | None) -> DomainDecision:
    patients = _patients(studies)
    by_size = next(levels for floor, levels in PATIENT_THRESHOLDS if patients >= floor)
    parts = [f"{plural(patients, 'patients')} ({'≥ 200' if by_size == 0 else '100–199' if by_size == 1 else '< 100'})"]
    interval = _interval(estimates, pooled)
    by_ci = 0
    if interval is not None:
        (low, high), what = interval
        crosses = low <= 0 <= high
        by_ci = 1 if crosses else 0
        parts.append(f"{what} 95% CI {low:.3g} to {high:.3g} {'includes' if crosses else 'excludes'} no effect")
    else:
        parts.append("no 95% CI computable")
    levels = max(by_size, by_ci)
    return DomainDecision("imprecision", ("not serious", "serious", "very serious")[levels], levels, "; ".join(parts))  # type: ignore[arg-type]


def _interval(estimates: list[Estimate], pooled: Pooled | None) -> tuple[tuple[float, float], str] | None:
    if pooled is not None:  # a bound that is not a finite number is None: no interval to judge by
        both = pooled.ci_low is not None and pooled.ci_high is not None
        return ((pooled.ci_low, pooled.ci_high), "pooled") if both else None  # type: ignore[return-value]
    with_ci = [e for e in estimates if e.ci is not None]
    if len(estimates) == 1 and with_ci:
        return with_ci[0].ci, f"{with_ci[0].label}'s"  # type: ignore[return-value]
    return None


# ---- indirectness -------------------------------------------------------------------------------------


def indirectness(studies: list[StudyInBody]) -> DomainDecision:
    aspects = []
    surrogate = [s for s in studies if s.surrogate]
    if surrogate and _share(studies, surrogate) > INDIRECT_SHARE:
        aspects.append(f"surrogate outcome in {_names(surrogate)} ({_share(studies, surrogate):.0%} of patients)")
    combined = [s for s in studies if s.co_interventions]
    if combined and _share(studies, combined) > INDIRECT_SHARE:
        given = ", ".join(f"{s.label} ({', '.join(s.co_interventions)})" for s in combined)
        aspects.append(f"exosomes given with a co-intervention to every treated patient, so the effect is of the "
                       f"combination: {given} ({_share(studies, combined):.0%} of patients)")
    levels = min(2, len(aspects))
    if not levels:
        return DomainDecision("indirectness", "not serious", 0,
                              "no surrogate outcome or co-intervention in more than half of the patients")
    return DomainDecision("indirectness", "serious" if levels == 1 else "very serious", levels, "; ".join(aspects))


# ---- publication bias -------------------------------------------------------------------------------------


def publication_bias(studies: list[StudyInBody], estimates: list[Estimate]) -> DomainDecision:
    if len(studies) < PUBLICATION_BIAS_MIN_STUDIES:
        return DomainDecision("publication bias", "not assessable", 0,
                              f"{len(studies)} stud{'y' if len(studies) == 1 else 'ies'} (a funnel-plot test needs at least 10)")
    test = egger_test(list(estimates))
    if test is None:
        return DomainDecision("publication bias", "not assessable", 0,
                              "not every study gives a standard error for Egger's test")
    suspected = test.p_value < EGGER_ALPHA
    return DomainDecision("publication bias", "serious" if suspected else "not serious", 1 if suspected else 0,
                          f"Egger's test over {test.studies} studies: intercept {test.intercept:.3g}, p = {test.p_value:.3g}"
                          + (" (< 0.10: small-study effects suspected)" if suspected else ""))

"""The appraisal of one record: every statistical check its numbers allow, its EV product's
completeness and its doses per site, session and course. Each result keeps the IRIs of the curated
facts it used."""

from __future__ import annotations

from dataclasses import dataclass

from exograph.appraisal.dose import DoseFigure, normalise
from exograph.appraisal.grim import check_grim, check_grim_percent, check_grimmer
from exograph.appraisal.inputs import MeasurementInput, ReviewInputs, StudyInputs
from exograph.appraisal.product import ProductQuality, score_product
from exograph.appraisal.pvalues import (Check, GroupSummary, cannot_check, check_two_by_two, check_two_means,
                                        check_within_arm_change, shown)


@dataclass(frozen=True)
class CheckOf:
    """A check of one curated fact (`about`), with every curated fact it read (`inputs`)."""

    key: str
    about: str
    inputs: tuple[str, ...]
    check: Check


@dataclass(frozen=True)
class DoseOf:
    key: str
    about: str
    inputs: tuple[str, ...]
    figure: DoseFigure


@dataclass(frozen=True)
class StudyAppraisal:
    study: StudyInputs
    checks: tuple[CheckOf, ...]
    quality: ProductQuality
    doses: tuple[DoseOf, ...]


def appraise_study(study: StudyInputs) -> StudyAppraisal:
    checks = [c for m in study.measurements for c in _measurement_checks(study, m)]
    checks += [CheckOf(f"{e.id}-grim-percent", e.iri, _with_size(study, e.iri, e.arm, None),
                       check_grim_percent(e.percent, study.arm_n(e.arm)))
               for e in study.events if e.percent is not None]
    doses = [DoseOf(f"{dose.intervention}-{index}-{figure.per}", dose.iri, dose.inputs, figure)
             for index, dose in enumerate(study.doses)
             for figure in normalise(dose.kind, dose.quantity, dose.regimen) if not figure.stated]
    return StudyAppraisal(study, tuple(checks), score_product(study.product), tuple(doses))


def _with_size(study: StudyInputs, fact: str, arm: str | None, subgroup: str | None) -> tuple[str, ...]:
    """A fact and the node its n comes from (its subgroup, its arm, else the study's sample size)."""
    source = study.size_source(arm, subgroup)
    return (fact, source) if source else (fact,)


def _measurement_checks(study: StudyInputs, m: MeasurementInput) -> list[CheckOf]:
    checks = []
    inputs = _with_size(study, m.iri, m.arm, m.subgroup)
    if m.p is not None:
        checks.append(_p_check(study, m, inputs))
    if m.statistic == "proportion" and m.unit == "percent" and m.value is not None:
        checks.append(CheckOf(f"{m.id}-grim-percent", m.iri, inputs, check_grim_percent(m.value, study.n_of(m))))
    if m.statistic in ("mean", "score") and m.value is not None and m.scale_points:
        scale = (0, m.scale_points)
        checks.append(CheckOf(f"{m.id}-grim", m.iri, inputs, check_grim(m.value, study.n_of(m), scale=scale)))
        if m.sd is not None:
            checks.append(CheckOf(f"{m.id}-grimmer", m.iri, inputs,
                                  check_grimmer(m.value, m.sd, study.n_of(m), scale=scale)))
    return checks


def _p_check(study: StudyInputs, m: MeasurementInput, inputs: tuple[str, ...]) -> CheckOf:
    other = study.measurement(m.compared_with) if m.compared_with else None
    if other is None:
        check = check_within_arm_change(m.stated_change, m.sd, study.n_of(m), m.p)
        return CheckOf(f"{m.id}-p", m.iri, inputs, check)
    both = inputs + _with_size(study, other.iri, other.arm, other.subgroup)
    if "median" in (m.statistic, other.statistic):
        check = cannot_check("two-medians", m.p, ["individual data (medians are compared by rank tests)"],
                             f"median {shown(_level(m))} vs {shown(_level(other))}")
        return CheckOf(f"{m.id}-p", m.iri, both, check)
    check = check_two_means(GroupSummary(_level(m), m.sd, study.n_of(m)),
                            GroupSummary(_level(other), other.sd, study.n_of(other)), m.p)
    return CheckOf(f"{m.id}-p", m.iri, both, check)


def _level(m: MeasurementInput) -> float | None:
    """The number a between-arm test compares: the change when there is one, else the value."""
    return m.stated_change if m.stated_change is not None else m.value


def appraise_review(review: ReviewInputs) -> tuple[CheckOf, ...]:
    """A review's own comparisons: counts of two groups as 2×2 tables, values as two means."""
    checks = []
    for c in review.comparisons:
        if c.exosome_count is not None or c.control_count is not None:
            check = check_two_by_two(c.exosome_count, c.denominator, c.control_count, c.denominator, c.p)
        else:
            check = check_two_means(GroupSummary(c.exosome_value, None, None), GroupSummary(c.control_value, None, None), c.p)
        checks.append(CheckOf(f"{c.id}-p", c.iri, (c.iri,), check))
    return tuple(checks)

"""Synthesis where the data permit: vote counting by direction of effect, and random-effects pooling.

Vote counting (Cochrane Handbook, chapter 12.2.2): each study counts once, as favouring the exosome
treatment or not; the proportion favouring comes with a Wilson confidence interval and a two-sided
sign test against one half (scipy.stats.binomtest). Studies with no clear direction are listed, not
counted.

Pooling: a random-effects (DerSimonian–Laird) mean difference with its CI, τ² and I²
(statsmodels.stats.meta_analysis.combine_effects), only where two or more studies give the same kind of
comparison of the same measure in the same unit with a dispersion. Within-arm (before–after) changes
of single arms and between-arm comparisons are never pooled together; anything not pooled says why.
DerSimonian and Laird truncate τ² at 0 and Higgins and Thompson I² at 0 when Q falls below its degrees of
freedom; statsmodels leaves both negative (and the estimate undefined when Q = 0, as for identical
studies), so a negative τ² is read as 0: the random-effects estimate is then the fixed-effect one. A
figure that still is not a finite number is never written: the estimate says which and why.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import math

import numpy as np
from scipy import stats

from exograph.formatting import unit as unit_symbol

Direction = Literal["favours", "against", "no-difference", "unclear"]
Comparison = Literal["within-arm", "between-arm"]
WILSON = "wilson"


@dataclass(frozen=True)
class Vote:
    study: str
    label: str
    direction: Direction


@dataclass(frozen=True)
class VoteCount:
    favouring: tuple[str, ...]
    not_favouring: tuple[str, ...]
    unclear: tuple[str, ...]
    proportion: float | None
    ci_low: float | None
    ci_high: float | None
    p_value: float | None
    method: str = "sign test (two-sided binomial test against 0.5) with a Wilson interval"
    function: str = "scipy.stats.binomtest"

    @property
    def counted(self) -> int:
        return len(self.favouring) + len(self.not_favouring)

    @property
    def summary(self) -> str:
        if not self.counted:
            return "no study with a direction of effect"
        return (f"{len(self.favouring)} of {self.counted} studies favour exosomes "
                f"({self.proportion:.0%}, 95% CI {self.ci_low:.0%}–{self.ci_high:.0%}; sign test p = {self.p_value:.3g})")


def vote_count(votes: list[Vote], confidence: float = 0.95) -> VoteCount:
    """Count studies by direction of effect (one vote per study)."""
    favouring = tuple(v.label for v in votes if v.direction == "favours")
    against = tuple(v.label for v in votes if v.direction in ("against", "no-difference"))
    unclear = tuple(v.label for v in votes if v.direction == "unclear")
    counted = len(favouring) + len(against)
    if not counted:
        return VoteCount(favouring, against, unclear, None, None, None, None)
    result = stats.binomtest(len(favouring), counted, 0.5, alternative="two-sided")
    interval = result.proportion_ci(confidence_level=confidence, method=WILSON)
    return VoteCount(favouring, against, unclear, len(favouring) / counted, float(interval.low),
                     float(interval.high), float(result.pvalue))


# ---- effect estimates ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Estimate:
    """One study's effect on one measure: a within-arm mean change or a between-arm mean difference,
    with its variance when a dispersion and n were reported (otherwise what is missing)."""

    study: str
    label: str
    measure: str
    unit: str
    comparison: Comparison
    effect: float | None
    variance: float | None = None
    missing: tuple[str, ...] = ()
    timepoint: str | None = None

    @property
    def ci(self) -> tuple[float, float] | None:
        """The normal-approximation 95% CI (scipy.stats.norm), where a variance is known."""
        if self.effect is None or self.variance is None:
            return None
        half = float(stats.norm.ppf(0.975)) * self.variance ** 0.5
        return self.effect - half, self.effect + half


def within_arm(study: str, label: str, measure: str, unit: str, change: float | None, sd: float | None,
               n: int | None, timepoint: str | None = None) -> Estimate:
    """A single arm's mean change; its variance is SD² / n (the SD of the change)."""
    missing = tuple(name for name, v in (("mean change", change), ("SD of the change", sd), ("n", n)) if v is None)
    variance = sd * sd / n if sd is not None and n else None
    return Estimate(study, label, measure, unit, "within-arm", change, variance, missing, timepoint)


def between_arms(study: str, label: str, measure: str, unit: str, mean_a: float | None, sd_a: float | None,
                 n_a: int | None, mean_b: float | None, sd_b: float | None, n_b: int | None,
                 timepoint: str | None = None) -> Estimate:
    """The difference of two arms' means; its variance is SD_a² / n_a + SD_b² / n_b."""
    named = (("exosome arm mean", mean_a), ("exosome arm SD", sd_a), ("exosome arm n", n_a),
             ("control arm mean", mean_b), ("control arm SD", sd_b), ("control arm n", n_b))
    missing = tuple(name for name, v in named if v is None)
    effect = mean_a - mean_b if mean_a is not None and mean_b is not None else None
    variance = (sd_a * sd_a / n_a + sd_b * sd_b / n_b) if not missing else None  # type: ignore[operator]
    return Estimate(study, label, measure, unit, "between-arm", effect, variance, missing, timepoint)


# ---- pooling ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pooled:
    measure: str
    unit: str
    comparison: Comparison
    studies: tuple[Estimate, ...]
    effect: float
    ci_low: float | None  # None: not a finite number (see limitation)
    ci_high: float | None
    tau2: float
    i2: float
    weights: tuple[float, ...]
    method: str = "random-effects mean difference (DerSimonian–Laird), 95% CI"
    function: str = "statsmodels.stats.meta_analysis.combine_effects(method_re='dl')"
    limitation: str = ""  # why a figure is missing


@dataclass(frozen=True)
class NotPooled:
    measure: str
    reason: str
    studies: tuple[Estimate, ...]


def pool(estimates: list[Estimate]) -> list[Pooled | NotPooled]:
    """Pool each (comparison, unit) set of one measure's estimates that can be pooled; say why for the rest."""
    if not estimates:
        return []
    measure = estimates[0].measure
    if any(e.measure != measure for e in estimates):
        raise ValueError("pool() takes the estimates of one measure; got " +
                         ", ".join(sorted({e.measure for e in estimates})))
    groups: dict[tuple[str, str], list[Estimate]] = {}
    for e in estimates:
        groups.setdefault((e.comparison, e.unit or ""), []).append(e)  # "": results stated in words
    results: list[Pooled | NotPooled] = []
    for (comparison, unit), members in sorted(groups.items()):
        results.append(_pool_one(measure, unit, comparison, members, _others(groups, comparison, unit)))  # type: ignore[arg-type]
    return results


def _others(groups: dict[tuple[str, str], list[Estimate]], comparison: str, unit: str) -> str:
    """Why the other groups of the same measure were kept apart from this one."""
    reasons = []
    if any(c != comparison for c, _ in groups):
        reasons.append("within-arm (before–after) changes are never pooled with between-arm comparisons")
    if any(u != unit and c == comparison for c, u in groups):
        reasons.append("studies in other units (" + ", ".join(sorted({unit_symbol(u) or "results in words" for c, u in groups if u != unit}))
                       + ") are kept apart")
    return "; ".join(reasons)


def _pool_one(measure: str, unit: str, comparison: str, members: list[Estimate], apart: str) -> Pooled | NotPooled:
    usable = [e for e in members if e.effect is not None and e.variance is not None and e.variance > 0]
    unusable = [e for e in members if e not in usable]
    if len(usable) < 2:
        reason = _why_not(members, usable, unusable, comparison, unit)
        return NotPooled(measure, reason + (f"; {apart}" if apart else ""), tuple(members))
    effect, (low, high), tau2, i2, weights = _random_effects(usable)
    figures = {"pooled effect": effect, "tau squared": tau2, "I squared": i2, "study weights": sum(weights)}
    undefined = [name for name, value in figures.items() if not math.isfinite(value)]
    if undefined:
        named = ", ".join(undefined[:-1]) + (" and " if len(undefined) > 1 else "") + undefined[-1]
        reason = (f"{len(usable)} studies giving {_kind(comparison)} in {unit_symbol(unit)} cannot be pooled: {named} "
                  f"{'is' if len(undefined) == 1 else 'are'} not a finite number (effects or variances beyond the "
                  "range of floating-point arithmetic)")
        return NotPooled(measure, reason + (f"; {apart}" if apart else ""), tuple(members))
    bounds = [b if math.isfinite(b) else None for b in (low, high)]
    limitation = "95% CI not computed: the variance of the pooled effect is not a finite number" if None in bounds else ""
    return Pooled(measure, unit, comparison, tuple(usable), effect, bounds[0], bounds[1], tau2, i2, weights,
                  limitation=limitation)


def _random_effects(usable: list[Estimate]) -> tuple[float, tuple[float, float], float, float, tuple[float, ...]]:
    """DerSimonian–Laird through statsmodels: effect, 95% CI, τ², I² and relative weights. A negative τ²
    (Q below its degrees of freedom) is 0, where the random-effects model is the fixed-effect one."""
    from statsmodels.stats.meta_analysis import combine_effects

    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):  # undefined figures are the caller's to name
        result = combine_effects(np.array([e.effect for e in usable]), np.array([e.variance for e in usable]),
                                 method_re="dl", row_names=[e.label for e in usable])
        fixed, random = result.conf_int(alpha=0.05)[:2]
    if result.tau2 < 0:
        effect, (low, high), tau2, weights = result.mean_effect_fe, fixed, 0.0, result.weights_rel_fe
    else:
        effect, (low, high), tau2, weights = result.mean_effect_re, random, result.tau2, result.weights_rel_re
    # I² = (Q − df) / Q, and 0 when Q ≤ df (statsmodels' 1 − df/Q is -inf at Q = 0, and huge when rounding
    # leaves Q a hair below 0, as for identical studies)
    i2 = float(result.i2) if math.isnan(result.q) or result.q > result.k - 1 else 0.0
    return float(effect), (float(low), float(high)), float(tau2), i2, tuple(float(w) for w in weights)


def _kind(comparison: str) -> str:
    return "single-arm before–after changes" if comparison == "within-arm" else "between-arm comparisons"


def _why_not(members: list[Estimate], usable: list[Estimate], unusable: list[Estimate], comparison: str, unit: str) -> str:
    kind = _kind(comparison)
    if not unit:
        return f"results stated in words only ({', '.join(e.label for e in members)}): no number to pool"
    if len(members) == 1:
        return f"one study ({members[0].label}) gives {kind} in {unit_symbol(unit)}: nothing to pool"
    lacking = "; ".join(f"{e.label}: no {', no '.join(e.missing) or 'positive variance'}" for e in unusable)
    return (f"{len(usable)} of {len(members)} studies giving {kind} in {unit_symbol(unit)} report a dispersion with n "
            f"(pooling needs two): {lacking}")


# ---- small-study effects -----------------------------------------------------------------------------


@dataclass(frozen=True)
class EggerTest:
    intercept: float
    p_value: float
    studies: int
    method: str = "Egger's regression test (standardized effect on precision), two-sided"
    function: str = "statsmodels.api.OLS"


def egger_test(estimates: list[Estimate]) -> EggerTest | None:
    """Egger's test for funnel-plot asymmetry, where every estimate has a variance (None otherwise)."""
    usable = [e for e in estimates if e.effect is not None and e.variance]
    if len(usable) < 3 or len(usable) != len(estimates):
        return None
    import statsmodels.api as sm

    se = np.sqrt(np.array([e.variance for e in usable]))
    effects = np.array([e.effect for e in usable])
    fit = sm.OLS(effects / se, sm.add_constant(1 / se)).fit()
    return EggerTest(float(fit.params[0]), float(fit.pvalues[0]), len(usable))

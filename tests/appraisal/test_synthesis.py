"""Vote counting and pooling: the hair review's adipose-derived studies, and synthetic sets whose pooled
values are recomputed here with the DerSimonian–Laird formulas written out."""

from __future__ import annotations

import math

import pytest

from exograph.appraisal.synthesis import (NotPooled, Pooled, Vote, between_arms, egger_test, pool, vote_count,
                                          within_arm)

Z = 1.959963984540054


def wilson(k: int, n: int) -> tuple[float, float]:
    p = k / n
    centre = p + Z * Z / (2 * n)
    half = Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n))
    return (centre - half) / (1 + Z * Z / n), (centre + half) / (1 + Z * Z / n)


def sign_test(k: int, n: int) -> float:
    tail = sum(math.comb(n, i) for i in range(0, min(k, n - k) + 1)) / 2 ** n
    return min(1.0, 2 * tail)


def test_three_adipose_studies_all_favour_exosomes_on_hair_density():
    # Nadeem +35, Park +24.9, Wan +35 hairs/cm²: three increases
    votes = [Vote(s, s, "favours") for s in ("Nadeem et al. 2024", "Park et al. 2022", "Wan et al. 2025")]
    result = vote_count(votes)
    assert result.proportion == 1.0 and result.p_value == pytest.approx(sign_test(3, 3)) == pytest.approx(0.25)
    low, high = wilson(3, 3)
    assert (result.ci_low, result.ci_high) == (pytest.approx(low), pytest.approx(high))
    assert result.summary == "3 of 3 studies favour exosomes (100%, 95% CI 44%–100%; sign test p = 0.25)"


def test_votes_without_a_direction_are_listed_not_counted():
    votes = [Vote("a", "A", "favours")] * 7 + [Vote("b", "B", "against"), Vote("c", "C", "no-difference"),
                                                Vote("d", "D", "unclear")]
    result = vote_count(votes)
    assert result.counted == 9 and result.unclear == ("D",)
    assert result.p_value == pytest.approx(sign_test(7, 9))
    assert (result.ci_low, result.ci_high) == (pytest.approx(wilson(7, 9)[0]), pytest.approx(wilson(7, 9)[1]))
    assert vote_count([Vote("d", "D", "unclear")]).summary == "no study with a direction of effect"


def test_adipose_hair_density_is_not_pooled_and_says_why():
    estimates = [within_arm("nadeem", "Nadeem et al. 2024", "hair-density", "hairs/cm2", 35, None, 85),
                 within_arm("park", "Park et al. 2022", "hair-density", "hairs/cm2", 24.9, None, 39),
                 within_arm("wan", "Wan et al. 2025", "hair-density", "hairs/cm2", 35, 6.5, 16)]
    [result] = pool(estimates)
    assert isinstance(result, NotPooled)
    assert result.reason == ("1 of 3 studies giving single-arm before–after changes in hairs/cm² report a dispersion "
                             "with n (pooling needs two): Nadeem et al. 2024: no SD of the change; "
                             "Park et al. 2022: no SD of the change")
    assert estimates[2].variance == pytest.approx(6.5 ** 2 / 16)


def dersimonian_laird(effects: list[float], variances: list[float]) -> dict:
    w = [1 / v for v in variances]
    fixed = sum(wi * y for wi, y in zip(w, effects)) / sum(w)
    q = sum(wi * (y - fixed) ** 2 for wi, y in zip(w, effects))
    df = len(effects) - 1
    tau2 = max(0.0, (q - df) / (sum(w) - sum(wi * wi for wi in w) / sum(w)))
    wr = [1 / (v + tau2) for v in variances]
    mean = sum(wi * y for wi, y in zip(wr, effects)) / sum(wr)
    se = math.sqrt(1 / sum(wr))
    return {"mean": mean, "low": mean - Z * se, "high": mean + Z * se, "tau2": tau2,
            "i2": max(0.0, (q - df) / q) if q > 0 else 0.0}


def test_random_effects_pooling_matches_the_formulas():
    raw = [("a", 10.0, 4.0, 20), ("b", 14.0, 5.0, 30), ("c", 6.0, 3.0, 25)]
    estimates = [within_arm(s, s.upper(), "hair-density", "hairs/cm2", m, sd, n) for s, m, sd, n in raw]
    [pooled] = pool(estimates)
    assert isinstance(pooled, Pooled)
    expected = dersimonian_laird([m for _, m, _, _ in raw], [sd * sd / n for _, _, sd, n in raw])
    assert pooled.effect == pytest.approx(expected["mean"])
    assert (pooled.ci_low, pooled.ci_high) == (pytest.approx(expected["low"]), pytest.approx(expected["high"]))
    assert pooled.tau2 == pytest.approx(expected["tau2"]) and pooled.i2 == pytest.approx(expected["i2"])
    assert sum(pooled.weights) == pytest.approx(1.0)


def test_between_arm_differences_pool_with_their_two_arm_variance():
    estimates = [between_arms("a", "A", "hair-density", "hairs/cm2", 20, 8, 30, 5, 7, 30),
                 between_arms("b", "B", "hair-density", "hairs/cm2", 18, 9, 40, 6, 8, 38)]
    [pooled] = pool(estimates)
    expected = dersimonian_laird([15, 12], [64 / 30 + 49 / 30, 81 / 40 + 64 / 38])
    assert pooled.effect == pytest.approx(expected["mean"]) and pooled.comparison == "between-arm"


def test_before_after_changes_are_never_pooled_with_controlled_comparisons():
    estimates = [within_arm("a", "A", "hair-density", "hairs/cm2", 10, 4, 20),
                 within_arm("b", "B", "hair-density", "hairs/cm2", 12, 4, 20),
                 between_arms("c", "C", "hair-density", "hairs/cm2", 20, 8, 30, 5, 7, 30)]
    results = pool(estimates)
    pooled = [r for r in results if isinstance(r, Pooled)]
    assert len(pooled) == 1 and {e.study for e in pooled[0].studies} == {"a", "b"}
    [apart] = [r for r in results if isinstance(r, NotPooled)]
    assert "never pooled with between-arm comparisons" in apart.reason


def test_other_units_are_kept_apart():
    estimates = [within_arm("a", "A", "hair-thickness", "um", 10, 4, 20),
                 within_arm("b", "B", "hair-thickness", "mm", 0.01, 0.004, 20)]
    results = pool(estimates)
    assert all(isinstance(r, NotPooled) for r in results)
    assert "studies in other units (mm) are kept apart" in results[1].reason


def test_pool_takes_one_measure():
    with pytest.raises(ValueError, match="one measure"):
        pool([within_arm("a", "A", "x", "u", 1, 1, 2), within_arm("b", "B", "y", "u", 1, 1, 2)])


def test_egger_detects_small_study_effects():
    # small studies (large variance) show larger effects: the standardized effect has a positive intercept
    estimates = [within_arm(str(i), str(i), "x", "u", 5 + 8 / math.sqrt(n) + (-1) ** i * 0.3, 10, n) for i, n in
                 enumerate((10, 12, 15, 20, 30, 40, 60, 80, 120, 200))]
    test = egger_test(estimates)
    assert test is not None and test.studies == 10 and test.intercept > 0 and test.p_value < 0.10
    assert egger_test(estimates[:2]) is None


def test_identical_studies_pool_to_their_common_effect():
    # Q = 0, below its one degree of freedom: DerSimonian–Laird take τ² as 0 (statsmodels leaves it at
    # (Q − df) / C < 0, which made the pooled effect and its interval NaN)
    estimates = [within_arm(s, s.upper(), "hair-density", "hairs/cm2", 12.0, 4.0, 20) for s in ("a", "b")]
    [pooled] = pool(estimates)
    assert isinstance(pooled, Pooled)
    expected = dersimonian_laird([12.0, 12.0], [0.8, 0.8])
    assert pooled.effect == pytest.approx(12.0) == pytest.approx(expected["mean"])
    assert (pooled.ci_low, pooled.ci_high) == (pytest.approx(expected["low"]), pytest.approx(expected["high"]))
    assert (pooled.tau2, pooled.i2, pooled.weights, pooled.limitation) == (0.0, 0.0, (0.5, 0.5), "")


def test_homogeneous_studies_take_tau_squared_as_zero():
    raw = [("a", 10.0, 4.0, 20), ("b", 10.4, 4.0, 25), ("c", 9.8, 5.0, 30)]  # Q ≈ 0.3, below its 2 degrees of freedom
    estimates = [within_arm(s, s.upper(), "hair-density", "hairs/cm2", m, sd, n) for s, m, sd, n in raw]
    [pooled] = pool(estimates)
    expected = dersimonian_laird([m for _, m, _, _ in raw], [sd * sd / n for _, _, sd, n in raw])
    assert expected["tau2"] == 0.0
    assert pooled.effect == pytest.approx(expected["mean"])
    assert (pooled.ci_low, pooled.ci_high) == (pytest.approx(expected["low"]), pytest.approx(expected["high"]))
    assert pooled.tau2 == 0.0 and pooled.i2 == 0.0 and sum(pooled.weights) == pytest.approx(1.0)


def test_figures_beyond_floating_point_range_are_not_pooled_and_say_why():
    # an SD of 1e-150 squares to 1e-301 and its weight overflows: nothing finite to write
    estimates = [within_arm(s, s.upper(), "hair-density", "hairs/cm2", m, 1e-150, 10) for s, m in (("a", 1.0), ("b", 2.0))]
    [result] = pool(estimates)
    assert isinstance(result, NotPooled)
    assert result.reason.startswith("2 studies giving single-arm before–after changes in hairs/cm² cannot be pooled: "
                                    "pooled effect")
    assert "not a finite number" in result.reason

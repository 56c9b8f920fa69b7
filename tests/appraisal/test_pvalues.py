"""Recomputed p-values: the skin review's IGA comparison and the hair review's comparisons, and
synthetic cases whose expected p comes from raw data or from formulas written here independently."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import special, stats

from exograph.appraisal.pvalues import (GroupSummary, check_test_statistic, check_two_by_two, check_two_means,
                                        check_within_arm_change, pairings)
from exograph.appraisal.reported import ReportedP, decimals_of, rounding_interval


def fisher_two_sided(a: int, b: int, c: int, d: int) -> float:
    """Fisher's exact p by summing hypergeometric probabilities no larger than the observed one."""
    row1, col1, total = a + b, a + c, a + b + c + d

    def prob(x: int) -> float:
        return math.comb(col1, x) * math.comb(total - col1, row1 - x) / math.comb(total, row1)

    observed = prob(a)
    support = range(max(0, row1 - (total - col1)), min(row1, col1) + 1)
    return sum(prob(x) for x in support if prob(x) <= observed * (1 + 1e-7))


def pearson_chi2(a: int, b: int, c: int, d: int, yates: bool) -> float:
    n = a + b + c + d
    diff = abs(a * d - b * c) - (n / 2 if yates else 0)
    chi2 = n * max(diff, 0) ** 2 / ((a + b) * (c + d) * (a + c) * (b + d))
    return math.erfc(math.sqrt(chi2 / 2))  # the chi-squared survival function with 1 df


# ---- the skin review: 16 of 25 areas vs 12 of 25, p = 0.02 ---------------------------------------


@pytest.fixture(scope="module")
def iga():
    return check_two_by_two(16, 25, 12, 25, ReportedP("=", 0.02))


def test_iga_fisher_and_chi_square_recomputed_from_counts(iga):
    by_test = {t.test: t for t in iga.tests}
    assert by_test["Fisher's exact test (two-sided)"].p_low == pytest.approx(fisher_two_sided(16, 9, 12, 13), rel=1e-9)
    assert by_test["Pearson's chi-squared test without correction"].p_low == pytest.approx(
        pearson_chi2(16, 9, 12, 13, yates=False), rel=1e-9)
    assert by_test["Pearson's chi-squared test with Yates' correction"].p_low == pytest.approx(
        pearson_chi2(16, 9, 12, 13, yates=True), rel=1e-9)
    # 0.39, 0.25 and 0.39: far from the reported 0.02
    assert round(by_test["Pearson's chi-squared test without correction"].p_low, 3) == 0.254


def test_iga_mcnemar_spans_every_pairing_the_margins_allow(iga):
    exact = next(t for t in iga.tests if t.test == "McNemar's exact test")
    # the most favourable pairing: all 12 control successes also exosome successes → 4 discordant pairs, all one way
    assert exact.p_low == pytest.approx(2 * 0.5 ** 4)
    assert len(pairings(16, 12, 25)) == 10  # 3 to 12 areas improved on both sides
    uncorrected = next(t for t in iga.tests if t.test == "McNemar's chi-squared test without correction")
    assert uncorrected.p_low == pytest.approx(math.erfc(math.sqrt(4 / 2)))  # (4 − 0)² / 4 = 4


def test_iga_is_not_reproduced_and_every_p_is_shown(iga):
    assert iga.verdict == "not reproduced"
    assert len(iga.tests) == 6 and not any(t.reproduces for t in iga.tests)
    assert "0.3931" in iga.explanation and "0.2545" in iga.explanation and "0.125" in iga.explanation
    assert not iga.gross  # McNemar without correction can fall under 0.05 (0.046), so significance is not contradicted


def test_unpaired_groups_of_different_sizes_skip_mcnemar():
    check = check_two_by_two(16, 25, 12, 30, ReportedP("=", 0.02))
    assert {t.test for t in check.tests} == {"Fisher's exact test (two-sided)",
                                              "Pearson's chi-squared test with Yates' correction",
                                              "Pearson's chi-squared test without correction"}


def test_a_two_by_two_that_matches_its_p_is_reproduced():
    p = fisher_two_sided(15, 5, 5, 15)  # 0.0033
    check = check_two_by_two(15, 20, 5, 20, ReportedP("=", round(p, 3)), paired=False)
    assert check.verdict == "reproduced"
    assert any(t.reproduces and t.test.startswith("Fisher") for t in check.tests)


def test_skin_review_comparisons_without_counts_cannot_be_checked():
    scar = check_two_means(GroupSummary(32.5, None, None), GroupSummary(19.9, None, None), ReportedP("<", 0.01))
    assert scar.verdict == "cannot check"
    assert scar.missing == ("exosome group SD", "exosome group n", "control group SD", "control group n")
    gais = check_two_by_two(None, None, None, None, ReportedP("=", 0.005))
    assert gais.verdict == "cannot check" and "events in exosome group" in gais.missing


def test_hair_review_satisfaction_lacks_only_the_sds():
    # Amini: 4.2/5 vs 2.9/5, 10 per group, p = 0.013
    check = check_two_means(GroupSummary(4.2, None, 10), GroupSummary(2.9, None, 10), ReportedP("=", 0.013))
    assert check.verdict == "cannot check"
    assert check.missing == ("exosome group SD", "control group SD")
    assert "missing exosome group SD, control group SD" in check.explanation


# ---- means ± SD, from raw data ---------------------------------------------------------------------


def test_two_means_rounded_summaries_reproduce_the_p_of_their_raw_data():
    rng = np.random.default_rng(7)
    a, b = rng.normal(5.0, 1.0, 20), rng.normal(4.2, 1.2, 24)
    raw_p = stats.ttest_ind(a, b, equal_var=False).pvalue
    summaries = [GroupSummary(round(float(x.mean()), 2), round(float(x.std(ddof=1)), 2), len(x), 2, 2) for x in (a, b)]
    check = check_two_means(*summaries, ReportedP("=", round(float(raw_p), 3)))
    assert check.verdict == "reproduced"
    welch = next(t for t in check.tests if t.test == "Welch's t-test")
    assert welch.p_low <= raw_p <= welch.p_high


def test_two_means_with_a_wrong_p_are_not_reproduced():
    check = check_two_means(GroupSummary(5.0, 1.0, 20, 1, 1), GroupSummary(4.2, 1.2, 24, 1, 1), ReportedP("=", 0.5))
    assert check.verdict == "not reproduced" and len(check.tests) == 2


def test_within_arm_change_uses_the_t_distribution_with_n_minus_one_df():
    # Wan: +35 hairs/cm² (SD 6.5), 16 patients; t = 35 / (6.5 / 4) = 21.54 with 15 df
    t = 35 / (6.5 / 4)
    expected = special.betainc(15 / 2, 0.5, 15 / (15 + t * t))  # two-sided p of t with 15 df
    check = check_within_arm_change(35, 6.5, 16, ReportedP("<", 0.001))
    assert check.verdict == "reproduced"
    assert check.tests[0].p_low <= expected <= check.tests[0].p_high
    assert check_within_arm_change(35, 6.5, 16, None).missing == ("reported p",)


# ---- statcheck ------------------------------------------------------------------------------------


def t_p(t: float, df: float) -> float:
    return float(special.betainc(df / 2, 0.5, df / (df + t * t)))


def test_a_reported_t_stands_for_its_rounding_interval():
    low, high = t_p(2.205, 28), t_p(2.195, 28)
    assert round(low, 4) == 0.0358 and round(high, 4) == 0.0366
    assert check_test_statistic("t", 2.20, 28, None, ReportedP("=", 0.04), decimals=2).verdict == "reproduced"
    assert check_test_statistic("t", 2.20, 28, None, ReportedP("=", 0.036), decimals=2).verdict == "reproduced"
    assert check_test_statistic("t", 2.20, 28, None, ReportedP("=", 0.03), decimals=2).verdict == "not reproduced"
    # written "2.2", the statistic stands for 2.15–2.25, which reaches p = 0.03
    assert check_test_statistic("t", 2.2, 28, None, ReportedP("=", 0.03)).verdict == "reproduced"


def test_a_gross_inconsistency_contradicts_significance():
    check = check_test_statistic("t", 1.20, 29, None, ReportedP("<", 0.05))
    assert check.verdict == "not reproduced" and check.gross


def test_f_chi2_z_and_r_statistics():
    # F(1, df) = t² with the same p
    assert check_test_statistic("F", 4.84, 1, 28, ReportedP("=", round(t_p(2.2, 28), 3))).verdict == "reproduced"
    assert check_test_statistic("F", 4.84, 1, 28, ReportedP("=", 0.01)).verdict == "not reproduced"
    assert check_test_statistic("chi2", 3.84, 1, None, ReportedP("=", 0.05)).verdict == "reproduced"
    assert check_test_statistic("z", 1.96, None, None, ReportedP("=", 0.05)).verdict == "reproduced"
    r, df = 0.45, 18  # t = r √df / √(1 − r²)
    assert check_test_statistic("r", r, df, None, ReportedP("=", round(t_p(r * math.sqrt(df / (1 - r * r)), df), 3))).verdict == "reproduced"
    assert check_test_statistic("F", 4.84, 1, None, ReportedP("=", 0.04)).missing == ("denominator degrees of freedom",)


# ---- what a reported number stands for ---------------------------------------------------------------


def test_decimals_and_intervals():
    assert decimals_of(0.02) == 2 and decimals_of(35) == 0 and decimals_of(0.0001) == 4 and decimals_of(13.01) == 2
    low, high = rounding_interval(0.02)
    assert (float(low), float(high)) == (0.015, 0.025)


def test_bounds_admit_the_side_they_state():
    assert ReportedP("<", 0.001).admits(0.0002, 0.0002) and not ReportedP("<", 0.001).admits(0.002, 0.002)
    assert ReportedP(">", 0.05).admits(0.3, 0.3) and not ReportedP(">", 0.05).admits(0.01, 0.01)
    assert ReportedP("=", 0.02).admits(0.015, 0.015) and not ReportedP("=", 0.02).admits(0.0254, 0.0254)

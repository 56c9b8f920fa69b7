"""GRIM and GRIMMER on the hair review's percentages and scores, the published GRIM example, and an
exhaustive check of GRIMMER against every data set of a small scale."""

from __future__ import annotations

import itertools
import statistics
from decimal import ROUND_HALF_UP, Decimal

import pytest

from exograph.appraisal.grim import check_grim, check_grim_percent, check_grimmer


def test_wan_80_percent_of_16_patients_is_not_a_whole_number():
    # 12/16 = 75% and 13/16 = 81.25%: no count of 16 patients rounds to 80%
    check = check_grim_percent(80, 16)
    assert check.verdict == "not reproduced"
    assert "12/16 = 75%" in check.detail and "13/16 = 81.25%" in check.detail


@pytest.mark.parametrize("percent, n, count", [
    (54.5, 22, 12),   # Sasaki: 54.5% of 22 females
    (88.9, 9, 8),     # Sasaki: 88.9% of 9 males
    (80, 60, 48),     # Gentile: 80% of 60 patients
    (20, 85, 17),     # Nadeem: redness in 20% of 85
    (20, 10, 2),      # Amini: irritation in 20% of the 10 treated
])
def test_reported_percentages_that_whole_counts_give(percent, n, count):
    assert round(100 * count / n, 1) == pytest.approx(percent, abs=0.05)
    assert check_grim_percent(percent, n).verdict == "reproduced"


def test_the_published_grim_example():
    # Brown & Heathers 2017: a mean of 5.19 from 28 integer answers is impossible; 5.18 is possible (145/28)
    assert check_grim(5.19, 28).verdict == "not reproduced"
    assert check_grim(5.18, 28).verdict == "reproduced"


def test_satisfaction_means_are_possible_but_grim_is_uninformative_at_their_n():
    # Amini 4.2/5 with 10 per group, Nadeem 8.5/10 with 85: one decimal is reachable from n ≥ 10
    for mean, n, scale in ((4.2, 10, (1, 5)), (2.9, 10, (1, 5)), (8.5, 85, (1, 10))):
        check = check_grim(mean, n, scale=scale)
        assert check.verdict == "reproduced" and "uninformative" in check.detail


def test_grim_with_items_and_scale_bounds():
    assert check_grim(3.43, 15, items=2).verdict == "reproduced"   # 103/30 = 3.4333
    assert check_grim(3.43, 15).verdict == "not reproduced"         # 51/15 = 3.40, 52/15 = 3.4667
    assert check_grim(5.5, 4, scale=(1, 5)).verdict == "not reproduced"  # above the scale


def test_missing_inputs_are_named():
    assert check_grim(None, 10).missing == ("mean",)
    assert check_grimmer(4.2, None, 10).missing == ("SD",)
    assert check_grim_percent(80, None).missing == ("n",)


def _rounded(value: float, places: int) -> Decimal:
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def test_grimmer_accepts_every_mean_and_sd_that_real_data_give_and_rejects_only_impossible_ones():
    n, scale = 5, range(1, 6)
    possible = set()
    for data in itertools.combinations_with_replacement(scale, n):
        possible.add((_rounded(statistics.mean(data), 2), _rounded(statistics.stdev(data), 2)))
    for mean, sd in possible:
        assert check_grimmer(float(mean), float(sd), n, mean_decimals=2, sd_decimals=2).verdict == "reproduced", (mean, sd)
    rejected = 0
    for mean in {m for m, _ in possible}:
        for sd_hundredths in range(0, 250):
            sd = Decimal(sd_hundredths) / 100
            verdict = check_grimmer(float(mean), float(sd), n, mean_decimals=2, sd_decimals=2).verdict
            if verdict == "not reproduced":
                rejected += 1
                assert (mean, sd) not in possible
    assert rejected > 1000  # the parity and sum-of-squares rules reject most SDs at n = 5


def test_grimmer_rejects_an_sd_of_the_wrong_parity():
    # n = 3, total 6 (mean 2.00): the sums of squares are even; SD² = (Σx² − 12) / 2 is then a whole number
    assert check_grimmer(2.0, 1.0, 3, mean_decimals=2, sd_decimals=2).verdict == "reproduced"   # 1, 2, 3
    assert check_grimmer(2.0, 0.71, 3, mean_decimals=2, sd_decimals=2).verdict == "not reproduced"

"""GRIM and GRIMMER: can a reported mean (or percentage, or SD) arise from whole-number data?

GRIM (Brown & Heathers 2017): the mean of n whole numbers is a total divided by n, so a mean reported
to d decimals is possible only if some whole total T has T / n inside the mean's rounding interval.
A percentage of n patients is the mean of n zeros and ones, so the same test applies to it (count / n).
The test is informative only while n × items < 10^d: with more, every d-decimal mean is reachable.

GRIMMER (Anaya 2016): for each total T that passes GRIM, the sum of squares Σx² must be a whole number
of the same parity as T (x² and x are both odd or both even), and must lie in the interval that the
reported SD's rounding allows: Σx² = (n − 1)·SD² + T² / n.

All arithmetic is exact (fractions), so a boundary case never depends on floating-point error.
"""

from __future__ import annotations

import math
from fractions import Fraction

from exograph.appraisal.pvalues import Check
from exograph.appraisal.reported import decimals_of, rounding_interval


def _interval(value: float, decimals: int | None) -> tuple[Fraction, Fraction]:
    low, high = rounding_interval(value, decimals)
    return Fraction(low), Fraction(high)


def grim_totals(mean: float, n: int, items: int = 1, decimals: int | None = None) -> list[int]:
    """Every whole total whose mean over n × items values rounds to the reported mean."""
    low, high = _interval(mean, decimals)
    units = n * items
    return list(range(math.ceil(low * units), math.floor(high * units) + 1))


def _informative(n: int, items: int, decimals: int) -> bool:
    return n * items < 10 ** decimals


def check_grim(mean: float | None, n: int | None, items: int = 1, scale: tuple[int, int] | None = None,
               decimals: int | None = None) -> Check:
    """GRIM for a mean of whole-number ratings (items per respondent; scale = lowest and highest rating)."""
    missing = [name for name, v in (("mean", mean), ("n", n)) if v is None]
    if missing:
        return Check("grim", "cannot check", f"mean {mean}", f"n = {n}", missing=tuple(missing))
    assert mean is not None and n is not None
    places = decimals_of(mean) if decimals is None else decimals
    totals = grim_totals(mean, n, items, places)
    if scale is not None:
        lowest, highest = scale
        totals = [t for t in totals if lowest * n * items <= t <= highest * n * items]
    return _grim_check("grim", f"mean {mean}", f"n = {n}" + (f", {items} items" if items != 1 else ""),
                       totals, _informative(n, items, places), f"whole totals over {n * items} values")


def check_grim_percent(percent: float | None, n: int | None, decimals: int | None = None) -> Check:
    """GRIM for a percentage of n patients: some whole count of 0..n must give it."""
    missing = [name for name, v in (("percentage", percent), ("n", n)) if v is None]
    if missing:
        return Check("grim-percent", "cannot check", f"{percent}%", f"n = {n}", missing=tuple(missing))
    assert percent is not None and n is not None
    places = decimals_of(percent) if decimals is None else decimals
    low, high = _interval(percent, places)
    counts = [c for c in range(0, n + 1) if low <= Fraction(100 * c, n) <= high]
    nearest = sorted(range(0, n + 1), key=lambda c: abs(Fraction(100 * c, n) - Fraction(str(percent))))[:2]
    shown = ", ".join(f"{c}/{n} = {float(Fraction(100 * c, n)):.4g}%" for c in sorted(nearest))
    return _grim_check("grim-percent", f"{percent}%", f"n = {n}", counts, n < 100 * 10 ** places,
                       f"counts of {n} patients (nearest: {shown})")


def _grim_check(kind: str, reported: str, inputs: str, found: list[int], informative: bool, what: str) -> Check:
    verdict = "reproduced" if found else "not reproduced"
    detail = f"{_count(len(found), what)} give{'s' if len(found) == 1 else ''} it" if found else f"no {what} give it"
    if not informative:
        detail += "; uninformative at this n (every value with these decimals is reachable)"
    return Check(kind, verdict, reported, inputs, detail=detail)  # type: ignore[arg-type]


def check_grimmer(mean: float | None, sd: float | None, n: int | None, scale: tuple[int, int] | None = None,
                  mean_decimals: int | None = None, sd_decimals: int | None = None) -> Check:
    """GRIMMER for a mean ± SD of n whole-number values (one item each)."""
    missing = [name for name, v in (("mean", mean), ("SD", sd), ("n", n)) if v is None]
    reported = f"mean {mean} ± SD {sd}"
    if missing:
        return Check("grimmer", "cannot check", reported, f"n = {n}", missing=tuple(missing))
    assert mean is not None and sd is not None and n is not None
    if n < 2:
        return Check("grimmer", "cannot check", reported, f"n = {n}", missing=("at least two values",))
    totals = check_grim(mean, n, scale=scale, decimals=mean_decimals)
    if totals.verdict != "reproduced":
        return Check("grimmer", "not reproduced", reported, f"n = {n}", detail=f"the mean fails GRIM ({totals.detail})")
    sd_low, sd_high = _interval(sd, sd_decimals)
    sd_low = max(sd_low, Fraction(0))
    fitting = [t for t in grim_totals(mean, n, decimals=mean_decimals) if _sum_of_squares_fits(t, n, sd_low, sd_high)]
    detail = (f"{_count(len(fitting), 'whole totals')} ha{'s' if len(fitting) == 1 else 've'} a whole sum of squares of the right parity for the SD"
              if fitting else "no whole sum of squares of the right parity gives this SD with any total that fits the mean")
    return Check("grimmer", "reproduced" if fitting else "not reproduced", reported, f"n = {n}", detail=detail)


def _sum_of_squares_fits(total: int, n: int, sd_low: Fraction, sd_high: Fraction) -> bool:
    base = Fraction(total * total, n)
    low = math.ceil((n - 1) * sd_low * sd_low + base)
    high = math.floor((n - 1) * sd_high * sd_high + base)
    first = low if (low - total) % 2 == 0 else low + 1
    return first <= high


def _count(number: int, what: str) -> str:
    """'1 whole total', '3 whole totals' (the plural noun is the first word ending in s)."""
    if number != 1:
        return f"{number} {what}"
    words = what.split(" ")
    for i, word in enumerate(words):
        if word.endswith("s"):
            words[i] = word[:-1]
            break
    return f"1 {' '.join(words)}"

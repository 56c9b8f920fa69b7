"""Recompute a reported p-value from the numbers reported beside it.

Every test is a library function (scipy.stats, statsmodels); nothing here evaluates a distribution by
hand. A reported p is *reproduced* when any standard test gives a p that rounds to it (or lies on the
reported side of a bound), *not reproduced* when none does — with every test's p shown — and *cannot
check* when an input is missing, with what is missing. Inputs that are themselves rounded (means, SDs,
test statistics) stand for the interval their decimals allow, so a test gives a range of p-values:
the p at each end of each input's interval.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Iterable, Literal

from scipy import stats
from statsmodels.stats.contingency_tables import mcnemar

from exograph.appraisal.reported import ReportedP, rounding_interval

Verdict = Literal["reproduced", "not reproduced", "cannot check"]
ALPHA = 0.05


@dataclass(frozen=True)
class TestP:
    """One standard test's p-value (a range when its inputs are rounded) and whether it fits the report."""

    test: str
    function: str
    p_low: float
    p_high: float
    reproduces: bool
    statistic: float | None = None
    note: str = ""

    def shown(self) -> str:
        p = f"p = {self.p_low:.4g}" if self.p_low == self.p_high else f"p = {self.p_low:.4g}–{self.p_high:.4g}"
        return f"{self.test}: {p}" + (f" ({self.note})" if self.note else "")


@dataclass(frozen=True)
class Check:
    """The verdict on one reported number, with every test tried or every input missing."""

    kind: str
    verdict: Verdict
    reported: str
    inputs: str
    tests: tuple[TestP, ...] = ()
    missing: tuple[str, ...] = ()
    gross: bool = False  # the report's significance at 0.05 disagrees with every test's
    detail: str = field(default="", compare=False)

    @property
    def explanation(self) -> str:
        if self.verdict == "cannot check":
            return f"cannot check {self.reported}: missing {', '.join(self.missing)}"
        if not self.tests:  # an arithmetic check (GRIM, GRIMMER): its detail says what was tried
            return f"{self.reported} {self.verdict} from {self.inputs}: {self.detail}"
        tried = "; ".join(t.shown() for t in self.tests)
        head = "reproduced" if self.verdict == "reproduced" else "not reproduced by any standard test"
        tail = " — the report's significance at 0.05 disagrees with every test" if self.gross else ""
        return f"{self.reported} {head} from {self.inputs}: {tried}{tail}" + (f". {self.detail}" if self.detail else "")


def cannot_check(kind: str, reported: ReportedP | None, missing: Iterable[str], inputs: str = "") -> Check:
    return Check(kind, "cannot check", str(reported) if reported else "no p-value", inputs, missing=tuple(missing))


def judge(kind: str, reported: ReportedP, inputs: str, tests: list[TestP], detail: str = "") -> Check:
    """The verdict over every test tried."""
    verdict: Verdict = "reproduced" if any(t.reproduces for t in tests) else "not reproduced"
    claimed = reported.significant(ALPHA)
    gross = (verdict == "not reproduced" and claimed is not None
             and all((t.p_high < ALPHA) != claimed and (t.p_low < ALPHA) != claimed for t in tests))
    return Check(kind, verdict, str(reported), inputs, tuple(tests), gross=gross, detail=detail)


def _test(name: str, function: str, reported: ReportedP, ps: list[float], statistic: float | None = None,
          note: str = "", continuous: bool = True) -> TestP:
    """A test's p over its inputs' rounding box (continuous: every p between the ends is reached, since p
    is continuous in the inputs) or over a discrete set of tables (each p on its own)."""
    low, high = min(ps), max(ps)
    fits = reported.admits(low, high) if continuous else any(reported.admits(p, p) for p in ps)
    return TestP(name, function, low, high, fits, statistic, note)


def shown(value: object) -> str:
    """A reported number as text; '?' where the source gives none."""
    return "?" if value is None else f"{value:g}" if isinstance(value, float) else str(value)


def _missing(**inputs: object) -> list[str]:
    return [name.replace("_", " ") for name, value in inputs.items() if value is None]


# ---- 2×2 counts -------------------------------------------------------------------------------


def check_two_by_two(events_a: int | None, total_a: int | None, events_b: int | None, total_b: int | None,
                     reported: ReportedP | None, paired: bool | None = None) -> Check:
    """Events out of totals in two groups: Fisher's exact test and Pearson's χ² with and without Yates'
    correction; McNemar's test too when the groups are paired (a split-body design) or may be (pairing
    unknown and the same number of units in each group). Without the discordant pairs, McNemar's p is
    computed for every pairing the margins allow, and reproduces the report if any pairing does."""
    missing = _missing(events_in_exosome_group=events_a, total_of_exosome_group=total_a,
                       events_in_control_group=events_b, total_of_control_group=total_b, reported_p=reported)
    inputs = f"{shown(events_a)}/{shown(total_a)} vs {shown(events_b)}/{shown(total_b)}"
    if missing:
        return cannot_check("2x2", reported, missing, inputs)
    assert reported is not None and events_a is not None and events_b is not None  # narrowed by _missing
    table = [[events_a, total_a - events_a], [events_b, total_b - events_b]]
    tests = [_fisher(table, reported), *_chi_square(table, reported)]
    detail = ""
    if paired or (paired is None and total_a == total_b):
        tests += _mcnemar_over_pairings(events_a, events_b, total_a, reported)
        detail = ("McNemar's test assumes the two groups are the same units (split-body); the pairs are not "
                  "reported, so its p spans every pairing the margins allow" if paired is None else "")
    return judge("2x2", reported, inputs, tests, detail)


def _fisher(table: list[list[int]], reported: ReportedP) -> TestP:
    result = stats.fisher_exact(table, alternative="two-sided")
    return _test("Fisher's exact test (two-sided)", "scipy.stats.fisher_exact", reported,
                 [float(result.pvalue)], float(result.statistic))


def _chi_square(table: list[list[int]], reported: ReportedP) -> list[TestP]:
    tests = []
    for correction, name in ((True, "Pearson's chi-squared test with Yates' correction"),
                             (False, "Pearson's chi-squared test without correction")):
        chi2, p, _, _ = stats.chi2_contingency(table, correction=correction)
        tests.append(_test(name, f"scipy.stats.chi2_contingency(correction={correction})", reported,
                           [float(p)], float(chi2)))
    return tests


def pairings(events_a: int, events_b: int, units: int) -> list[tuple[int, int, int, int]]:
    """Every paired table (both, only a, only b, neither) whose margins are events_a and events_b of units."""
    tables = []
    for both in range(0, min(events_a, events_b) + 1):
        only_a, only_b = events_a - both, events_b - both
        neither = units - both - only_a - only_b
        if neither >= 0:
            tables.append((both, only_a, only_b, neither))
    return tables


_MCNEMAR = (("McNemar's exact test", {"exact": True}),
            ("McNemar's chi-squared test with continuity correction", {"exact": False, "correction": True}),
            ("McNemar's chi-squared test without correction", {"exact": False, "correction": False}))


def _mcnemar_over_pairings(events_a: int, events_b: int, units: int, reported: ReportedP) -> list[TestP]:
    tables = pairings(events_a, events_b, units)
    tests = []
    for name, options in _MCNEMAR:
        ps = [float(mcnemar([[both, only_a], [only_b, neither]], **options).pvalue)
              for both, only_a, only_b, neither in tables]
        options_text = ", ".join(f"{k}={v}" for k, v in options.items())
        tests.append(_test(name, f"statsmodels.stats.contingency_tables.mcnemar({options_text})", reported, ps,
                           note=f"over {len(tables)} pairings the margins allow", continuous=False))
    return tests


# ---- means and SDs ----------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupSummary:
    """A group's mean, SD and size as reported (mean and SD rounded to the decimals they were written with)."""

    mean: float | None
    sd: float | None
    n: int | None
    mean_decimals: int | None = None
    sd_decimals: int | None = None


def _ends(value: float, decimals: int | None = None) -> tuple[float, float]:
    low, high = rounding_interval(value, decimals)
    return float(low), float(high)


def check_two_means(a: GroupSummary, b: GroupSummary, reported: ReportedP | None) -> Check:
    """Two independent groups' mean ± SD with n: Welch's and Student's t-tests from summary statistics,
    at every end of the means' and SDs' rounding intervals."""
    missing = _missing(exosome_group_mean=a.mean, exosome_group_SD=a.sd, exosome_group_n=a.n,
                       control_group_mean=b.mean, control_group_SD=b.sd, control_group_n=b.n, reported_p=reported)
    inputs = (f"{shown(a.mean)} ± {shown(a.sd)} (n = {shown(a.n)}) vs "
              f"{shown(b.mean)} ± {shown(b.sd)} (n = {shown(b.n)})")
    if missing:
        return cannot_check("two-means", reported, missing, inputs)
    assert reported is not None
    corners = list(itertools.product(_ends(a.mean, a.mean_decimals), _ends(a.sd, a.sd_decimals),  # type: ignore[arg-type]
                                     _ends(b.mean, b.mean_decimals), _ends(b.sd, b.sd_decimals)))  # type: ignore[arg-type]
    tests = []
    for equal_var, name in ((False, "Welch's t-test"), (True, "Student's t-test")):
        ps = [float(stats.ttest_ind_from_stats(m1, s1, a.n, m2, s2, b.n, equal_var=equal_var).pvalue)
              for m1, s1, m2, s2 in corners]
        tests.append(_test(name, f"scipy.stats.ttest_ind_from_stats(equal_var={equal_var})", reported, ps))
    return judge("two-means", reported, inputs, tests)


def check_within_arm_change(mean_change: float | None, sd_change: float | None, n: int | None,
                            reported: ReportedP | None) -> Check:
    """A single arm's mean change ± SD of the change with n: the one-sample (paired) t-test of the change
    against zero, t = mean / (SD / √n) with n − 1 degrees of freedom (p from scipy.stats.t)."""
    missing = _missing(mean_change=mean_change, SD_of_the_change=sd_change, n=n, reported_p=reported)
    inputs = f"change {shown(mean_change)} ± {shown(sd_change)} (n = {shown(n)})"
    if missing:
        return cannot_check("within-arm-change", reported, missing, inputs)
    assert reported is not None and n is not None
    if n < 2:
        return cannot_check("within-arm-change", reported, ["at least two patients"], inputs)
    ps = [_one_sample_p(m, s, n) for m, s in itertools.product(_ends(mean_change), _ends(sd_change))]  # type: ignore[arg-type]
    test = _test("one-sample t-test of the change", "scipy.stats.t.sf", reported, ps)
    return judge("within-arm-change", reported, inputs, [test])


def _one_sample_p(mean: float, sd: float, n: int) -> float:
    t = mean / (sd / n ** 0.5)
    return float(2 * stats.t.sf(abs(t), n - 1))


# ---- a reported test statistic (statcheck) ------------------------------------------------------

StatisticKind = Literal["t", "F", "chi2", "z", "r"]


def _p_of_statistic(kind: StatisticKind, value: float, df1: float | None, df2: float | None) -> float:
    if kind == "t":
        return float(2 * stats.t.sf(abs(value), df1))
    if kind == "F":
        return float(stats.f.sf(value, df1, df2))
    if kind == "chi2":
        return float(stats.chi2.sf(value, df1))
    if kind == "z":
        return float(2 * stats.norm.sf(abs(value)))
    t = value * (df1 / (1 - value * value)) ** 0.5  # r with df = n − 2, tested as t
    return float(2 * stats.t.sf(abs(t), df1))


_FUNCTIONS: dict[str, str] = {"t": "scipy.stats.t.sf", "F": "scipy.stats.f.sf", "chi2": "scipy.stats.chi2.sf",
                              "z": "scipy.stats.norm.sf", "r": "scipy.stats.t.sf"}


def check_test_statistic(kind: StatisticKind, value: float | None, df1: float | None, df2: float | None,
                         reported: ReportedP | None, decimals: int | None = None) -> Check:
    """A reported t, F, χ², z or r with its degrees of freedom, under statcheck's rules: the statistic
    stands for the interval its decimals allow, and the report is consistent when the p of some value
    in that interval fits it; two-sided for t, z and r."""
    needs_df1, needs_df2 = kind in ("t", "F", "chi2", "r"), kind == "F"
    missing = _missing(statistic=value, reported_p=reported,
                       degrees_of_freedom=df1 if needs_df1 else 0, denominator_degrees_of_freedom=df2 if needs_df2 else 0)
    df_text = f"({df1}, {df2})" if needs_df2 else (f"({df1})" if needs_df1 else "")
    inputs = f"{kind}{df_text} = {shown(value)}"
    if missing:
        return cannot_check("test-statistic", reported, missing, inputs)
    assert reported is not None and value is not None
    low, high = _ends(value, decimals)
    if kind == "r":
        low, high = max(low, -0.999999), min(high, 0.999999)
    ps = [_p_of_statistic(kind, end, df1, df2) for end in (low, high)]
    if (low < 0 < high) and kind in ("t", "z", "r"):
        ps.append(1.0)
    test = _test(f"p of {kind}{df_text}", _FUNCTIONS[kind], reported, ps, statistic=value)
    return judge("test-statistic", reported, inputs, [test])


def recomputed_range(check: Check) -> tuple[float, float] | None:
    """The smallest and largest p over every test of a check (None when nothing was computed)."""
    if not check.tests:
        return None
    return min(t.p_low for t in check.tests), max(t.p_high for t in check.tests)


"""What a reported number stands for.

A reported value with d decimals stands for every value that rounds to it: the closed interval
[v − ½·10⁻ᵈ, v + ½·10⁻ᵈ] (statcheck's rule). The decimals of a number curated as a float are those of
its shortest representation, so a trailing zero the source printed ("0.050") is lost and the interval
is wider than the source's: checks built on it can only be more lenient, never stricter.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

Comparator = Literal["=", "<", "<=", ">", ">="]


def decimals_of(value: float | int | Decimal | str) -> int:
    """The decimals a number was written with: 0.02 → 2, 35 → 0, 1e-4 → 4."""
    exponent = Decimal(str(value)).normalize().as_tuple().exponent
    return max(0, -int(exponent))


def rounding_interval(value: float | int, decimals: int | None = None) -> tuple[Decimal, Decimal]:
    """The closed interval of values that round to `value` at its decimals (exact, in Decimal)."""
    places = decimals_of(value) if decimals is None else decimals
    half = Decimal(5) * Decimal(10) ** -(places + 1)
    exact = Decimal(str(value))
    return exact - half, exact + half


@dataclass(frozen=True)
class ReportedP:
    """A p-value as a source reports it: `comparator` keeps a bound ("p < 0.001")."""

    comparator: Comparator
    value: float
    decimals: int | None = None

    def __str__(self) -> str:
        return f"p {self.comparator} {self.value:g}"

    def admits(self, low: float, high: float) -> bool:
        """Whether a recomputed p, known to lie in [low, high], is consistent with this report."""
        if self.comparator == "=":
            start, end = rounding_interval(self.value, self.decimals)
            return float(start) <= high and low <= float(end)
        if self.comparator in ("<", "<="):
            return low < self.value or (self.comparator == "<=" and low <= self.value)
        return high > self.value or (self.comparator == ">=" and high >= self.value)

    def significant(self, alpha: float = 0.05) -> bool | None:
        """Whether the report claims p < alpha (None when the report does not decide it)."""
        if self.comparator in ("<", "<="):
            return True if self.value <= alpha else None
        if self.comparator in (">", ">="):
            return False if self.value >= alpha else None
        return self.value < alpha

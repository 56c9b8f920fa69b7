"""Doses per vial, mL, site, session and course, in each unit (particles, µg of protein) the facts allow.

Only multiplications of stated numbers: a concentration times a stated volume, a per-session amount
times a stated number of sessions. A range stays a range (its ends multiply). What cannot be computed
says which stated number it would need — vials per session, volume per session, sites per session —
because the record never fills a gap with an assumption.
"""

from __future__ import annotations

from dataclasses import dataclass

# dose kind -> (amount unit, what one amount is given per)
DOSE_BASIS = {"particles-per-vial": ("particles", "vial"), "particles-per-ml": ("particles", "mL"),
              "protein-per-session": ("ug", "session")}


@dataclass(frozen=True)
class Span:
    low: float
    high: float

    @classmethod
    def of(cls, value: float | None = None, low: float | None = None, high: float | None = None) -> "Span":
        if value is not None:
            return cls(value, value)
        if low is None or high is None:
            raise ValueError("a span needs a value, or both ends")
        return cls(low, high)

    def times(self, other: "Span") -> "Span":
        return Span(self.low * other.low, self.high * other.high)

    def __str__(self) -> str:
        return f"{self.low:g}" if self.low == self.high else f"{self.low:g}–{self.high:g}"


@dataclass(frozen=True)
class Regimen:
    """The stated administration numbers (None when the record does not state one)."""

    sessions: Span | None = None
    volume_per_site: Span | None = None        # mL
    sites_per_session: Span | None = None
    volume_per_session: Span | None = None     # mL


@dataclass(frozen=True)
class DoseFigure:
    amount: Span | None
    unit: str       # particles, ug
    per: str        # vial, mL, site, session, course
    how: str        # the arithmetic, or what is missing
    stated: bool = False


def normalise(kind: str, quantity: Span, regimen: Regimen) -> list[DoseFigure]:
    """Every per-X figure of one stated dose: the stated one, then per site, session and course."""
    if kind not in DOSE_BASIS:
        raise ValueError(f"unknown dose kind {kind!r}; expected one of {', '.join(DOSE_BASIS)}")
    unit, basis = DOSE_BASIS[kind]
    figures = [DoseFigure(quantity, unit, basis, "as stated", stated=True)]
    per_session = figures[0] if basis == "session" else _per_session(quantity, unit, basis, regimen, figures)
    if per_session is not figures[0]:
        figures.append(per_session)
    figures.append(_per_course(per_session, unit, regimen))
    return figures


def _per_session(quantity: Span, unit: str, basis: str, regimen: Regimen, figures: list[DoseFigure]) -> DoseFigure:
    if basis == "vial":
        return DoseFigure(None, unit, "session", "not computable: vials per session not stated")
    # a concentration (per mL): per site with the volume per site, per session with the session's volume
    if regimen.volume_per_site is not None:
        per_site = quantity.times(regimen.volume_per_site)
        figures.append(DoseFigure(per_site, unit, "site", f"{quantity} {unit}/mL × {regimen.volume_per_site} mL per site"))
        if regimen.sites_per_session is not None:
            return DoseFigure(per_site.times(regimen.sites_per_session), unit, "session",
                              f"{per_site} {unit} per site × {regimen.sites_per_session} sites")
    if regimen.volume_per_session is not None:
        return DoseFigure(quantity.times(regimen.volume_per_session), unit, "session",
                          f"{quantity} {unit}/mL × {regimen.volume_per_session} mL per session")
    lacking = "sites per session" if regimen.volume_per_site is not None else "volume per session (or per site and sites)"
    return DoseFigure(None, unit, "session", f"not computable: {lacking} not stated")


def _per_course(per_session: DoseFigure, unit: str, regimen: Regimen) -> DoseFigure:
    if per_session.amount is None:
        return DoseFigure(None, unit, "course", "not computable: no per-session dose")
    if regimen.sessions is None:
        return DoseFigure(None, unit, "course", "not computable: number of sessions not stated")
    return DoseFigure(per_session.amount.times(regimen.sessions), unit, "course",
                      f"{per_session.amount} {unit} per session × {regimen.sessions} sessions")

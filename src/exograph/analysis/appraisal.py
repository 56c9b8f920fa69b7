"""The appraisal as plain Python objects for the page and the plots, read from the built graph: the
summary of findings (computed certainty per body of evidence), each study's EV product quality and
computed certainties, and the pooled estimates (or why nothing was pooled)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from exograph.analysis.terms import PageQueries
from exograph.formatting import confidence_interval

SYMBOLS = {"high": "⊕⊕⊕⊕", "moderate": "⊕⊕⊕◯", "low": "⊕⊕◯◯", "very low": "⊕◯◯◯"}


@dataclass(frozen=True)
class Finding:
    """One row of the summary of findings."""

    body: str
    outcome: str
    outcome_iri: str
    source: str
    indication: str
    indication_iri: str
    studies: int
    patients: int
    effect: str
    certainty: str
    rank: int
    reasons: str
    start: str
    computed_by: str
    members: tuple[str, ...] = ()

    @property
    def symbol(self) -> str:
        return SYMBOLS[self.certainty]


@dataclass(frozen=True)
class Quality:
    score: float
    met: int
    applicable: int
    missing: tuple[str, ...]

    @property
    def summary(self) -> str:
        return f"{self.met} of {self.applicable} MISEV items ({self.score:.0%})"


@dataclass(frozen=True)
class StudyEstimate:
    label: str
    effect: float
    low: float
    high: float
    weight: float


@dataclass(frozen=True)
class Pooling:
    finding: Finding
    comparison: str
    unit: str
    effect: float | None = None
    low: float | None = None
    high: float | None = None
    tau2: float | None = None
    i2: float | None = None
    reason: str = ""
    studies: tuple[StudyEstimate, ...] = ()

    @property
    def interval(self) -> str:
        """`95% CI 1.2 to 3.4`, or why a pooled estimate has none (a bound that is not a finite number)."""
        return confidence_interval(self.low, self.high) or self.reason or "95% CI not computed"


@dataclass
class Appraisal:
    findings: list[Finding] = field(default_factory=list)
    quality: dict[str, Quality] = field(default_factory=dict)
    poolings: list[Pooling] = field(default_factory=list)
    verdicts: dict[str, int] = field(default_factory=dict)

    def findings_of(self, study_iri: str) -> list[Finding]:
        return [f for f in self.findings if study_iri in f.members]

    @property
    def pooled(self) -> list[Pooling]:
        return [p for p in self.poolings if p.effect is not None]


def load_appraisal(page: PageQueries) -> Appraisal:
    members: dict[str, list[str]] = {}
    for row in page.rows("evidence-body-members"):
        members.setdefault(row["body"], []).append(row["study"])
    findings = sorted((_finding(row, members) for row in page.rows("evidence-bodies")),
                      key=lambda f: (-f.rank, f.outcome, f.source, f.indication))
    by_body = {f.body: f for f in findings}
    return Appraisal(findings, _quality(page), _poolings(page, by_body),
                     {row["verdict"]: int(row["count"]) for row in page.rows("check-verdicts")})


def _finding(row: dict[str, Any], members: dict[str, list[str]]) -> Finding:
    return Finding(row["body"], row["outcome_label"] or row["outcome_key"], row["outcome_iri"],
                   row["source_label"] or row["source_key"], row["indication_label"] or row["indication"],
                   row["indication"], int(row["studies"]), int(row["patients"]), row["effect"], row["certainty"],
                   int(row["rank"]), row["reasons"], row["start"], row["computed_by"], tuple(sorted(members.get(row["body"], []))))


def _quality(page: PageQueries) -> dict[str, Quality]:
    found: dict[str, tuple[dict[str, Any], list[str]]] = {}
    for row in page.rows("product-quality"):
        entry = found.setdefault(row["study"], (row, []))
        if row["missing"]:
            entry[1].append(row["missing"])
    return {study: Quality(float(row["score"]), int(row["met"]), int(row["applicable"]), tuple(sorted(missing)))
            for study, (row, missing) in found.items()}


def _poolings(page: PageQueries, findings: dict[str, Finding]) -> list[Pooling]:
    estimates: dict[str, list[StudyEstimate]] = {}
    for row in page.rows("pooled-study-estimates"):
        estimates.setdefault(row["pooling"], []).append(
            StudyEstimate(row["label"], float(row["effect"]), float(row["low"]), float(row["high"]), float(row["weight"])))
    poolings = []
    for row in page.rows("poolings"):
        number = (lambda name: float(row[name]) if row[name] is not None else None)  # noqa: E731
        poolings.append(Pooling(findings[row["body"]], row["comparison"], row["unit"], number("effect"), number("low"),
                                number("high"), number("tau2"), number("i2"), row["reason"] or "",
                                tuple(sorted(estimates.get(row["pooling"], []), key=lambda e: e.label))))
    return sorted(poolings, key=lambda p: (p.finding.outcome, p.finding.source, p.finding.indication, p.comparison, p.unit))

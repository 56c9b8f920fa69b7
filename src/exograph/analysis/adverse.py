"""Adverse events as the studies report them: which study reports which event, how many patients it
affected where the source says so (a count, or a percentage of a known number of patients — computed,
and marked as computed), and where a study's own statements conflict ("zero side effects" beside
"redness in 20% of cases").

A sample size is never shown as patients affected: a study of 85 patients that reports redness in 20%
of them affected 17 patients, not 85.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

from rdflib import Graph

from exograph.analysis import sparql
from exograph.analysis.terms import Provenance, curie, label_of, provenance, rows
from exograph.formatting import number, plural

NONE = "none"
# What a statement that no adverse event occurred rules out, by the local name of its scope class.
SCOPES = {"NoneOfAnyKind": "any", "NoneSerious": "serious", "NoneSevere": "severe", "NoneOfNamedEvents": "named"}
SCOPE_LABELS = {"any": "no adverse event of any kind", "serious": "no serious adverse event",
                "severe": "no severe adverse event", "named": "none of the named adverse events"}
# Severities a 'none serious' or 'none severe' statement rules out.
_RULED_OUT_SEVERITIES = {"serious": {"severe"}, "severe": {"severe"}}


@dataclass(frozen=True)
class AdverseReport:
    """One statement of a study about an adverse event (or about none)."""

    study: str
    node_key: str  # the event type IRI; for a statement of none, its scope IRI (or the none type)
    event: str  # the event key of the record ("redness", "none")
    text: str
    provenance: Provenance
    percent: float | None = None
    count: int | None = None
    arm_size: int | None = None
    severity: str = ""
    transient: bool | None = None
    scope: str = ""  # for a statement of none: any, serious, severe or named ("" when the record gives none)
    ruled_out: tuple[str, ...] = ()  # event type IRIs a 'named' statement of none rules out

    @property
    def is_none(self) -> bool:
        return self.event == NONE

    @property
    def detail(self) -> str:
        """`20%, mild, transient`."""
        parts = [f"{number(self.percent)}%" if self.percent is not None else "",
                 plural(self.count, "patients") if self.count is not None else "",
                 self.severity, "transient" if self.transient else ""]
        return ", ".join(p for p in parts if p)


@dataclass(frozen=True)
class Affected:
    """How many patients an event affected: stated by the source, or computed from its percentage."""

    patients: float
    computed: bool
    basis: str


def affected(report: AdverseReport, study_patients: int | None) -> Affected | None:
    """The patients affected, where the source gives a count or a percentage of a known group."""
    if report.count is not None:
        return Affected(report.count, False, f"{plural(report.count, 'patients')} (stated)")
    group = report.arm_size or study_patients
    if report.percent is None or not group:
        return None
    value = report.percent * group / 100
    shown = number(round(value, 1))
    return Affected(value, True, f"{number(report.percent)}% of {plural(group, 'patients')} ≈ {shown} "
                                 "(computed from the stated percentage)" if not float(value).is_integer() else
                    f"{number(report.percent)}% of {plural(group, 'patients')} = {shown} "
                    "(computed from the stated percentage)")


@dataclass(frozen=True)
class Conflict:
    """A study says no adverse event (of some scope) occurred, and also reports one it rules out."""

    study: str
    none: AdverseReport
    event: AdverseReport


def rules_out(none: AdverseReport, event: AdverseReport) -> bool:
    """Whether a statement of none contradicts a reported event of the same study."""
    scope = none.scope or "any"
    if scope == "any":
        return True
    if scope == "named":
        return event.node_key in none.ruled_out
    return event.severity in _RULED_OUT_SEVERITIES.get(scope, set())


def conflicts(reports: Iterable[AdverseReport]) -> list[Conflict]:
    """Every pair of one study's statements where a 'none' rules out an event the study reports."""
    by_study: dict[str, list[AdverseReport]] = {}
    for report in reports:
        by_study.setdefault(report.study, []).append(report)
    found = []
    for study, found_here in sorted(by_study.items()):
        nones = [r for r in found_here if r.is_none]
        events = [r for r in found_here if not r.is_none]
        found += [Conflict(study, none, event) for none in nones for event in events if rules_out(none, event)]
    return found


# ---- reading the graph ----------------------------------------------------------------------------


def _scope(row: dict[str, Any]) -> str:
    return SCOPES.get(curie(row["scope"]), "") if row.get("scope") else ""


def load_adverse_reports(graph: Graph, ids: dict[str, str]) -> tuple[list[AdverseReport], dict[str, str]]:
    """Every study's adverse-event statements (`ids`: study IRI → record id) and each node key's label."""
    grouped: dict[str, tuple[dict[str, Any], list[str]]] = {}
    for row in rows(graph, sparql.ADVERSE_EVENTS):
        entry = grouped.setdefault(row["f"], (row, []))
        if row.get("ruled_out"):
            entry[1].append(row["ruled_out"])
    reports, labels = [], {}
    for row, ruled_out in grouped.values():
        scope = _scope(row) if row["event_key"] == NONE else ""
        key = row["scope"] if scope else row["target"]
        if key not in labels:
            fallback = SCOPE_LABELS.get(scope) or ("no adverse event" if row["event_key"] == NONE
                                                   else row["event_key"].replace("-", " "))
            labels[key] = label_of(graph, key, fallback) if not scope else fallback
        reports.append(AdverseReport(ids[row["study"]], key, row["event_key"], row["as_reported"] or "",
                                     provenance(row), row["percent"], row["count"], row["arm_n"],
                                     row["severity"] or "", row["transient"], scope, tuple(sorted(ruled_out))))
    reports.sort(key=lambda r: (r.study, r.node_key, r.provenance.locator, r.text))
    return reports, labels

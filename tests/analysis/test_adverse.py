"""Adverse events: the patients an event affected (stated, or computed from a percentage and marked so,
never a sample size) and the conflicts between a study's statement of none and an event it reports."""

from __future__ import annotations

import pytest

from exograph.analysis.adverse import AdverseReport, affected, conflicts, rules_out
from exograph.analysis.evidence import Evidence, Provenance, load_evidence
from exograph.analysis.network import network_from_evidence
from exograph.viz.cards import adverse_card

HERE = Provenance("a quote", "Results", "review")
REDNESS = "http://purl.obolibrary.org/obo/HP_0010783"
PAIN = "http://purl.obolibrary.org/obo/HP_0012531"


def _report(event: str, key: str = REDNESS, **extra: object) -> AdverseReport:
    return AdverseReport("s", key, event, f"{event} as reported", HERE, **extra)


def test_patients_affected_are_stated_or_computed_never_a_sample_size() -> None:
    assert affected(_report("redness", count=3), 85).patients == 3
    assert not affected(_report("redness", count=3), 85).computed
    computed = affected(_report("redness", percent=20), 85)
    assert computed.patients == 17 and computed.computed and "computed" in computed.basis
    assert "20% of 85 patients = 17" in computed.basis
    assert affected(_report("redness", percent=20, arm_size=10), 85).patients == 2  # the arm, not the study
    assert "≈ 4.2" in affected(_report("redness", percent=5), 85).basis
    assert affected(_report("redness"), 85) is None  # no count, no percentage: no figure at all
    assert affected(_report("redness", percent=20), None) is None


@pytest.mark.parametrize(("scope", "severity", "key", "ruled_out", "conflict"), [
    ("any", "mild", REDNESS, (), True),
    ("", "mild", REDNESS, (), True),  # a record without a scope: none of any kind
    ("serious", "mild", REDNESS, (), False),
    ("severe", "severe", REDNESS, (), True),
    ("severe", "not-severe", REDNESS, (), False),
    ("named", "mild", PAIN, (PAIN,), True),
    ("named", "mild", REDNESS, (PAIN,), False),
])
def test_a_statement_of_none_conflicts_only_with_what_it_rules_out(scope: str, severity: str, key: str,
                                                                   ruled_out: tuple[str, ...], conflict: bool) -> None:
    none = _report("none", "none-key", scope=scope, ruled_out=ruled_out)
    event = _report("event", key, severity=severity)
    assert rules_out(none, event) is conflict
    assert bool(conflicts([none, event])) is conflict


@pytest.fixture(scope="module")
def evidence(built_graph) -> Evidence:  # noqa: ANN001 - an rdflib Graph
    return load_evidence(built_graph)


def test_erythema_counts_the_patients_it_affected_and_marks_the_conflict(evidence: Evidence) -> None:
    net = network_from_evidence(evidence)
    erythema = next(n for n, d in net.nodes(data=True) if d["kind"] == "adverse_event" and d["key"] == REDNESS)
    data = net.nodes[erythema]
    sample_sizes = sum(evidence.studies[s].patients for s in ("nadeem-2024", "gentile-2025"))
    # Nadeem reports redness in 20% of 85 patients (17); Gentile names redness without a figure.
    assert data["studies"] == 2 and data["patients"] == 17 != sample_sizes
    assert data["conflict"] and net.nodes["study:nadeem-2024"]["conflict"]  # "zero side effects" as well
    none = next(n for n, d in net.nodes(data=True) if d["kind"] == "adverse_event" and "No" in d["key"])
    assert net.nodes[none]["patients"] == 0 and net.nodes[none]["conflict"]
    card = adverse_card(evidence, REDNESS)
    facts = dict(card["facts"])
    assert facts["studies reporting it"] == "2"
    assert facts["patients affected"].startswith("17 patients") and "computed" in facts["patients affected"]
    assert any("zero side effects" in flag for flag in card["flags"])
    assert {item["head"] for item in card["sections"][0]["items"]} == {"Nadeem et al. 2024", "Gentile et al. 2025"}

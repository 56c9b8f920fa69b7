"""Hover cards: for every node, its facts and their provenance (quote + locator), as plain text.

Cards are data, not markup: the page builds them with DOM text nodes, so text from the curated files
can never become HTML.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from exograph.analysis.evidence import Evidence, Mention, Provenance, Study

KIND_NAMES = {"source": "exosome source", "study": "study", "indication": "indication", "outcome": "outcome",
              "adverse_event": "adverse event"}


def _item(head: str, text: str, provenance: Provenance, detail: str = "") -> dict[str, str]:
    return {"head": head, "text": text, "detail": detail, "quote": provenance.quote,
            "locator": provenance.locator, "document": provenance.document}


def study_card(study: Study, evidence: Evidence | None = None) -> dict[str, Any]:
    facts = [["patients", str(study.patients) if study.patients is not None else "not stated"],
             ["evidence level", ", ".join(sorted({f"Level {lvl}" for lvl, _ in study.levels})) or "not stated"],
             ["risk of bias", "; ".join(f"{tool}: {j}" for tool, j, _ in study.risk_of_bias) or "not assessed"]]
    facts += _appraised(study, evidence)
    if study.title:
        facts.append(["title", study.title])
    if study.doi:
        facts.append(["doi", study.doi])
    items = [_item(field, value, p) for field, value, p in study.facts]
    items += [_item("evidence level", f"Level {lvl}", p) for lvl, p in study.levels]
    items += [_item(f"risk of bias ({tool})", f"overall: {j}", p) for tool, j, p in study.risk_of_bias]
    return {"title": study.label, "kind": KIND_NAMES["study"], "facts": facts, "items": items}


def _appraised(study: Study, evidence: Evidence | None) -> list[list[str]]:
    """Beside risk of bias: the study's EV product reporting and the computed certainty of each body of
    evidence it is in (computed, not stated by the source)."""
    appraisal = evidence.appraisal if evidence is not None else None
    if appraisal is None:
        return []
    facts = []
    quality = appraisal.quality.get(study.iri)
    if quality is not None:
        missing = f"; missing: {', '.join(quality.missing)}" if quality.missing else ""
        facts.append(["EV product reporting (computed)", quality.summary + missing])
    findings = appraisal.findings_of(study.iri)
    if findings:
        facts.append(["certainty (computed by rule)", "; ".join(f"{f.outcome}: {f.certainty}" for f in findings)])
    return facts


def target_card(evidence: Evidence, kind: str, key: str, mentions: list[Mention]) -> dict[str, Any]:
    studies = sorted({m.study for m in mentions})
    patients = sum(evidence.studies[s].patients or 0 for s in studies)
    facts = [["studies", str(len(studies))], ["patients", str(patients)]]
    items = [_item(evidence.studies[m.study].label, m.text, m.provenance, m.detail) for m in mentions]
    return {"title": evidence.label(kind, key), "kind": KIND_NAMES[kind], "facts": facts, "items": items}


def _capped(card: dict[str, Any], limit: int | None) -> dict[str, Any]:
    """At most `limit` statements, and how many more there are: a folded page's source may stand for
    thousands of studies, and every statement's quote would swell the page."""
    if limit is not None and len(card["items"]) > limit:
        card["more"] = len(card["items"]) - limit
        card["items"] = card["items"][:limit]
    return card


def cards(evidence: Evidence, net: nx.Graph, item_limit: int | None = None) -> dict[str, dict[str, Any]]:
    """Node id → card (with at most `item_limit` statements)."""
    by_target: dict[tuple[str, str], list[Mention]] = {}
    for mention in evidence.mentions:
        by_target.setdefault((mention.kind, mention.key), []).append(mention)
    found = {}
    for node, data in net.nodes(data=True):
        if data["kind"] == "study":
            found[node] = study_card(evidence.studies[data["key"]], evidence)
        else:
            found[node] = target_card(evidence, data["kind"], data["key"], by_target[data["kind"], data["key"]])
        _capped(found[node], item_limit)
    return found


def study_facts(net: nx.Graph, studies: set[str]) -> dict[str, dict[str, Any]]:
    """Study node id → its label, patients and key facts as one line: what a folded edge's drill-down
    lists (full cards for thousands of studies would swell the page)."""
    found = {}
    for study in sorted(studies):
        data = net.nodes[study]
        facts = [f"{data.get('patients') or 0} patients",
                 f"Level {data['level']}" if data.get("level") else "level not stated",
                 f"risk of bias {data['risk_of_bias']}" if data.get("risk_of_bias") else "risk of bias not assessed"]
        found[study] = {"label": data["label"], "patients": data.get("patients") or 0, "facts": " · ".join(facts)}
    return found

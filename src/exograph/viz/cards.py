"""Cards: for every node, its facts and every statement behind them with provenance (quote + locator),
as plain text in sections. A study's card lists its exosome source, its results (measure, arm, values,
time point, p), its adverse events, the statements of its design, size, level and risk of bias, and the
curators' notes; an adverse event's card the studies that report it and the patients affected where a
source gives a count or a percentage (computed, and marked so); a review's card its own comparisons
and findings.

Cards are data, not markup: the page builds them with DOM text nodes, so text from the curated files
can never become HTML. Quotes are turned into reading text (`<sup>2</sup>` → `²`) by formatting.readable.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from exograph.analysis.adverse import Conflict, affected, conflicts
from exograph.analysis.evidence import Evidence, Mention, Provenance, Study, describe, outcome_key
from exograph.analysis.reviews import Review
from exograph.formatting import plural, readable
from exograph.viz.identifiers import RESOLVERS, identifier_fact, registry_kind

KIND_NAMES = {"source": "exosome source", "study": "study", "indication": "indication", "outcome": "outcome",
              "adverse_event": "adverse event", "review": "review-level results"}


def _item(head: str, text: str, provenance: Provenance, detail: str = "") -> dict[str, str]:
    return {"head": head, "text": readable(text), "detail": detail, "quote": readable(provenance.quote),
            "locator": provenance.locator, "document": provenance.document}


def _section(title: str, items: list[dict[str, str]]) -> dict[str, Any]:
    return {"title": title, "items": items}


def level_text(study: Study) -> str:
    levels = study.stated_levels
    if not levels:
        return "not stated"
    if len(levels) == 1:
        return f"Level {levels[0]}"
    return " or ".join(f"Level {lvl}" for lvl in levels) + " (conflicting statements)"


def _distinct(study: Study, field: str) -> str:
    return "; ".join(study.values.get(field, []))


def _study_facts(study: Study, evidence: Evidence) -> list[list[str]]:
    facts = [["country", _distinct(study, "country") or "not stated"],
             ["design", _distinct(study, "design") or "not stated"],
             ["patients", plural(study.patients, "patients") if study.patients is not None else "not stated"],
             ["evidence level", level_text(study)],
             ["risk of bias", "; ".join(f"{j} ({evidence.label('bias_tool', tool)})" for tool, j, _ in study.risk_of_bias)
              or "not assessed"]]
    facts += _appraised(study, evidence)
    if study.title:
        facts.append(["title", readable(study.title)])
    if study.doi:
        facts.append(identifier_fact("doi", study.doi))
    facts += registration_facts(evidence, study.iri)
    return facts


def registration_facts(evidence: Evidence, record: str) -> list[list[str]]:
    """The registrations a study or review reports (a trial's NCT ID, a protocol's PROSPERO ID)."""
    facts = []
    for registration in evidence.registrations.get(record, []):
        kind = registry_kind(registration.registry, registration.identifier)
        fact = identifier_fact(kind, registration.identifier) if kind else [registration.registry, registration.identifier]
        facts.append(["registration", f"{registration.registry} {registration.identifier}", *fact[2:]])
    return facts


def document_facts(evidence: Evidence, record: str, record_label: str, kinds: tuple[str, ...]) -> list[list[str]]:
    """The identifiers of the documents of `kinds` that a record quotes (a review's own full text), but
    those it reports as its registrations (shown as such)."""
    registered = {r.identifier for r in evidence.registrations.get(record, [])}
    return [identifier_fact(kind, value) for document in evidence.documents
            if document.kind in kinds and record_label in document.cited_by
            for kind, value in document.identifiers.items() if kind in RESOLVERS and value not in registered]


def _results(evidence: Evidence, study: Study) -> list[dict[str, str]]:
    """Each result of the study (measure · arm, values, time point, p) with its quote, then the outcomes
    it says it measured without a result here."""
    items = []
    for m in (m for m in evidence.measurements if m.study == study.id):
        head = " · ".join(x for x in (evidence.label("outcome", outcome_key(m.measure)), m.arm) if x)
        items.append(_item(head, describe(m) or "stated in words only (no number)", m.provenance))
    with_result = {outcome_key(m.measure) for m in evidence.measurements if m.study == study.id}
    unanswered: dict[Provenance, list[str]] = {}
    for mention in evidence.mentions:
        if mention.study == study.id and mention.kind == "outcome" and mention.detail == "measured" \
                and mention.key not in with_result:
            unanswered.setdefault(mention.provenance, []).append(evidence.label("outcome", mention.key))
    items += [_item("measured, no result given", ", ".join(sorted(names)), where)
              for where, names in unanswered.items()]
    return items


def _mentions_of(evidence: Evidence, study: Study, kind: str) -> list[Mention]:
    return [m for m in evidence.mentions if m.study == study.id and m.kind == kind]


def _adverse_items(evidence: Evidence, study: Study) -> list[dict[str, str]]:
    items = []
    for report in (r for r in evidence.adverse if r.study == study.id):
        figure = affected(report, study.patients)
        detail = "; ".join(x for x in (report.detail, figure.basis if figure else "") if x)
        items.append(_item(evidence.label("adverse_event", report.node_key), report.text, report.provenance, detail))
    return items


def _conflict_flags(evidence: Evidence, found: list[Conflict]) -> list[str]:
    return [f"{evidence.studies[c.study].label} states “{readable(c.none.text)}” and also reports "
            f"{evidence.label('adverse_event', c.event.node_key)} (“{readable(c.event.text)}”)" for c in found]


def study_card(evidence: Evidence, study: Study) -> dict[str, Any]:
    statements = [_item(name, value, p) for name, value, p in study.facts]
    statements += [_item("evidence level", f"Level {lvl}", p) for lvl, p in study.levels]
    statements += [_item(f"risk of bias ({evidence.label('bias_tool', tool)})", f"overall: {j}", p)
                   for tool, j, p in study.risk_of_bias]
    sections = [
        _section("Exosome source", [_item(evidence.label("source", m.key), m.text, m.provenance, m.detail)
                                    for m in _mentions_of(evidence, study, "source")]),
        _section("Results", _results(evidence, study)),
        _section("Adverse events", _adverse_items(evidence, study)),
        _section("Indication", [_item(evidence.label("indication", m.key), m.text, m.provenance)
                                for m in _mentions_of(evidence, study, "indication")]),
        _section("Design, size, level and risk of bias as stated", statements),
    ]
    flags = _conflict_flags(evidence, [c for c in conflicts(evidence.adverse) if c.study == study.id])
    if len(study.stated_levels) > 1:
        flags.append("The review states different evidence levels for this study: " + level_text(study))
    return {"title": study.label, "kind": KIND_NAMES["study"], "facts": _study_facts(study, evidence), "flags": flags,
            "sections": [s for s in sections if s["items"]], "notes": list(study.notes)}


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
    facts = [["studies", str(len(studies))], ["patients", plural(patients, "patients")]]
    items = [_item(evidence.studies[m.study].label, m.text, m.provenance, readable(m.detail)) for m in mentions]
    sections = [_section("Statements", items)] if items else []
    reviewed = _review_items(evidence, kind, key)
    if reviewed:
        sections.append(_section("Review-level results (no per-study data)", reviewed))
    return {"title": evidence.label(kind, key), "kind": KIND_NAMES[kind], "facts": facts, "flags": [],
            "sections": sections, "notes": []}


def adverse_card(evidence: Evidence, key: str) -> dict[str, Any]:
    """The studies reporting an adverse event and the patients it affected where a source says — never
    the studies' sample sizes."""
    reports = [r for r in evidence.adverse if r.node_key == key]
    studies = sorted({r.study for r in reports})
    items, figures = [], {}
    for report in reports:
        figure = affected(report, evidence.studies[report.study].patients)
        if figure is not None:
            figures[report.study] = max(figures.get(report.study, 0), figure.patients)
        detail = "; ".join(x for x in (report.detail, figure.basis if figure else "") if x)
        items.append(_item(evidence.studies[report.study].label, report.text, report.provenance, detail))
    if figures:
        gives = "gives" if len(figures) == 1 else "give"
        notes = [f"{len(figures)} of {plural(len(studies), 'studies')} {gives} a count or a percentage"
                 if len(figures) < len(studies) else ""]
        if any(r.count is None for r in reports if r.study in figures):
            notes.append("computed from stated percentages")
        shown = "; ".join(n for n in notes if n)
        affected_text = plural(round(sum(figures.values())), "patients") + (f" ({shown})" if shown else "")
    else:
        affected_text = "not stated by any study"
    facts = [["studies reporting it", str(len(studies))], ["patients affected", affected_text]]
    found = [c for c in conflicts(evidence.adverse) if key in (c.none.node_key, c.event.node_key)]
    return {"title": evidence.label("adverse_event", key), "kind": KIND_NAMES["adverse_event"], "facts": facts,
            "flags": _conflict_flags(evidence, found), "sections": [_section("Statements", items)], "notes": []}


def _review_items(evidence: Evidence, kind: str, key: str) -> list[dict[str, str]]:
    field = "outcome" if kind == "outcome" else "indication" if kind == "indication" else ""
    if not field:
        return []
    return [_item(review.label, result.text, result.provenance, result.p_value)
            for review in evidence.review_layer for result in review.results if getattr(result, field) == key]


def review_card(evidence: Evidence, review: Review) -> dict[str, Any]:
    def result_head(result: Any) -> str:
        names = [evidence.label("outcome", result.outcome) if result.outcome else "",
                 evidence.label("indication", result.indication) if result.indication else ""]
        return " · ".join(n for n in names if n) or "finding"

    comparisons = [_item(result_head(r), r.text or "no values given", r.provenance, r.p_value)
                   for r in review.results if r.kind == "comparison"]
    findings = [_item(result_head(r), r.text, r.provenance) for r in review.results if r.kind == "finding"]
    events = [_item("adverse events", text, where, severity) for text, severity, where in review.adverse_events]
    facts = [["studies (as the review states)", str(review.studies) if review.studies is not None else "not stated"],
             ["participants", plural(review.participants, "participants") if review.participants is not None
              else "not stated"]]
    facts += document_facts(evidence, review.iri, review.label, ("systematic-review",))
    facts += registration_facts(evidence, review.iri)
    flags = ["The review gives no per-study data: these are its own comparisons of exosome-treated vs control "
             "groups and its findings, drawn as a review-level layer (review → indication → outcome)."]
    sections = [_section("Comparisons (exosome vs control)", comparisons), _section("Findings", findings),
                _section("Adverse events", events)]
    return {"title": review.label, "kind": KIND_NAMES["review"], "facts": facts, "flags": flags,
            "sections": [s for s in sections if s["items"]], "notes": list(review.notes)}


def _capped(card: dict[str, Any], limit: int | None) -> dict[str, Any]:
    """At most `limit` statements over all sections, and how many more there are: a folded page's source
    may stand for thousands of studies, and every statement's quote would swell the page."""
    if limit is None:
        return card
    left, more = limit, 0
    for section in card["sections"]:
        more += max(0, len(section["items"]) - left)
        section["items"] = section["items"][:left]
        left = max(0, left - len(section["items"]))
    card["sections"] = [s for s in card["sections"] if s["items"]]
    if more:
        card["more"] = more
    return card


def cards(evidence: Evidence, net: nx.Graph, item_limit: int | None = None) -> dict[str, dict[str, Any]]:
    """Node id → card (with at most `item_limit` statements)."""
    by_target: dict[tuple[str, str], list[Mention]] = {}
    for mention in evidence.mentions:
        by_target.setdefault((mention.kind, mention.key), []).append(mention)
    reviews = {review.id: review for review in evidence.review_layer}
    found = {}
    for node, data in net.nodes(data=True):
        kind, key = data["kind"], data["key"]
        if kind == "study":
            found[node] = study_card(evidence, evidence.studies[key])
        elif kind == "review":
            found[node] = review_card(evidence, reviews[key])
        elif kind == "adverse_event":
            found[node] = adverse_card(evidence, key)
        else:
            found[node] = target_card(evidence, kind, key, by_target.get((kind, key), []))
        _capped(found[node], item_limit)
    return found


def study_facts(net: nx.Graph, studies: set[str]) -> dict[str, dict[str, Any]]:
    """Study node id → its label, patients and key facts as one line: what a folded edge's drill-down
    lists (full cards for thousands of studies would swell the page)."""
    found = {}
    for study in sorted(studies):
        data = net.nodes[study]
        facts = [plural(data.get("patients") or 0, "patients"),
                 f"Level {data['level']}" if data.get("level") else "level not stated",
                 f"risk of bias {data['risk_of_bias']}" if data.get("risk_of_bias") else "risk of bias not assessed"]
        found[study] = {"label": data["label"], "patients": data.get("patients") or 0, "facts": " · ".join(facts)}
    return found

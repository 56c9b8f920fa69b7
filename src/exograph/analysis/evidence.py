"""The evidence as plain Python objects, read from the built graph with the page's queries (queries/page/).

A study links to exosome sources, indications, outcomes and adverse events through *mentions*: one
per statement of the source, each keeping the words it used (as reported) and where it said so
(quote + locator). The network, the gap map, the density plot and the page all read this one model.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from exograph import vocab
from exograph.analysis.adverse import AdverseReport, load_adverse_reports
from exograph.analysis.documents import Document, Registration, load_documents, load_registrations
from exograph.analysis.reviews import Review, load_reviews
from exograph.analysis.terms import PageQueries, Provenance, curie, label_of, plain, provenance, rows
from exograph.formatting import number, p_value, quantity, signed, suffix

__all__ = ["KINDS", "LEVELS", "AdverseReport", "Evidence", "Measurement", "Mention", "Provenance", "Review", "Study",
           "counted", "curie", "describe", "outcome_key", "label_of", "load_evidence", "plain", "provenance", "rob_rank", "rows"]

KINDS = ("source", "study", "indication", "outcome", "adverse_event", "review")
PLURALS = {"source": "exosome sources", "study": "studies", "indication": "indications", "outcome": "outcomes",
           "adverse_event": "adverse events", "review": "reviews (own results)"}
SINGULARS = {"source": "exosome source", "study": "study", "indication": "indication", "outcome": "outcome",
             "adverse_event": "adverse event", "review": "review (own results)"}


def counted(n: int, kind: str) -> str:
    """`1 study`, `8 studies`."""
    return f"{n} {SINGULARS[kind] if n == 1 else PLURALS[kind]}"


LEVELS = ("I", "II", "III", "IV", "V")
# Overall risk-of-bias judgements from least to most concerning.
ROB_ORDER = ("low", "moderate", "unclear", "no-information", "high", "serious", "serious-to-critical",
             "critical")


@dataclass(frozen=True)
class Mention:
    """One statement linking a study to a source, indication, outcome or adverse event."""

    kind: str
    key: str
    study: str
    text: str
    provenance: Provenance
    detail: str = ""


@dataclass(frozen=True)
class Measurement:
    """One outcome measurement of one study, with the numbers the source gives."""

    study: str
    measure: str
    unit: str
    text: str
    provenance: Provenance
    subgroup: str = ""
    timepoint: str = ""
    baseline: float | None = None
    followup: float | None = None
    change: float | None = None
    sd: float | None = None
    n: int | None = None
    p_value: str = ""
    arm: str = ""
    value: float | None = None
    change_min: float | None = None
    change_max: float | None = None
    scale_points: int | None = None
    significant: bool | None = None

    @property
    def effect(self) -> float | None:
        """The change as stated, else follow-up minus baseline when both are given."""
        if self.change is not None:
            return self.change
        if self.baseline is not None and self.followup is not None:
            return round(self.followup - self.baseline, 6)
        return None


@dataclass
class Study:
    id: str
    iri: str
    label: str
    patients: int | None = None
    year: int | None = None
    title: str = ""
    doi: str = ""
    levels: list[tuple[str, Provenance]] = field(default_factory=list)
    risk_of_bias: list[tuple[str, str, Provenance]] = field(default_factory=list)
    facts: list[tuple[str, str, Provenance]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # the curators' notes: why the record says what it says
    values: dict[str, list[str]] = field(default_factory=dict)  # field → its distinct values, by label

    @property
    def stated_levels(self) -> list[str]:
        """The distinct levels stated for the study, strongest first (several when statements conflict)."""
        return sorted({level for level, _ in self.levels if level in LEVELS}, key=LEVELS.index)

    @property
    def best_level(self) -> str | None:
        stated = {level for level, _ in self.levels if level in LEVELS}
        return min(stated, key=LEVELS.index) if stated else None

    @property
    def overall_risk_of_bias(self) -> str | None:
        """The most concerning overall judgement over the tools applied to the study."""
        stated = [judgement for _, judgement, _ in self.risk_of_bias]
        return max(stated, key=rob_rank) if stated else None


@dataclass
class Evidence:
    studies: dict[str, Study]
    mentions: list[Mention]
    labels: dict[tuple[str, str], str]
    measurements: list[Measurement]
    reviews: list[str] = field(default_factory=list)
    adverse: list[AdverseReport] = field(default_factory=list)
    review_layer: list[Review] = field(default_factory=list)  # reviews' own results (no per-study records)
    appraisal: Any = None  # analysis.appraisal.Appraisal: computed certainty, product quality, pooling
    documents: list[Document] = field(default_factory=list)  # by label
    registrations: dict[str, list[Registration]] = field(default_factory=dict)  # record IRI -> what it reports

    def label(self, kind: str, key: str) -> str:
        return self.labels.get((kind, key), key)

    def keys(self, kind: str) -> list[str]:
        """The distinct targets of one kind, sorted by label."""
        found = {m.key for m in self.mentions if m.kind == kind}
        return sorted(found, key=lambda k: (self.label(kind, k).lower(), k))

    def studies_of(self, kind: str, key: str) -> list[str]:
        return sorted({m.study for m in self.mentions if m.kind == kind and m.key == key})


def rob_rank(judgement: str) -> int:
    return ROB_ORDER.index(judgement) if judgement in ROB_ORDER else len(ROB_ORDER)


# ---- reading the graph ------------------------------------------------------------------------


def load_evidence(graph: Graph, queries_dir: Path | None = None) -> Evidence:
    """Every study with its links and measurements, as stated in the built graph, read through the
    page's queries (queries/page/ of `queries_dir`, default the project's queries/)."""
    page = PageQueries(graph, queries_dir)
    studies = _studies(page)
    ids = {study.iri: study.id for study in studies.values()}
    review_layer, review_labels = load_reviews(page)
    evidence = Evidence(studies, [], {}, _measurements(page, ids), [review.label for review in review_layer])
    _add_sources(page, evidence, ids)
    _add_indications(page, evidence, ids)
    _add_outcomes(page, evidence, ids)
    _add_adverse_events(page, evidence, ids)
    _add_review_layer(evidence, review_layer, review_labels)
    for study in studies.values():
        evidence.labels[("study", study.id)] = study.label
        for tool, _, _ in study.risk_of_bias:
            evidence.labels[("bias_tool", tool)] = label_of(graph, str(vocab.BIAS_TOOLS.get(tool, "")), tool)
    evidence.mentions.sort(key=lambda m: (m.kind, m.key, m.study, m.text, m.provenance.locator))
    from exograph.analysis.appraisal import load_appraisal

    evidence.appraisal = load_appraisal(page)
    evidence.documents = load_documents(page)
    evidence.registrations = load_registrations(page)
    return evidence


def _studies(page: PageQueries) -> dict[str, Study]:
    by_iri: dict[str, Study] = {}
    for row in page.rows("studies"):
        by_iri[row["study"]] = Study(row["id"], row["study"], row["label"], row["patients"], row["year"],
                                     row["title"] or "", row["doi"] or "")
    for row in page.rows("evidence-levels"):
        level = str(row["level"]).rsplit("Level", 1)[-1]
        by_iri[row["study"]].levels.append((level, provenance(row)))
    for row in page.rows("risk-of-bias"):
        by_iri[row["study"]].risk_of_bias.append((row["tool"], row["judgement"], provenance(row)))
    for row in page.rows("study-facts"):
        canonical = str(_fact_value(page.graph, row["value"]))
        study = by_iri[row["study"]]
        study.facts.append((row["field"], str(row["as_reported"] or canonical), provenance(row)))
        if canonical not in study.values.setdefault(row["field"], []):
            study.values[row["field"]].append(canonical)
    for row in page.rows("study-notes"):
        by_iri[row["study"]].notes.append(row["note"])
    for study in by_iri.values():
        study.notes.sort()
        for found in study.values.values():
            found.sort()
        study.levels.sort(key=lambda item: (item[1].locator, item[0]))
        study.risk_of_bias.sort(key=lambda item: item[:2])
        study.facts.sort(key=lambda item: (item[0], item[2].locator, item[1]))
    return {study.id: study for study in sorted(by_iri.values(), key=lambda s: s.id)}


def _fact_value(graph: Graph, value: Any) -> Any:
    if isinstance(value, str) and value.startswith("http"):
        return label_of(graph, value, curie(value))
    return value


# ---- sources: statements of one intervention are alternatives; the first one names the source ----

_INDEXED = re.compile(r"^(.*)\[(\d+)\]$")


def _source_key(graph: Graph, row: dict[str, Any]) -> str:
    """Sources are the same when they come from the same kind of cell of the same tissue; without a
    tissue or cell type, when their labels match."""
    kind = curie(str(vocab.SOURCE_KINDS.get(row["kind"], vocab.EXO.ExosomeSource)))
    parts = [_types(graph, row[name]) for name in ("tissue", "cell") if row.get(name)]
    if any(parts):
        return "/".join([kind, *parts])
    return "/".join([kind, re.sub(r"[^a-z0-9]+", "-", row["label"].lower()).strip("-")])


def _types(graph: Graph, node: str) -> str:
    return "+".join(sorted(curie(str(t)) for t in graph.objects(URIRef(node), RDF.type)))


def _add_sources(page: PageQueries, evidence: Evidence, ids: dict[str, str]) -> None:
    statements: dict[tuple[str, str], list[tuple[int, dict[str, Any]]]] = {}
    for row in page.rows("sources"):
        match = _INDEXED.match(row["path"])
        field_name, index = (match.group(1), int(match.group(2))) if match else (row["path"], 0)
        statements.setdefault((row["study"], field_name), []).append((index, row))
    names: dict[str, Counter[str]] = {}
    for (study_iri, _), found in sorted(statements.items()):
        found.sort(key=lambda item: item[0])
        key = _source_key(page.graph, found[0][1])
        names.setdefault(key, Counter())[found[0][1]["label"]] += 1
        study = ids[study_iri]
        for position, (_, row) in enumerate(found):
            text = row["as_reported"] or row["label"]
            note = "" if position == 0 else "also reported as"
            evidence.mentions.append(Mention("source", key, study, text, provenance(row), note))
    for key, counter in names.items():
        evidence.labels[("source", key)] = min(counter, key=lambda name: (-counter[name], len(name), name))


def _add_indications(page: PageQueries, evidence: Evidence, ids: dict[str, str]) -> None:
    for row in page.rows("indications"):
        key = row["target"]
        evidence.labels[("indication", key)] = label_of(page.graph, key, curie(key))
        evidence.mentions.append(Mention("indication", key, ids[row["study"]],
                                         row["as_reported"] or "", provenance(row)))


_MEASURE_KEYS = {str(iri): key for key, (iri, _) in vocab.MEASURES.items()}
_EVENT_NAMES = {"none": "no adverse event"}


def outcome_key(measure: str) -> str:
    """The outcome node key of a measure key: the measure's class IRI."""
    return str(vocab.MEASURES[measure][0]) if measure in vocab.MEASURES else measure


def _add_outcomes(page: PageQueries, evidence: Evidence, ids: dict[str, str]) -> None:
    adverse = str(vocab.MEASURES["adverse-events"][0])
    for m in evidence.measurements:
        evidence.mentions.append(Mention("outcome", outcome_key(m.measure), m.study, m.text, m.provenance, describe(m)))
    for row in page.rows("outcomes-measured"):
        if row["target"] == adverse:
            continue  # adverse events are nodes of their own
        evidence.mentions.append(Mention("outcome", row["target"], ids[row["study"]],
                                         row["as_reported"] or "", provenance(row), "measured"))
    for key in {m.key for m in evidence.mentions if m.kind == "outcome"}:
        fallback = _MEASURE_KEYS.get(key, curie(key)).replace("-", " ")
        evidence.labels[("outcome", key)] = label_of(page.graph, key, fallback)


def _add_adverse_events(page: PageQueries, evidence: Evidence, ids: dict[str, str]) -> None:
    reports, labels = load_adverse_reports(page, ids)
    evidence.adverse = reports
    for report in reports:
        evidence.labels[("adverse_event", report.node_key)] = labels[report.node_key]
        evidence.mentions.append(Mention("adverse_event", report.node_key, report.study, report.text,
                                         report.provenance, report.detail))


def _add_review_layer(evidence: Evidence, reviews: list[Review], labels: dict[str, str]) -> None:
    """Reviews that state results of their own (comparisons, findings) become a layer of the page;
    their outcomes and indications share the study-level nodes of the same class."""
    evidence.review_layer = [review for review in reviews if review.results]
    for review in evidence.review_layer:
        for result in review.results:
            for kind, key in (("outcome", result.outcome), ("indication", result.indication)):
                if key and (kind, key) not in evidence.labels:
                    evidence.labels[(kind, key)] = labels.get(key, curie(key))


# ---- measurements ----------------------------------------------------------------------------


def _measurements(page: PageQueries, ids: dict[str, str]) -> list[Measurement]:
    seen: dict[str, Measurement] = {}
    for row in page.rows("measurements"):
        if row["f"] not in seen:
            seen[row["f"]] = _measurement(row, ids[row["study"]])
    return sorted(seen.values(), key=lambda m: (m.study, m.measure, m.subgroup, m.provenance.locator, m.text))


def _measurement(row: dict[str, Any], study: str) -> Measurement:
    timepoint = quantity(row["tp_value"], row["tp_unit"]) if row["tp_value"] is not None else ""
    return Measurement(study, row["measure_key"], row["unit_key"] or "", row["as_reported"] or "",
                       provenance(row), row["subgroup"] or "", timepoint, row["baseline"], row["followup"],
                       row["change"], row["sd"], row["n"] or row["arm_n"], p_value(row["p_comparator"], row["p"]),
                       row["arm_label"] or "", row["value"], row["change_min"], row["change_max"],
                       row["scale_points"], row["significant"])


def _values(m: Measurement) -> str:
    """The numbers of a result: `96.5 → 163.5 hairs/cm²`, `+35 hairs/cm²`, `+11.1 to +24.2%`, `8.5/10`."""
    unit = m.unit if m.unit != "qualitative" else ""
    if m.baseline is not None and m.followup is not None:
        return f"{number(m.baseline)} → {quantity(m.followup, unit)}"
    if m.change is not None:
        return signed(m.change) + suffix(unit)
    if m.change_min is not None and m.change_max is not None:
        return f"{signed(m.change_min)} to {signed(m.change_max)}{suffix(unit)}"
    if m.value is not None:
        if m.scale_points:
            return f"{number(m.value)}/{m.scale_points}"
        return quantity(m.value, unit)
    if m.baseline is not None:
        return f"baseline {quantity(m.baseline, unit)}"
    return ""


def describe(m: Measurement) -> str:
    """A measurement's numbers in a few words: `+24.9 hairs/cm² (SD 6.5) at 12 weeks, p < 0.001`."""
    parts = [_values(m)]
    if m.sd is not None:
        parts.append(f"(SD {number(m.sd)})")
    if m.subgroup:
        parts.append(f"[{m.subgroup}]")
    if m.timepoint:
        parts.append(f"at {m.timepoint}")
    text = " ".join(p for p in parts if p)
    return ", ".join(x for x in (text, m.p_value) if x)

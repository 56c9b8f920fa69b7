"""The evidence as plain Python objects, read from the built graph with the queries in sparql.py.

A study links to exosome sources, indications, outcomes and adverse events through *mentions*: one
per statement of the source, each keeping the words it used (as reported) and where it said so
(quote + locator). The network, the gap map, the density plot and the page all read this one model.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from exograph import vocab
from exograph.analysis import sparql

KINDS = ("source", "study", "indication", "outcome", "adverse_event")
PLURALS = {"source": "exosome sources", "study": "studies", "indication": "indications", "outcome": "outcomes",
           "adverse_event": "adverse events"}
SINGULARS = {"source": "exosome source", "study": "study", "indication": "indication", "outcome": "outcome",
             "adverse_event": "adverse event"}


def counted(n: int, kind: str) -> str:
    """`1 study`, `8 studies`."""
    return f"{n} {SINGULARS[kind] if n == 1 else PLURALS[kind]}"
LEVELS = ("I", "II", "III", "IV", "V")
# Overall risk-of-bias judgements from least to most concerning.
ROB_ORDER = ("low", "moderate", "unclear", "no-information", "high", "serious", "serious-to-critical",
             "critical")


@dataclass(frozen=True)
class Provenance:
    """Where the source states a fact: a verbatim quote, its locator and the document."""

    quote: str = ""
    locator: str = ""
    document: str = ""


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
    appraisal: Any = None  # analysis.appraisal.Appraisal: computed certainty, product quality, pooling

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


def plain(value: Any) -> Any:
    """A SPARQL result term as a plain Python value (numbers as int/float, the rest as str)."""
    if value is None:
        return None
    if isinstance(value, Literal):
        value = value.toPython()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (int, float, bool)):
        return value
    return str(value)


def rows(graph: Graph, query: str) -> list[dict[str, Any]]:
    result = graph.query(query)
    names = [str(v) for v in result.vars or []]
    return [{name: plain(row[i]) for i, name in enumerate(names)} for row in result]


def provenance(row: dict[str, Any]) -> Provenance:
    document = row.get("document") or ""
    return Provenance(row.get("quote") or "", row.get("locator") or "", document.rsplit("/", 1)[-1])


def label_of(graph: Graph, iri: str, fallback: str) -> str:
    """The English (or untagged) rdfs:label of an IRI, else the fallback."""
    labels = [str(o) for o in graph.objects(URIRef(iri), RDFS.label)
              if isinstance(o, Literal) and (o.language or "en").startswith("en")]
    return min(labels) if labels else fallback


def curie(iri: str) -> str:
    """An OBO PURL as a CURIE (`MONDO:0005339`); other IRIs by their last segment."""
    if iri.startswith(str(vocab.OBO)):
        return iri[len(str(vocab.OBO)):].replace("_", ":", 1)
    return re.split(r"[#/]", iri)[-1]


def load_evidence(graph: Graph) -> Evidence:
    """Every study with its links and measurements, as stated in the built graph."""
    studies = _studies(graph)
    ids = {study.iri: study.id for study in studies.values()}
    reviews = [row["label"] for row in rows(graph, sparql.REVIEWS)]
    evidence = Evidence(studies, [], {}, _measurements(graph, ids), reviews)
    _add_sources(graph, evidence, ids)
    _add_indications(graph, evidence, ids)
    _add_outcomes(graph, evidence, ids)
    _add_adverse_events(graph, evidence, ids)
    for study in studies.values():
        evidence.labels[("study", study.id)] = study.label
    evidence.mentions.sort(key=lambda m: (m.kind, m.key, m.study, m.text, m.provenance.locator))
    from exograph.analysis.appraisal import load_appraisal

    evidence.appraisal = load_appraisal(graph)
    return evidence


def _studies(graph: Graph) -> dict[str, Study]:
    by_iri: dict[str, Study] = {}
    for row in rows(graph, sparql.STUDIES):
        by_iri[row["study"]] = Study(row["id"], row["study"], row["label"], row["patients"], row["year"],
                                     row["title"] or "", row["doi"] or "")
    for row in rows(graph, sparql.LEVELS):
        level = str(row["level"]).rsplit("Level", 1)[-1]
        by_iri[row["study"]].levels.append((level, provenance(row)))
    for row in rows(graph, sparql.RISK_OF_BIAS):
        by_iri[row["study"]].risk_of_bias.append((row["tool"], row["judgement"], provenance(row)))
    for row in rows(graph, sparql.STUDY_FACTS):
        value = row["as_reported"] or _fact_value(graph, row["value"])
        by_iri[row["study"]].facts.append((row["field"], str(value), provenance(row)))
    for study in by_iri.values():
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


def _add_sources(graph: Graph, evidence: Evidence, ids: dict[str, str]) -> None:
    statements: dict[tuple[str, str], list[tuple[int, dict[str, Any]]]] = {}
    for row in rows(graph, sparql.SOURCES):
        match = _INDEXED.match(row["path"])
        field_name, index = (match.group(1), int(match.group(2))) if match else (row["path"], 0)
        statements.setdefault((row["study"], field_name), []).append((index, row))
    names: dict[str, Counter[str]] = {}
    for (study_iri, _), found in sorted(statements.items()):
        found.sort(key=lambda item: item[0])
        key = _source_key(graph, found[0][1])
        names.setdefault(key, Counter())[found[0][1]["label"]] += 1
        study = ids[study_iri]
        for position, (_, row) in enumerate(found):
            text = row["as_reported"] or row["label"]
            note = "" if position == 0 else "also reported as"
            evidence.mentions.append(Mention("source", key, study, text, provenance(row), note))
    for key, counter in names.items():
        evidence.labels[("source", key)] = min(counter, key=lambda name: (-counter[name], len(name), name))


def _add_indications(graph: Graph, evidence: Evidence, ids: dict[str, str]) -> None:
    for row in rows(graph, sparql.INDICATIONS):
        key = row["target"]
        evidence.labels[("indication", key)] = label_of(graph, key, curie(key))
        evidence.mentions.append(Mention("indication", key, ids[row["study"]],
                                         row["as_reported"] or "", provenance(row)))


_MEASURE_KEYS = {str(iri): key for key, (iri, _) in vocab.MEASURES.items()}
_EVENT_NAMES = {"none": "no adverse event"}


def _add_outcomes(graph: Graph, evidence: Evidence, ids: dict[str, str]) -> None:
    adverse = str(vocab.MEASURES["adverse-events"][0])
    for m in evidence.measurements:
        key = str(vocab.MEASURES[m.measure][0]) if m.measure in vocab.MEASURES else m.measure
        evidence.mentions.append(Mention("outcome", key, m.study, m.text, m.provenance, describe(m)))
    for row in rows(graph, sparql.OUTCOMES_MEASURED):
        if row["target"] == adverse:
            continue  # adverse events are nodes of their own
        evidence.mentions.append(Mention("outcome", row["target"], ids[row["study"]],
                                         row["as_reported"] or "", provenance(row), "measured"))
    for key in {m.key for m in evidence.mentions if m.kind == "outcome"}:
        fallback = _MEASURE_KEYS.get(key, curie(key)).replace("-", " ")
        evidence.labels[("outcome", key)] = label_of(graph, key, fallback)


def _add_adverse_events(graph: Graph, evidence: Evidence, ids: dict[str, str]) -> None:
    for row in rows(graph, sparql.ADVERSE_EVENTS):
        key = row["target"]
        fallback = _EVENT_NAMES.get(row["event_key"], row["event_key"].replace("-", " "))
        evidence.labels[("adverse_event", key)] = label_of(graph, key, fallback)
        detail = ", ".join(str(x) for x in (f"{row['percent']}%" if row["percent"] is not None else None,
                                            row["severity"]) if x)
        evidence.mentions.append(Mention("adverse_event", key, ids[row["study"]],
                                         row["as_reported"] or "", provenance(row), detail))


# ---- measurements ----------------------------------------------------------------------------


def _measurements(graph: Graph, ids: dict[str, str]) -> list[Measurement]:
    seen: dict[str, Measurement] = {}
    for row in rows(graph, sparql.MEASUREMENTS):
        if row["f"] not in seen:
            seen[row["f"]] = _measurement(row, ids[row["study"]])
    return sorted(seen.values(), key=lambda m: (m.study, m.measure, m.subgroup, m.provenance.locator, m.text))


def _measurement(row: dict[str, Any], study: str) -> Measurement:
    timepoint = f"{_number(row['tp_value'])} {row['tp_unit']}" if row["tp_value"] is not None else ""
    p_value = f"p {row['p_comparator'] or '='} {row['p']}" if row["p"] is not None else ""
    return Measurement(study, row["measure_key"], row["unit_key"] or "", row["as_reported"] or "",
                       provenance(row), row["subgroup"] or "", timepoint, row["baseline"], row["followup"],
                       row["change"], row["sd"], row["n"] or row["arm_n"], p_value)


def _number(value: float | int) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def describe(m: Measurement) -> str:
    """A measurement's numbers in a few words: `+24.9 hairs/cm2 (SD 6.5) at 12 week, p < 0.001`."""
    parts: list[str] = []
    if m.baseline is not None and m.followup is not None:
        parts.append(f"{_number(m.baseline)} → {_number(m.followup)} {m.unit}")
    elif m.change is not None:
        parts.append(f"{m.change:+g} {m.unit}")
    if m.sd is not None:
        parts.append(f"(SD {_number(m.sd)})")
    if m.subgroup:
        parts.append(f"[{m.subgroup}]")
    if m.timepoint:
        parts.append(f"at {m.timepoint}")
    text = " ".join(parts)
    return ", ".join(x for x in (text, m.p_value) if x)

"""What a review reports on its own, without per-study records: its outcome comparisons (exosome vs
control), its findings in words and its adverse-event statements. The page draws them as a review-level
layer: the review → the indications it covers → the outcomes it compares."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rdflib import Graph

from exograph import vocab
from exograph.analysis import sparql
from exograph.analysis.terms import Provenance, label_of, provenance, rows
from exograph.formatting import number, p_value, quantity, unit


@dataclass(frozen=True)
class ReviewResult:
    """One comparison or finding a review states for its studies as a whole."""

    kind: str  # "comparison" or "finding"
    outcome: str  # the outcome's IRI (as the study-level outcome nodes key it), or ""
    indication: str  # the indication's IRI, or ""
    text: str  # "exosome 32.5% vs control 19.9%"; a finding's statement
    p_value: str
    significant: bool | None
    provenance: Provenance


@dataclass
class Review:
    id: str
    iri: str
    label: str
    studies: int | None = None  # as the review states it
    participants: int | None = None
    notes: list[str] = field(default_factory=list)
    results: list[ReviewResult] = field(default_factory=list)
    adverse_events: list[tuple[str, str, Provenance]] = field(default_factory=list)  # (text, severity, where)


def _side(row: dict[str, Any], arm: str, unit_key: str) -> str:
    value, low, high, count = (row[f"{arm}_{name}"] for name in ("value", "min", "max", "count"))
    if value is not None:
        return quantity(value, unit_key)
    if low is not None and high is not None:
        return f"{number(low)}–{quantity(high, unit_key)}"
    if count is not None:
        whole = f" of {number(row['denominator'])}" if row["denominator"] is not None else ""
        return f"{number(count)}{whole} {unit(unit_key)}".rstrip()
    return ""


def comparison_text(row: dict[str, Any]) -> str:
    """`exosome 32.5% vs control 19.9%`, `exosome 16 of 25 areas vs control 12 of 25 areas`; empty when
    the review gives only a p-value."""
    unit_key = row["unit_key"] or ""
    exosome, control = _side(row, "exosome", unit_key), _side(row, "control", unit_key)
    if exosome and control:
        return f"exosome {exosome} vs control {control}"
    return f"exosome {exosome}" if exosome else (f"control {control}" if control else "")


def _outcome_iri(key: str) -> str:
    return str(vocab.MEASURES[key][0]) if key in vocab.MEASURES else ""


def load_reviews(graph: Graph) -> tuple[list[Review], dict[str, str]]:
    """Every review with its own results, and the labels of the outcomes and indications they name."""
    reviews: dict[str, Review] = {}
    for row in rows(graph, sparql.REVIEWS):
        review = reviews.setdefault(row["review"], Review(row["id"] or row["review"].rsplit("/", 1)[-1],
                                                          row["review"], row["label"]))
        if row["note"] and row["note"] not in review.notes:
            review.notes.append(row["note"])
    labels: dict[str, str] = {}
    for row in rows(graph, sparql.REVIEW_CLAIMS):
        if isinstance(row["value"], int) and row["review"] in reviews:
            setattr(reviews[row["review"]], "studies" if row["topic"] == "included-studies" else "participants",
                    row["value"])
    for row in rows(graph, sparql.REVIEW_COMPARISONS):
        outcome = _outcome_iri(row["outcome_key"])
        if outcome:
            labels[outcome] = label_of(graph, outcome, row["outcome_key"].replace("-", " "))
        reviews[row["review"]].results.append(ReviewResult(
            "comparison", outcome, row["indication"] or "", comparison_text(row),
            p_value(row["p_comparator"], row["p"]), row["significant"], provenance(row)))
    for row in rows(graph, sparql.REVIEW_FINDINGS):
        counted = ""
        if row["count"] is not None and row["denominator"] is not None \
                and f"{number(row['count'])}/{number(row['denominator'])}" not in row["statement"]:
            counted = f" ({number(row['count'])} of {number(row['denominator'])})"
        reviews[row["review"]].results.append(ReviewResult(
            "finding", "", row["indication"] or "", row["statement"].rstrip(".") + counted, "", None, provenance(row)))
    for row in rows(graph, sparql.REVIEW_ADVERSE_EVENTS):
        reviews[row["review"]].adverse_events.append((row["as_reported"] or row["event_key"], row["severity"] or "",
                                                      provenance(row)))
    for review in reviews.values():
        for result in review.results:
            if result.indication and result.indication not in labels:
                labels[result.indication] = label_of(graph, result.indication, result.indication.rsplit("/", 1)[-1])
    return sorted(reviews.values(), key=lambda r: r.label), labels

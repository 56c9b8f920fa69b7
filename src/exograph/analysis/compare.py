"""Compare exosome sources: per source, its studies, patients, strongest evidence, hair-density changes,
indications, outcomes and adverse events — one row each."""

from __future__ import annotations

from typing import Any

from exograph.analysis.density import density_rows
from exograph.analysis.evidence import LEVELS, Evidence, rob_rank

COLUMNS = ("source", "studies", "patients", "best_level", "risk_of_bias", "density_change", "weighted_mean_change",
           "indications", "outcomes", "adverse_events")


def _labels(evidence: Evidence, kind: str, studies: set[str]) -> list[str]:
    keys = {m.key for m in evidence.mentions if m.kind == kind and m.study in studies}
    return sorted(evidence.label(kind, k) for k in keys)


def _density(evidence: Evidence, source_label: str) -> tuple[str, float | None]:
    rows = [r for r in density_rows(evidence) if r.source == source_label]
    if not rows:
        return "", None
    low, high = min(r.change for r in rows), max(r.change for r in rows)
    spread = f"{low:+g}" if low == high else f"{low:+g} to {high:+g}"
    weights = [(r.change, r.patients or 0) for r in rows]
    total = sum(w for _, w in weights)
    mean = round(sum(c * w for c, w in weights) / total, 1) if total else None
    return f"{spread} hairs/cm²", mean


def source_comparison(evidence: Evidence) -> list[dict[str, Any]]:
    """One row per exosome source, strongest evidence first. The weighted mean of the density changes
    weighs each study row by its patients: a summary, not a meta-analysis."""
    found = []
    for key in evidence.keys("source"):
        ids = set(evidence.studies_of("source", key))
        studies = [evidence.studies[i] for i in sorted(ids)]
        levels = [s.best_level for s in studies if s.best_level]
        judgements = sorted({s.overall_risk_of_bias for s in studies if s.overall_risk_of_bias}, key=rob_rank)
        change, mean = _density(evidence, evidence.label("source", key))
        found.append({
            "source": evidence.label("source", key), "studies": len(studies),
            "patients": sum(s.patients or 0 for s in studies),
            "best_level": min(levels, key=LEVELS.index) if levels else "",
            "risk_of_bias": " to ".join(dict.fromkeys([judgements[0], judgements[-1]])) if judgements else "",
            "density_change": change, "weighted_mean_change": mean,
            "indications": "; ".join(_labels(evidence, "indication", ids)),
            "outcomes": len(_labels(evidence, "outcome", ids)),
            "adverse_events": "; ".join(_labels(evidence, "adverse_event", ids)),
        })
    order = {lvl: i for i, lvl in enumerate(LEVELS)}
    return sorted(found, key=lambda r: (order.get(r["best_level"], len(LEVELS)), -r["patients"], r["source"]))

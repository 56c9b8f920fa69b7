"""Synthetic study records that reach what the curated records do not: randomized comparisons of arms
with means and SDs (pooled, checked by t-tests, GRIMMER), a study pointing the other way, eleven
studies of one body (publication bias assessable). Built as the curation format's models."""

from __future__ import annotations

from exograph.records.schema import StudyRecord

ADIPOSE, AGA = "UBERON:0001013", "MONDO:0005339"


def rct(study_id: str, n_per_arm: int, treated: tuple[float, float], control: tuple[float, float], p: float | tuple[str, float],
        satisfaction: tuple[float, float] | None = None, judgement: str = "low", design: str = "randomized-controlled-trial") -> StudyRecord:
    """A two-arm trial of adipose-derived exosomes vs placebo on hair density (mean ± SD of the change)."""
    measurements = [
        {"id": "density", "measure": "hair-density", "arm": "exosomes", "statistic": "mean", "unit": "hairs/cm2",
         "change": treated[0], "sd": treated[1], "p_value": {"comparator": p[0], "value": p[1]} if isinstance(p, tuple)
         else {"comparator": "=", "value": p}, "compared_with": "density-control",
         "direction": "increase" if treated[0] > 0 else "decrease"},
        {"id": "density-control", "measure": "hair-density", "arm": "placebo", "statistic": "mean", "unit": "hairs/cm2",
         "change": control[0], "sd": control[1]},
    ]
    if satisfaction is not None:
        measurements.append({"id": "satisfaction", "measure": "patient-satisfaction", "arm": "exosomes", "statistic": "mean",
                             "unit": "points", "value": satisfaction[0], "sd": satisfaction[1], "scale_points": 5})
    return StudyRecord.model_validate({
        "id": study_id, "label": study_id.replace("-", " ").title(), "document": "synthetic-review", "citation": {},
        "first_author": {"value": study_id.split("-")[0]}, "year": {"value": 2025}, "countries": {"value": ["Nowhere"]},
        "design": {"value": design}, "sample_size": {"value": 2 * n_per_arm},
        "conditions": [{"indication": AGA, "as_reported": "AGA"}],
        "interventions": [
            {"id": "exosomes", "label": "exosomes", "role": "experimental",
             "sources": {"label": "ADSC", "as_reported": "ADSC", "kind": "mesenchymal-stem-cell", "tissue": ADIPOSE,
                         "organisms": ["NCBITaxon:9606"]},
             "preparation": {"as_reported": "1e10 particles/mL, 40 ug/mL", "isolation": ["ultracentrifugation"],
                             "characterization": ["nanoparticle-tracking-analysis", "transmission-electron-microscopy"],
                             "doses": [{"kind": "particles-per-ml", "quantity": {"value": 1.0e10, "unit": "particles/mL"}},
                                       {"kind": "protein-per-session", "quantity": {"value": 40, "unit": "ug"}}]},
             "administration": {"as_reported": "0.1 mL at 20 sites, 3 sessions", "routes": ["intradermal"],
                                "volume_per_site": {"value": 0.1, "unit": "mL"}, "sites": 20,
                                "sessions": {"value": 3, "unit": "sessions"}}},
            {"id": "placebo", "label": "placebo", "role": "comparator", "comparator": "placebo"}],
        "arms": [{"id": "exosomes", "label": "exosomes", "intervention": "exosomes", "n": n_per_arm},
                 {"id": "placebo", "label": "placebo", "intervention": "placebo", "n": n_per_arm}],
        "measurements": measurements,
        "risk_of_bias": [{"tool": "rob-2", "judgements": [{"domain": "randomization-process", "judgement": judgement},
                                                          {"domain": "overall", "judgement": judgement}]}],
    })

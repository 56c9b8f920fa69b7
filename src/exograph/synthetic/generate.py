"""Synthetic study records for benchmarks: the curation format, distributions like the real data.

`exograph synth --studies N` writes N study records (data/studies/synth-NNNNN.yaml), one synthetic
review per `per_review` studies (data/reviews/synth-review-NNN.yaml, including them) and, for each
review, its source record and synthetic text (data/sources/synth-review-NNN.yaml and .md) holding every
quote its records cite, so the quote checks run on synthetic data as on real data.

Deterministic: study i depends only on (seed, i), so the first 1,000 studies of a 10,000-study set are
the 1,000-study set — time per study compares like with like across sizes.

The value tables below were read off the curated records in data/studies/ (designs, sources, measures,
adverse events, bias tools, evidence levels). Only CURIEs that the real records use appear, so every
term is one the ontology's import modules carry.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence, TypeVar

import yaml

from exograph import vocab
from exograph.outputs import write_text_output

T = TypeVar("T")
Record = dict[str, Any]

STUDY_PREFIX = "synth-"
REVIEW_PREFIX = "synth-review-"

# ---- value tables (weights follow the curated records) ------------------------------------------

DESIGNS: list[tuple[str, str, float]] = [  # key, as reported, weight
    ("single-arm-trial", "Prospective single-arm trial", 0.25),
    ("retrospective-study", "Retrospective study", 0.20),
    ("randomized-controlled-trial", "Randomized controlled trial", 0.20),
    ("case-report", "Case report", 0.15),
    ("case-series", "Case series", 0.10),
    ("prospective-cohort", "Prospective cohort study", 0.10),
]

EVIDENCE_BY_DESIGN = {
    "randomized-controlled-trial": ["I", "II"],
    "prospective-cohort": ["II", "III"],
    "single-arm-trial": ["II", "III"],
    "retrospective-study": ["III"],
    "case-series": ["IV"],
    "case-report": ["IV", "V"],
}

BIAS_TOOL_BY_DESIGN = {
    "randomized-controlled-trial": ["rob-1", "rob-2"],
    "case-report": ["nice-checklist", "robins-i"],
    "case-series": ["nice-checklist", "robins-i"],
}

JUDGEMENTS_BY_TOOL = {
    "robins-i": [("low", 0.5), ("moderate", 0.3), ("serious", 0.15), ("critical", 0.03), ("no-information", 0.02)],
    "rob-1": [("low", 0.6), ("unclear", 0.25), ("high", 0.15)],
    "rob-2": [("low", 0.55), ("unclear", 0.25), ("high", 0.2)],
    "nice-checklist": [("moderate", 0.4), ("serious", 0.4), ("low", 0.2)],
}
SEVERITY_ORDER = ["low", "moderate", "unclear", "no-information", "serious", "high", "critical"]


@dataclass(frozen=True)
class Source:
    label: str
    as_reported: str
    kind: str
    organisms: tuple[str, ...]
    tissue: str | None
    cell_type: str | None
    vesicle: str = "exosome"
    weight: float = 0.1


SOURCES = [
    Source("adipose-derived mesenchymal stem cells", "Adipose-derived stem cells (ASCs)", "mesenchymal-stem-cell",
           ("NCBITaxon:9606",), "UBERON:0001013", "CL:0002570", weight=0.30),
    Source("placenta-derived mesenchymal stem cells", "Placental MSCs", "mesenchymal-stem-cell",
           ("NCBITaxon:9606",), "UBERON:0001987", "CL:2000061", weight=0.12),
    Source("bone marrow mesenchymal stem cells", "Bone marrow MSC-derived extracellular vesicles",
           "mesenchymal-stem-cell", ("NCBITaxon:9606",), "UBERON:0002371", "CL:0002540",
           vesicle="extracellular-vesicle", weight=0.10),
    Source("hair follicle mesenchymal stem cells", "Human follicle mesenchymal stem cells (HF-MSCs)",
           "mesenchymal-stem-cell", ("NCBITaxon:9606",), "UBERON:0002073", "CL:4072103", weight=0.08),
    Source("foreskin-derived mesenchymal stromal cells", "Foreskin-derived MSCs", "mesenchymal-stromal-cell",
           ("NCBITaxon:9606",), "UBERON:0001332", "CL:0000134", weight=0.08),
    Source("umbilical cord stem cell conditioned medium", "Exosome-rich conditioned medium (umbilical cord)",
           "stem-cell-other", ("NCBITaxon:9606",), "UBERON:0002331", "CL:0002569",
           vesicle="conditioned-medium", weight=0.10),
    Source("human mesenchymal stem cells (tissue not stated)", "MSC exosomes", "mesenchymal-stem-cell",
           ("NCBITaxon:9606",), None, "CL:0000134", weight=0.10),
    Source("plant extract-derived exosomes", "Plant extract-derived exosomes", "plant",
           ("NCBITaxon:3367",), None, None, weight=0.07),
    Source("rose stem cell-derived exosomes", "Rose stem cell-derived exosomes", "plant",
           ("NCBITaxon:3764",), None, None, weight=0.05),
]

INDICATIONS = [  # CURIE, as reported, severity scale, weight
    ("MONDO:0005339", "Androgenetic alopecia (AGA)", "Norwood-Hamilton", 0.85),
    ("MONDO:0005483", "Persistent chemotherapy-induced alopecia (PCIA)", None, 0.08),
    ("HP:0009886", "Acquired trichorrhexis nodosa", None, 0.07),
]

COUNTRIES = [("South Korea", 0.2), ("Iran", 0.15), ("Turkey", 0.1), ("Italy", 0.08), ("China", 0.1),
             ("Thailand", 0.07), ("Malaysia", 0.05), ("Pakistan", 0.06), ("USA", 0.1), ("India", 0.05),
             ("Japan", 0.04)]

SURNAMES = ["Park", "Kim", "Lee", "Amini", "Dehghani", "Ersan", "Gentile", "Nadeem", "Sasaki", "Wan", "Chen",
            "Rossi", "Tan", "Ahmadi", "Yilmaz", "Suzuki", "Khan", "Nguyen", "Silva", "Garcia", "Müller", "Zhang"]


@dataclass(frozen=True)
class Measure:
    key: str
    unit: str
    statistic: str
    kind: str  # change | score | proportion | qualitative (stated in words: no unit)
    baseline: tuple[int, int] = (0, 0)  # in tenths of the unit
    change: tuple[int, int] = (0, 0)
    weight: float = 0.1


MEASURES = [
    Measure("hair-density", "hairs/cm2", "mean", "change", (900, 1800), (50, 450), 0.40),
    Measure("hair-count", "hairs", "mean", "change", (600, 1800), (20, 300), 0.12),
    Measure("hair-thickness", "um", "mean", "change", (500, 900), (10, 120), 0.12),
    Measure("hair-diameter", "um", "median", "change", (450, 850), (10, 100), 0.05),
    Measure("patient-satisfaction", "points", "score", "score", weight=0.10),
    Measure("satisfied-proportion", "percent", "proportion", "proportion", weight=0.08),
    Measure("growth-response", "percent", "proportion", "proportion", weight=0.05),
    Measure("hair-regrowth", "", "unspecified", "qualitative", weight=0.08),
]

ADVERSE_EVENTS = [("redness", "mild, transient redness"), ("itching", "mild itching"), ("pain", "transient pain"),
                  ("swelling", "transient swelling"), ("headache", "headache"),
                  ("scalp-irritation", "mild scalp irritation"), ("numbness", "numbness")]

ROUTES = [("intradermal", "Intradermal injections", 0.45), ("topical", "Topical application after microneedling", 0.2),
          ("subcutaneous", "Subcutaneous injections", 0.1), ("scalp-injection", "Scalp injections", 0.15),
          ("interfollicular", "Interfollicular infusions", 0.1)]

ISOLATION = ["ultracentrifugation", "centrifugation", "filtration", "thery-protocol", "aqueous-two-phase-system",
             "conditioned-medium-collection", "not-described"]
CHARACTERIZATION = ["nanoparticle-tracking-analysis", "transmission-electron-microscopy", "flow-cytometry",
                    "dynamic-light-scattering", "electron-microscopy"]


def _pick(rng: random.Random, items: Sequence[T], weights: Sequence[float]) -> T:
    return rng.choices(items, weights=weights, k=1)[0]


def _weighted(rng: random.Random, table: Sequence[Any]) -> Any:
    """One row of a table whose last field (or `weight` attribute) is its weight."""
    weights = [getattr(row, "weight", None) or row[-1] for row in table]
    return _pick(rng, table, weights)


def _tenths(value: int) -> int | float:
    """A value held in tenths, as curated: 153 tenths → 15.3; whole numbers stay integers."""
    return value // 10 if value % 10 == 0 else value / 10


# ---- one study ------------------------------------------------------------------------------------


class Quotes:
    """Collects every quote a record cites, so the synthetic source document can contain them all."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def fact(self, at: str, quote: str, **fields: Any) -> Record:
        """A sourced fact: its fields, plus `at` and a verbatim `quote` recorded for the document."""
        self.lines.append(quote)
        return {**fields, "at": at, "quote": quote}


@dataclass
class StudyContext:
    """What the parts of one study share: its randomness, names, design and arms."""

    rng: random.Random
    q: Quotes
    index: int
    ref: int
    surname: str
    year: int
    design: str
    n: int
    randomized: bool

    @property
    def cite(self) -> str:
        return f"{self.surname} et al {self.ref}"


def study_id(index: int) -> str:
    return f"{STUDY_PREFIX}{index:05d}"


def review_id(number: int) -> str:
    return f"{REVIEW_PREFIX}{number:03d}"


def make_study(seed: int, index: int, review: str, ref: int) -> tuple[Record, list[str]]:
    """Study `index` (1-based) of the synthetic set, quoted from review `review`'s document (where it is
    reference `ref`): its record and the quotes it cites."""
    rng = random.Random(f"exograph-synth:{seed}:{index}")
    design = _weighted(rng, DESIGNS)[0]
    c = StudyContext(rng, Quotes(), index, ref, rng.choice(SURNAMES), rng.randint(2015, 2025), design,
                     _sample_size(rng, design), design == "randomized-controlled-trial")
    record: Record = {"id": study_id(index), "label": f"{c.surname} et al. {c.year} (#{index})", "document": review}
    record.update(_bibliographic(c))
    record.update(_interventions(c))
    record.update(_results(c))
    record.update(_appraisal(c))
    return record, c.q.lines


def _sample_size(rng: random.Random, design: str) -> int:
    if design == "case-report":
        return 1
    if design == "case-series":
        return rng.randint(3, 15)
    return max(8, int(rng.lognormvariate(3.6, 0.6)))


def _bibliographic(c: StudyContext) -> Record:
    rng, q = c.rng, c.q
    country = _weighted(rng, COUNTRIES)[0]
    design_as_reported = next(label for key, label, _ in DESIGNS if key == c.design)
    title = f"Exosome therapy for hair loss: a {design_as_reported.lower()} of {c.n} patients (#{c.index})"
    authors = f"{c.surname} {rng.choice('ABCDEFGHJK')}, {rng.choice(SURNAMES)} {rng.choice('ABCDEFGHJK')}, et al"
    row = f"{c.cite} {c.year} {country}"
    design = [q.fact("Table 1, Study Design", f"{country} {design_as_reported} {c.n} patients (#{c.index})",
                     value=c.design, as_reported=design_as_reported)]
    if rng.random() < 0.3:  # like the real records, the Results text often restates the design
        design.append(q.fact("Results", f"{c.cite} reported a {design_as_reported.lower()} (#{c.index})",
                             value=c.design, as_reported=design_as_reported.lower()))
    return {
        "citation": q.fact(f"References, {c.ref}", f"{authors}. {title}. J Synth Dermatol. {c.year};{c.index % 40 + 1}.",
                           authors=authors, title=title, journal="J Synth Dermatol", year=c.year,
                           volume=str(c.index % 40 + 1), doi=f"10.5555/synth.{c.index:05d}"),
        "first_author": q.fact("Table 1, Author", c.cite, value=c.surname),
        "year": q.fact("Table 1, Year", row, value=c.year),
        "countries": q.fact("Table 1, Country", row, value=[country]),
        "design": design,
        "sample_size": q.fact("Table 1, Sample Size", f"{design_as_reported} {c.n} patients (#{c.index})",
                              value=c.n, as_reported=f"{c.n} patients"),
        "conditions": [_condition(c)],
    }


def _condition(c: StudyContext) -> Record:
    curie, as_reported, scale, _ = _weighted(c.rng, INDICATIONS)
    fields: Record = {"indication": curie, "as_reported": as_reported}
    if scale:
        low = c.rng.randint(2, 4)
        fields["severity"] = [{"scale": scale, "lowest": str(low), "highest": str(low + c.rng.randint(1, 3))}]
    return c.q.fact("Table 1, Hair Condition", f"{as_reported} in {c.cite}", **fields)


def _interventions(c: StudyContext) -> Record:
    experimental = _experimental(c)
    interventions = [experimental]
    arms = [_arm(c, "treated", "Exosome group", experimental["id"], c.n - c.n // 2 if c.randomized else c.n)]
    if c.randomized:
        interventions.append({"id": "placebo", "label": "Placebo", "role": "comparator", "comparator": "placebo",
                              "as_reported": c.q.fact("Table 1, Treatment Received", f"exosomes vs placebo ({c.cite})",
                                                      value="placebo")})
        arms.append(_arm(c, "placebo", "Placebo group", "placebo", c.n // 2))
    follow_up = _follow_up(c)
    return {"interventions": interventions, "arms": arms, "follow_up": follow_up}


def _experimental(c: StudyContext) -> Record:
    rng, q = c.rng, c.q
    source = _weighted(rng, SOURCES)
    source_fields: Record = {"label": source.label, "as_reported": source.as_reported, "kind": source.kind,
                             "organisms": list(source.organisms), "vesicle": source.vesicle}
    source_fields.update({k: v for k, v in (("tissue", source.tissue), ("cell_type", source.cell_type)) if v})
    intervention: Record = {
        "id": "exosomes",
        "label": f"{source.label} exosomes",
        "role": "experimental",
        "as_reported": q.fact("Table 1, Treatment Received", f"{source.as_reported} exosomes ({c.cite})",
                              value=f"{source.as_reported} exosomes"),
        "sources": q.fact("Table 1, Source of Exosomes", f"{source.as_reported} [{c.cite}]", **source_fields),
        "preparation": _preparation(c),
        "administration": _administration(c),
    }
    if intervention["administration"]["routes"] == ["topical"]:
        intervention["adjuncts"] = [q.fact("Results", f"microneedling before application ({c.cite})",
                                           kind="microneedling", as_reported="microneedling before application")]
    return intervention


def _preparation(c: StudyContext) -> Record:
    rng = c.rng
    mantissa = rng.randint(1, 9)
    exponent = rng.choice([9, 10, 11])
    as_reported = f"{mantissa} × 10^{exponent} particles/vial"
    return c.q.fact("Table 1, Preparation", f"{as_reported} ({c.cite})", as_reported=as_reported,
                    isolation=sorted(rng.sample(ISOLATION, rng.randint(1, 2))),
                    characterization=_characterization(rng),
                    doses=[{"kind": "particles-per-vial",
                            "quantity": {"value": float(mantissa * 10 ** exponent), "unit": "particles/vial"}}])


def _characterization(rng: random.Random) -> list[str]:
    """One or two methods; like the real records, some reviews do not say (MISEV asks for it either way)."""
    if rng.random() < 0.15:
        return ["not-described"]
    return sorted(rng.sample(CHARACTERIZATION, rng.randint(1, 2)))


def _administration(c: StudyContext) -> Record:
    rng = c.rng
    route, as_reported, _ = _weighted(rng, ROUTES)
    sessions = rng.randint(1, 8)
    interval = rng.choice([2, 3, 4])
    text = f"{as_reported} every {interval} weeks for {sessions} sessions"
    fields: Record = {"as_reported": text, "routes": [route], "sessions": {"value": sessions, "unit": "sessions"},
                      "interval": {"value": interval, "unit": "week"}}
    if route != "topical":
        fields["needle_gauge"] = rng.choice([30, 32])
        fields["volume_per_site"] = {"value": rng.choice([0.05, 0.1, 0.2]), "unit": "mL"}
    return c.q.fact("Table 1, Injection Techniques", f"{text} ({c.cite})", **fields)


def _arm(c: StudyContext, arm_id: str, label: str, intervention: str, n: int) -> Record:
    return c.q.fact("Table 1, Sample Size", f"{label}: {n} patients ({c.cite})", id=arm_id, label=label,
                    intervention=intervention, n=n)


def _follow_up(c: StudyContext) -> Record:
    months = c.rng.choice([3, 6, 6, 12])
    points = [{"value": m, "unit": "month"} for m in (1, 3, 6, 12) if m <= months]
    return c.q.fact("Table 1, Follow-Up Duration", f"{months} months ({c.cite})", as_reported=f"{months} months",
                    duration={"value": months, "unit": "month"}, timepoints=points)


# ---- results ---------------------------------------------------------------------------------------


def _results(c: StudyContext) -> Record:
    measures = _distinct_measures(c.rng, c.rng.choice([1, 2, 2, 3]))
    months = c.rng.choice([3, 6])
    measurements: list[Record] = []
    for measure in measures:
        measurements += _measurements(c, measure, months)
    keys = [m.key for m in measures] + ["adverse-events"]
    first = measurements[0]
    return {
        "outcomes_measured": c.q.fact("Table 1, Outcomes", f"{', '.join(keys)} ({c.cite})",
                                      as_reported=", ".join(keys), measures=keys),
        "key_results": c.q.fact("Table 1, Key Results", first["quote"], value=first["quote"]),
        "measurements": measurements,
        "adverse_events": _adverse_events(c),
    }


def _distinct_measures(rng: random.Random, count: int) -> list[Measure]:
    chosen: list[Measure] = []
    while len(chosen) < count:
        measure = _weighted(rng, MEASURES)
        if measure not in chosen:
            chosen.append(measure)
    return chosen


def _measurements(c: StudyContext, measure: Measure, months: int) -> list[Record]:
    """The treated arm's result; in a randomized trial also the placebo arm's, compared with it."""
    treated = _measurement(c, measure, months, "treated", effect=1.0)
    if not c.randomized:
        return [treated]
    placebo = _measurement(c, measure, months, "placebo", effect=0.25, arm_n=c.n // 2, tested=False)
    treated["compared_with"] = placebo["id"]
    return [treated, placebo]


def _measurement(c: StudyContext, measure: Measure, months: int, arm: str, effect: float,
                 arm_n: int | None = None, tested: bool = True) -> Record:
    """One arm's result; `tested` results carry the p-value (a comparator arm's usually does not)."""
    rng = c.rng
    fields: Record = {"id": f"{measure.key}-{arm}", "measure": measure.key, "arm": arm,
                      "timepoint": {"value": months, "unit": "month"}, "statistic": measure.statistic}
    if measure.unit:
        fields["unit"] = measure.unit
    text = _VALUES[measure.kind](rng, measure, effect, fields)
    if "n" in fields:  # a result is about at most the arm's participants (some were lost to follow-up)
        arm_size = arm_n if arm_n is not None else (c.n - c.n // 2 if c.randomized else c.n)
        fields["n"] = max(1, arm_size - rng.randint(0, arm_size // 5))
    if tested and measure.kind != "qualitative":
        text += _p_value(rng, fields)
    where = rng.choice(["Table 1, Key Results", "Results"])
    return c.q.fact(where, f"{arm} arm, {measure.key}: {text} at {months} months ({c.cite})",
                    **fields, as_reported=text)


def _change_values(rng: random.Random, m: Measure, effect: float, fields: Record) -> str:
    """baseline + change = follow-up exactly: all three are drawn in tenths and added as integers."""
    baseline = rng.randint(*m.baseline)
    change = max(1, int(rng.randint(*m.change) * effect))
    direction = "increase"
    if rng.random() < 0.6:
        fields.update(baseline=_tenths(baseline), followup=_tenths(baseline + change))
    fields.update(change=_tenths(change), direction=direction)
    if rng.random() < 0.5:
        fields["sd"] = _tenths(max(1, change // 3))
        fields["n"] = 0  # set from the arm's size by _measurement
    shown = f"from {fields['baseline']} to {fields['followup']} " if "baseline" in fields else ""
    return f"{shown}+{fields['change']} {m.unit}"


def _score_values(rng: random.Random, m: Measure, effect: float, fields: Record) -> str:
    points = rng.choice([5, 10])
    value = _tenths(rng.randint(points * 4, points * 9) if effect == 1.0 else rng.randint(points * 2, points * 6))
    fields.update(value=value, scale_points=points)
    return f"{value}/{points}"


def _proportion_values(rng: random.Random, m: Measure, effect: float, fields: Record) -> str:
    value = rng.randint(40, 95) if effect == 1.0 else rng.randint(5, 40)
    fields.update(value=value)
    return f"{value}%"


def _qualitative_values(rng: random.Random, m: Measure, effect: float, fields: Record) -> str:
    fields.update(direction="improvement", qualitative="visible improvement")
    return "visible improvement on photographs"


_VALUES: dict[str, Callable[[random.Random, Measure, float, Record], str]] = {
    "change": _change_values, "score": _score_values, "proportion": _proportion_values,
    "qualitative": _qualitative_values,
}


def _p_value(rng: random.Random, fields: Record) -> str:
    if rng.random() < 0.5:
        bound = rng.choice([0.001, 0.01, 0.05])
        fields.update(p_value={"comparator": "<", "value": bound}, significant=True)
        return f" (p<{bound})"
    value = round(rng.uniform(0.001, 0.2), 3)
    fields.update(p_value={"comparator": "=", "value": value}, significant=value < 0.05)
    return f" (p={value})"


def _adverse_events(c: StudyContext) -> list[Record]:
    rng = c.rng
    if rng.random() < 0.45:
        return [c.q.fact("Results", f"no adverse events were reported ({c.cite})", id="none-reported", event="none",
                         as_reported="no adverse events reported", scope="any", arm="treated")]
    events = rng.sample(ADVERSE_EVENTS, rng.randint(1, 2))
    return [_adverse_event(c, key, text) for key, text in sorted(events)]


def _adverse_event(c: StudyContext, key: str, text: str) -> Record:
    percent = c.rng.randint(5, 40)
    return c.q.fact("Results", f"{text} in {percent}% of patients ({c.cite})", id=key, event=key,
                    as_reported=f"{text} in {percent}% of patients", arm="treated", percent=percent,
                    severity="mild", transient=True, site=c.rng.choice(["injection-site", "scalp"]))


# ---- appraisal: evidence level and risk of bias -----------------------------------------------------


def _appraisal(c: StudyContext) -> Record:
    rng, q = c.rng, c.q
    level = rng.choice(EVIDENCE_BY_DESIGN[c.design])
    levels = [q.fact("Results, Study Characteristics", f"Level {level}: {c.cite}", level=level)]
    if rng.random() < 0.5:
        levels.append(q.fact("Results", f"{c.cite} (Level {level})", level=level))
    return {"evidence_levels": levels, "risk_of_bias": [_risk_of_bias(c)]}


def _risk_of_bias(c: StudyContext) -> Record:
    tool = c.rng.choice(BIAS_TOOL_BY_DESIGN.get(c.design, ["robins-i"]))
    values, weights = zip(*JUDGEMENTS_BY_TOOL[tool])
    domains = [d for d in vocab.BIAS_DOMAINS[tool] if d != "overall"]
    judged = [(domain, _pick(c.rng, values, weights)) for domain in domains]
    overall = max([j for _, j in judged] or [_pick(c.rng, values, weights)], key=SEVERITY_ORDER.index)
    judgements = [c.q.fact(f"Table 2, {domain}, {c.cite}", f"{domain}: {judgement} ({c.cite})", domain=domain,
                           judgement=judgement) for domain, judgement in judged]
    judgements.append(c.q.fact(f"Table 2, Overall, {c.cite}", f"overall: {overall} ({c.cite})", domain="overall",
                               judgement=overall))
    return {"tool": tool, "judgements": judgements}


# ---- reviews, documents, files --------------------------------------------------------------------


def make_review(seed: int, number: int, studies: list[Record]) -> tuple[Record, list[str]]:
    """The synthetic review the studies point to. Its claims use the topics the build derives from the
    study records (included-studies, total-patients, design-count), so the two can be compared; like the
    real reviews, about one in three misstates its patient total somewhere."""
    rng = random.Random(f"exograph-synth-review:{seed}:{number}")
    q = Quotes()
    rid = review_id(number)
    record: Record = {
        "id": rid,
        "label": f"Synthetic review {number} (seed {seed})",
        "document": rid,
        "citation": q.fact("Title", f"Synthetic review {number}: exosome therapies for hair loss (seed {seed})",
                           authors="Exograph Synth", title=f"Synthetic review {number}", year=2025),
        "research_question": q.fact("Introduction", f"Review {number} asks what exosome therapies do for hair loss.",
                                    value="What do exosome therapies do for hair loss?"),
        "databases": q.fact("Methods", f"Review {number} searched PubMed, Embase and Scopus.",
                            value=["PubMed", "Embase", "Scopus"]),
        "search_end": q.fact("Methods", f"Review {number} searched up to 1 March 2025.", value="1 March 2025"),
        "bias_tools": q.fact("Methods", f"Review {number} used RoB 2 and ROBINS-I.", value="RoB 2 and ROBINS-I"),
        "evidence_scale": q.fact("Methods", f"Review {number} graded evidence on the OCEBM scale.", value="OCEBM"),
        "included_studies": [q.fact("Table 1", f"Review {number} includes study {study['id']} as reference {ref}.",
                                    study=study["id"], reference_number=ref) for ref, study in enumerate(studies, 1)],
        "claims": _review_claims(rng, q, number, studies),
    }
    return record, q.lines


def make_source(number: int, seed: int) -> Record:
    """The source record of review `number`'s synthetic text."""
    rid = review_id(number)
    return {"id": rid, "kind": "systematic-review", "label": f"Synthetic review {number} (seed {seed}), text",
            "text": f"{rid}.md"}


def _review_claims(rng: random.Random, q: Quotes, number: int, studies: list[Record]) -> list[Record]:
    total = sum(s["sample_size"]["value"] for s in studies)
    claims = [q.fact("Abstract", f"Review {number} included {len(studies)} studies.", id="included-studies",
                     topic="included-studies", value=len(studies), unit="count",
                     statement=f"{len(studies)} studies were included"),
              q.fact("Results", f"Review {number} pooled {total} patients.", id="total-patients-results",
                     topic="total-patients", value=total, unit="count", statement=f"{total} patients in total")]
    if rng.random() < 0.35:  # a second statement of the total that disagrees, as real reviews do
        stated = total + rng.choice([-12, -3, 2, 7, 20])
        claims.append(q.fact("Abstract", f"Review {number} (abstract): {stated} patients.", id="total-patients-abstract",
                             topic="total-patients", value=stated, unit="count", statement=f"{stated} patients"))
    designs: dict[str, int] = {}
    for study in studies:
        designs[study["design"][0]["value"]] = designs.get(study["design"][0]["value"], 0) + 1
    for design, count in sorted(designs.items()):
        claims.append(q.fact("Results", f"Review {number}: {count} studies of design {design}.",
                             id=f"design-count-{design}", topic="design-count", about=design, value=count,
                             unit="count", statement=f"{count} {design} studies"))
    return claims


def document_text(review: Record, seed: int, parts: list[tuple[str, list[str]]]) -> str:
    """The synthetic source document: every quote, one per line, under the id of the record citing it."""
    lines = [f"# {review['label']}", "",
             "Synthetic source text written by `exograph synth` (seed %d). Every quote the synthetic" % seed,
             "records cite is a line below, under the id of the record that cites it.", ""]
    for record_id, quotes in parts:
        lines += [f"## {record_id}", "", *quotes, ""]
    return "\n".join(lines)


def dump_yaml(record: Record) -> str:
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml when present: 10k files in seconds
    return yaml.dump(record, Dumper=dumper, sort_keys=False, allow_unicode=True, width=1000)


@dataclass(frozen=True)
class SynthFile:
    rel_path: str
    text: str


def synthetic_files(n: int, seed: int = 0, per_review: int = 100) -> Iterator[SynthFile]:
    """Every file of an n-study synthetic set, review by review (each review with its document)."""
    for start in range(1, n + 1, per_review):
        number = (start - 1) // per_review + 1
        rid = review_id(number)
        studies = [make_study(seed, i, rid, i - start + 1) for i in range(start, min(n, start + per_review - 1) + 1)]
        review, review_quotes = make_review(seed, number, [s for s, _ in studies])
        yield SynthFile(f"data/sources/{rid}.yaml", dump_yaml(make_source(number, seed)))
        yield SynthFile(f"data/reviews/{rid}.yaml", dump_yaml(review))
        for record, _ in studies:
            yield SynthFile(f"data/studies/{record['id']}.yaml", dump_yaml(record))
        parts = [(rid, review_quotes)] + [(record["id"], quotes) for record, quotes in studies]
        yield SynthFile(f"data/sources/{rid}.md", document_text(review, seed, parts))


LINKED = ("ontology", "shapes", "queries")


def write_synthetic(out: Path, n: int, seed: int = 0, per_review: int = 100, project: Path | None = None) -> int:
    """Write the set under `out` (data/); link the project's ontology/, shapes/ and queries/ into it so
    `out` is itself a project folder. Earlier synthetic files there are removed first (only those:
    synth-*.yaml and synth-review-*.md), so the folder holds exactly this set."""
    if n < 1:
        raise ValueError(f"--studies must be at least 1, got {n}")
    _clear_previous(out)
    count = 0
    for item in synthetic_files(n, seed, per_review):
        write_text_output(out / item.rel_path, item.text)
        count += 1
    if project is not None:
        _link_project(out, project)
    return count


def _clear_previous(out: Path) -> None:
    for folder, pattern in (("data/studies", f"{STUDY_PREFIX}*.yaml"), ("data/reviews", f"{REVIEW_PREFIX}*.yaml"),
                            ("data/sources", f"{REVIEW_PREFIX}*.yaml"), ("data/sources", f"{REVIEW_PREFIX}*.md"),
                            ("seeds", f"{REVIEW_PREFIX}*.md")):
        for old in (out / folder).glob(pattern):
            old.unlink()


def _link_project(out: Path, project: Path) -> None:
    for name in LINKED:
        link = out / name
        if not link.exists() and not link.is_symlink():
            link.symlink_to((project / name).resolve(), target_is_directory=True)

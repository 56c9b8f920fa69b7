"""The facts the appraisal reads from a curated record, as plain values with the IRIs of the graph nodes
they come from (so every derived fact can link to its inputs).

A study contributes its design, size, conditions, exosome sources, co-interventions, risk-of-bias
judgements, measurements, adverse events, product and doses; a review contributes its comparisons. The
objects are small and picklable: the build caches them per record, so the appraisal of unchanged
records is never read again from their files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from exograph.appraisal.dose import Regimen, Span
from exograph.appraisal.product import ProductFacts
from exograph.appraisal.reported import ReportedP
from exograph.records import schema as s
from exograph.records.iri import NodeRef, record_ref


@dataclass(frozen=True)
class MeasurementInput:
    iri: str
    id: str
    measure: str
    unit: str | None  # none for a result stated in words
    statistic: str
    arm: str | None
    subgroup: str | None
    timepoint: str | None
    baseline: float | None
    followup: float | None
    change: float | None
    value: float | None
    sd: float | None
    n: int | None
    scale_points: int | None
    p: ReportedP | None
    direction: str | None
    compared_with: str | None

    @property
    def stated_change(self) -> float | None:
        """The change as stated, else follow-up minus baseline."""
        if self.change is not None:
            return self.change
        if self.baseline is not None and self.followup is not None:
            return float(Decimal(repr(self.followup)) - Decimal(repr(self.baseline)))  # 0.059 − 0.049 = 0.01
        return None


@dataclass(frozen=True)
class EventInput:
    iri: str
    id: str
    event: str
    percent: float | None
    arm: str | None


@dataclass(frozen=True)
class DoseInput:
    iri: str
    intervention: str
    kind: str
    quantity: Span
    regimen: Regimen
    inputs: tuple[str, ...]  # IRIs of the dose and the administration facts the figures use


@dataclass(frozen=True)
class StudyInputs:
    iri: str
    id: str
    label: str
    design: str | None
    design_iri: str | None
    patients: int | None
    patients_iri: str | None
    groups: dict[str, tuple[int, str]]            # group label -> (n, group node IRI)
    arms: dict[str, tuple[int | None, str, str]]  # arm id -> (n, intervention id, arm IRI)
    indications: tuple[tuple[str, str], ...]      # (CURIE, condition node IRI)
    sources: tuple[tuple[str, str], ...]          # (grouping key CURIE or kind, source node IRI)
    co_interventions: tuple[tuple[str, str], ...]  # (adjunct kind, adjunct node IRI), given to all
    bias_tool: str | None
    bias_iri: str | None                           # the risk-of-bias assessment node
    bias: tuple[tuple[str, str, str], ...]         # (domain, judgement, judgement node IRI)
    measurements: tuple[MeasurementInput, ...]
    events: tuple[EventInput, ...]
    product: ProductFacts
    product_inputs: tuple[str, ...]
    doses: tuple[DoseInput, ...]

    @property
    def randomized(self) -> bool:
        return self.design == "randomized-controlled-trial"

    def n_of(self, m: MeasurementInput) -> int | None:
        """The patients a result is about: its own n, its subgroup's, its arm's, else the study's when it has
        one arm (or no arm named)."""
        if m.n is not None:
            return m.n
        if m.subgroup is not None:
            return self.groups[m.subgroup][0] if m.subgroup in self.groups else None
        return self.arm_n(m.arm)

    def size_source(self, arm: str | None, subgroup: str | None = None) -> str | None:
        """The node n_of / arm_n read the size from: the subgroup, the arm, else the sample size."""
        if subgroup is not None:
            return self.groups[subgroup][1] if subgroup in self.groups else None
        if arm is not None and arm in self.arms and self.arms[arm][0] is not None:
            return self.arms[arm][2]
        return self.patients_iri if len(self.arms) <= 1 else None

    def arm_n(self, arm: str | None) -> int | None:
        if arm is not None and arm in self.arms and self.arms[arm][0] is not None:
            return self.arms[arm][0]
        return self.patients if len(self.arms) <= 1 else None

    def measurement(self, measurement_id: str) -> MeasurementInput | None:
        return next((m for m in self.measurements if m.id == measurement_id), None)


@dataclass(frozen=True)
class ComparisonInput:
    iri: str
    id: str
    outcome: str
    unit: str | None  # none when the review gives no values
    exosome_value: float | None
    control_value: float | None
    exosome_count: int | None
    control_count: int | None
    denominator: int | None
    p: ReportedP | None


@dataclass(frozen=True)
class ReviewInputs:
    iri: str
    id: str
    label: str
    comparisons: tuple[ComparisonInput, ...] = field(default_factory=tuple)


def _p(p: s.PValue | None) -> ReportedP | None:
    return ReportedP(p.comparator, p.value) if p is not None else None


def _span(q: s.Quantity | None) -> Span | None:
    if q is None:
        return None
    return Span.of(q.value, q.min, q.max)


def _timepoint(q: s.Quantity | None) -> str | None:
    if q is None:
        return None
    return f"{q.value:g} {q.unit}" if q.value is not None else f"{q.min:g}–{q.max:g} {q.unit}"


def study_inputs(record: s.StudyRecord) -> StudyInputs:
    ref = record_ref("study", record.id)
    first_size = record.sample_size[0] if record.sample_size else None
    return StudyInputs(
        iri=str(ref.iri), id=record.id, label=record.label,
        design=record.design[0].value if record.design else None,
        design_iri=str(ref.child("design", 0).iri) if record.design else None,
        patients=first_size.value if first_size else None,
        patients_iri=str(ref.child("sample_size", 0).iri) if first_size else None,
        groups={g.label: (g.n, str(ref.child("sample_size", 0).child("groups", g.label).iri))
                for g in first_size.groups} if first_size else {},
        arms={a.id: (a.n, a.intervention, str(ref.child("arms", a.id).iri)) for a in record.arms},
        indications=_indications(ref, record),
        sources=_sources(ref, record),
        co_interventions=_co_interventions(ref, record),
        bias_tool=record.risk_of_bias[0].tool if record.risk_of_bias else None,
        bias_iri=str(ref.child("risk_of_bias", record.risk_of_bias[0].tool).iri) if record.risk_of_bias else None,
        bias=_bias(ref, record),
        measurements=tuple(_measurement(ref, m) for m in record.measurements),
        events=tuple(EventInput(str(ref.child("adverse_events", e.id).iri), e.id, e.event, e.percent, e.arm)
                     for e in record.adverse_events),
        product=_product(record),
        product_inputs=_product_inputs(ref, record),
        doses=_doses(ref, record),
    )


def _indications(ref: NodeRef, record: s.StudyRecord) -> tuple[tuple[str, str], ...]:
    """Each indication once, with the first condition that names it."""
    found: dict[str, str] = {}
    for index, condition in enumerate(record.conditions):
        found.setdefault(condition.indication, str(ref.child("conditions", index).iri))
    return tuple(found.items())


def _experimental(record: s.StudyRecord) -> list[s.Intervention]:
    return [i for i in record.interventions if i.role == "experimental"]


def source_key(source: s.ExosomeSource) -> str:
    """What a source is grouped by: its tissue, else its cell type, else its first organism, else its kind."""
    return source.tissue or source.cell_type or (source.organisms[0] if source.organisms else f"kind:{source.kind}")


def _sources(ref: NodeRef, record: s.StudyRecord) -> tuple[tuple[str, str], ...]:
    """Each experimental intervention's first source statement (the review's first word on it)."""
    found: dict[str, str] = {}
    for intervention in _experimental(record):
        if intervention.sources:
            node = ref.child("interventions", intervention.id).child("sources", 0)
            found.setdefault(source_key(intervention.sources[0]), str(node.iri))
    return tuple(found.items())


def _co_interventions(ref: NodeRef, record: s.StudyRecord) -> tuple[tuple[str, str], ...]:
    """Adjuncts given with the exosomes to every treated patient, and not named for a comparator."""
    comparator_kinds = {a.kind for i in record.interventions if i.role == "comparator" for a in i.adjuncts}
    found: dict[str, str] = {}
    for intervention in _experimental(record):
        for index, adjunct in enumerate(intervention.adjuncts):
            if adjunct.applied_to == "all" and adjunct.kind not in comparator_kinds:
                found.setdefault(adjunct.kind, str(ref.child("interventions", intervention.id).child("adjuncts", index).iri))
    return tuple(found.items())


def _bias(ref: NodeRef, record: s.StudyRecord) -> tuple[tuple[str, str, str], ...]:
    if not record.risk_of_bias:
        return ()
    assessment = record.risk_of_bias[0]
    node = ref.child("risk_of_bias", assessment.tool)
    return tuple((j.domain, j.judgement, str(node.child("judgements", i).iri)) for i, j in enumerate(assessment.judgements))


def _measurement(ref: NodeRef, m: s.Measurement) -> MeasurementInput:
    return MeasurementInput(
        iri=str(ref.child("measurements", m.id).iri), id=m.id, measure=m.measure, unit=m.unit,
        statistic=m.statistic, arm=m.arm, subgroup=m.subgroup, timepoint=_timepoint(m.timepoint),
        baseline=m.baseline, followup=m.followup, change=m.change, value=m.value, sd=m.sd, n=m.n,
        scale_points=m.scale_points, p=_p(m.p_value), direction=m.direction, compared_with=m.compared_with)


def _product(record: s.StudyRecord) -> ProductFacts:
    sources = [src for i in _experimental(record) for src in i.sources]
    preparations = [prep for i in _experimental(record) for prep in i.preparation]
    return ProductFacts(
        source_kinds=frozenset(src.kind for src in sources),
        organisms=frozenset(o for src in sources for o in src.organisms),
        tissues=frozenset(src.tissue for src in sources if src.tissue),
        cell_types=frozenset(src.cell_type for src in sources if src.cell_type),
        isolation=frozenset(m for p in preparations for m in p.isolation),
        characterization=frozenset(m for p in preparations for m in p.characterization),
        dose_kinds=frozenset(d.kind for p in preparations for d in p.doses if d.kind != "dilution"),
    )


def _product_inputs(ref: NodeRef, record: s.StudyRecord) -> tuple[str, ...]:
    nodes = []
    for intervention in _experimental(record):
        iref = ref.child("interventions", intervention.id)
        nodes += [str(iref.child("sources", i).iri) for i in range(len(intervention.sources))]
        nodes += [str(iref.child("preparation", i).iri) for i in range(len(intervention.preparation))]
    return tuple(nodes)


def _doses(ref: NodeRef, record: s.StudyRecord) -> tuple[DoseInput, ...]:
    doses = []
    for intervention in _experimental(record):
        iref = ref.child("interventions", intervention.id)
        regimen, used = _regimen(iref, intervention.administration)
        for p_index, prep in enumerate(intervention.preparation):
            for index, dose in enumerate(prep.doses):
                if dose.kind == "dilution":
                    continue
                node = str(iref.child("preparation", p_index).child("doses", index).iri)
                doses.append(DoseInput(node, intervention.id, dose.kind, Span.of(dose.quantity.value, dose.quantity.min,
                                                                                  dose.quantity.max), regimen, (node, *used)))
    return tuple(doses)


def _regimen(iref: NodeRef, statements: list[s.Administration]) -> tuple[Regimen, tuple[str, ...]]:
    """Sessions, volume per site and sites per session, each from the first administration statement that
    states it (statements of different places complete each other), and the statements used."""
    def first(field: str) -> tuple[int, s.Administration] | None:
        return next(((i, adm) for i, adm in enumerate(statements) if getattr(adm, field) is not None), None)

    sessions, volume, sites = first("sessions"), first("volume_per_site"), first("sites")
    regimen = Regimen(sessions=_span(sessions[1].sessions) if sessions else None,
                      volume_per_site=_span(volume[1].volume_per_site) if volume else None,
                      sites_per_session=Span.of(sites[1].sites) if sites else None)
    used = sorted({i for i, _ in filter(None, (sessions, volume, sites))})
    return regimen, tuple(str(iref.child("administration", i).iri) for i in used)


def review_inputs(record: s.ReviewRecord) -> ReviewInputs:
    ref = record_ref("review", record.id)
    comparisons = tuple(ComparisonInput(
        str(ref.child("comparisons", c.id).iri), c.id, c.outcome, c.unit, c.exosome_value, c.control_value,
        c.exosome_count, c.control_count, c.denominator, _p(c.p_value)) for c in record.comparisons)
    return ReviewInputs(str(ref.iri), record.id, record.label, comparisons)

"""The curation format: what a study, review or source-document file may contain.

Every model forbids unknown fields, so a misspelt key is an error, never silently dropped.
Any fact can carry provenance: `at` (section or table) and `quote` (verbatim, short), and optionally
`document` (the id of a source record in data/sources/ when it is not the record's default document).
A field the source does not state can be recorded as not reported (see `NotReported`).
"""

from __future__ import annotations

import re
from typing import Annotated, Any, ClassVar, Literal, Union, get_args, get_origin

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"


class CurieField:
    """Marks a field (or the items of a list field) whose value is an ontology term written as a
    CURIE such as MONDO:0005339: the loader checks how it is written, validation that it is a term
    of the import modules (ontology/imports/terms.tsv)."""


CURIE_MARK = CurieField()
Curie = Annotated[str, CURIE_MARK]


class Strict(BaseModel):
    # strict: no coercion (true is not 1, "12" is not 12, 1 is not true); numbers must be finite
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, strict=True, allow_inf_nan=False)


class Sourced(Strict):
    """Provenance that any fact may carry."""

    document: str | None = Field(None, pattern=SLUG,
                                 description="id of the source record (data/sources/) that states the fact, "
                                             "if not the record's default document")
    at: str | None = Field(None, description="section, table or list of the source that states the fact")
    quote: str | None = Field(None, description="short verbatim quote of the source that states the fact")


def _as_list(value: Any) -> Any:
    """A field that may hold several (possibly conflicting) statements accepts one mapping or a list."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def Statements(model: type) -> Any:  # noqa: N802 - reads like a type in the models below
    return Annotated[list[model], BeforeValidator(_as_list)]


Number = Union[int, float]


class Quantity(Strict):
    """A number or a range with its unit. Give `value`, or `min` and `max` (a range keeps both ends)."""

    value: Number | None = None
    min: Number | None = None
    max: Number | None = None
    unit: str
    approximate: bool = Field(False, description="the source gives the value as approximate (\"~100–150 nm\")")

    @model_validator(mode="after")
    def _value_or_range(self) -> "Quantity":
        has_range = self.min is not None or self.max is not None
        if (self.value is None) == (not has_range):
            raise ValueError("give either value, or min and max")
        if has_range and (self.min is None or self.max is None):
            raise ValueError("a range needs both min and max")
        return self


class PValue(Strict):
    """A p-value as reported: `comparator` keeps a reported bound ("<" in "p < 0.0001")."""

    comparator: Literal["=", "<", "<=", ">", ">="] = "="
    value: float


# ---- values read from another place ---------------------------------------------------------


class InferredValue(Sourced):
    """A value of a fact that its own place does not state, read from another place (e.g. a
    timepoint of a Key Results value taken from the Follow-Up column): `at` and `quote` name the place
    that states it, `fields` the fields of the fact it fills."""

    fields: list[str] = Field(min_length=1, description="names of the fact's fields filled from this place")
    reasoning: str = Field(min_length=1, description="why the value applies to this fact")


class Inferring(Sourced):
    """A fact some of whose values are inferred from another place."""

    inferred: list[InferredValue] = Field([], description="values taken from another place, with that place")

    @model_validator(mode="after")
    def _inferred_fields_exist(self) -> "Inferring":
        for inference in self.inferred:
            unknown = [f for f in inference.fields if f not in type(self).model_fields or f in ("inferred", "at", "quote")]
            if unknown:
                raise ValueError(f"inferred.fields names {', '.join(unknown)}, not a field of this fact")
            empty = [f for f in inference.fields if getattr(self, f) in (None, [])]
            if empty:
                raise ValueError(f"inferred.fields names {', '.join(empty)}, which has no value here")
        return self


# ---- fact-level detail: definitions, methods, qualifiers the source states -------------------


class ResponseDefinition(Strict):
    """What counts as a response or as satisfied, as the source defines it: "grade ≥ 2",
    "satisfied to extremely satisfied". A threshold keeps its comparator; categories keep their words."""

    as_reported: str = Field(min_length=1)
    comparator: Literal["=", "<", "<=", ">", ">="] | None = None
    threshold: Number | None = None
    scale: str | None = Field(None, description="the scale the threshold or categories belong to, e.g. IGA")
    categories: list[str] = Field([], description="the response categories counted, in the source's words")

    @model_validator(mode="after")
    def _threshold_has_comparator(self) -> "ResponseDefinition":
        if (self.threshold is None) != (self.comparator is None):
            raise ValueError("a threshold needs its comparator (\">=\" in \"grade ≥ 2\"), and a comparator a threshold")
        return self


class PopulationQualifier(Strict):
    """A qualifier of the studied population the source states ("early stages", "in remission")."""

    key: str = Field(description="qualifier key, see vocabulary: population qualifiers")
    as_reported: str = Field(min_length=1)


class Moderator(Sourced):
    """A subgroup or factor the source says changes the outcome ("better outcomes in older females
    (50–70 years)", "larger undiluted volumes correlated with improved results")."""

    id: str = Field(pattern=SLUG)
    factor: Literal["age", "sex", "volume", "dilution", "dose", "severity", "adjunct"]
    as_reported: str = Field(min_length=1)
    subgroup: str | None = Field(None, description="the subgroup it applies to, e.g. females")
    range: Quantity | None = Field(None, description="the range of the factor with the better outcome")
    level: str | None = Field(None, description="the level of the factor in words, e.g. older, larger undiluted")
    effect: Literal["better-outcome", "worse-outcome", "no-difference"]
    measure: str | None = Field(None, description="measure key of the outcome, when the source names it")


# ---- not reported -------------------------------------------------------------------------


class NotReported(Strict):
    """A field the source does not state, written in place of its value:
    `countries: {not_reported: true, looked_in: "Methods; affiliations"}`. Never an invented value: the
    graph keeps it as a reporting gap, with where the curator looked."""

    not_reported: Literal[True]
    looked_in: str = Field(min_length=1, description="where the curator looked: sections, tables, figures")
    document: str | None = Field(None, pattern=SLUG,
                                 description="the source record searched, if not the record's default document")


def _is_list_field(annotation: Any) -> bool:
    """list[...] or Annotated[list[...], ...] (the Statements fields)."""
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    return get_origin(annotation) is list


class Reporting(Strict):
    """A model some of whose fields (REPORTABLE) may be recorded as not reported. On load, a reportable
    field holding `{not_reported: true, ...}` is moved into `not_reported` and left empty, so code that
    reads the field sees no value and code that asks sees why."""

    REPORTABLE: ClassVar[tuple[str, ...]] = ()
    not_reported: dict[str, NotReported] = Field({}, description="fields the source does not state, by field name")

    @model_validator(mode="before")
    @classmethod
    def _gather_not_reported(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        moved = {name: value for name, value in data.items()
                 if name in cls.REPORTABLE and isinstance(value, dict) and "not_reported" in value}
        if not moved:
            return data
        gathered = dict(data)
        for name in moved:
            gathered[name] = [] if _is_list_field(cls.model_fields[name].annotation) else None
        earlier = data.get("not_reported")
        gathered["not_reported"] = {**(earlier if isinstance(earlier, dict) else {}), **moved}
        return gathered

    @model_validator(mode="after")
    def _not_reported_fields_are_reportable_and_empty(self) -> "Reporting":
        for name in self.not_reported:
            if name not in self.REPORTABLE:
                raise ValueError(f"{name} cannot be recorded as not reported; fields that can: "
                                 f"{', '.join(self.REPORTABLE)}")
            if getattr(self, name) not in (None, []):
                raise ValueError(f"{name} has values and is also recorded as not reported; keep one")
        return self


# ---- simple facts -------------------------------------------------------------------------


class TextFact(Sourced):
    value: str


class IntFact(Sourced):
    value: int


class NumberFact(Sourced):
    value: Number


class TextListFact(Sourced):
    value: list[str]


class QuantityFact(Sourced):
    value: Quantity


Design = Literal[
    "randomized-controlled-trial",
    "single-arm-trial",
    "prospective-cohort",
    "retrospective-study",
    "case-series",
    "case-report",
]


class DesignFact(Sourced):
    value: Design
    as_reported: str | None = None
    qualifiers: list[Literal["pilot", "phase-1", "phase-2", "multicentric", "evaluator-blinded",
                             "blinded-outcome-assessment", "open-label", "non-blinded", "non-randomized",
                             "randomized", "observational", "prospective", "retrospective",
                             "interventional"]] = Field([], description="qualifiers this statement of the design states")


class Group(Strict):
    label: str
    n: int
    sex: Literal["male", "female", "mixed"] | None = None


class ParticipantFlow(Strict):
    assessed: int | None = None
    excluded: int | None = None
    allocated: int | None = None
    analysed: int | None = None


class SampleSizeFact(Sourced):
    value: int = Field(description="participants the study reports results for")
    as_reported: str | None = None
    groups: list[Group] = []
    flow: ParticipantFlow | None = None


# ---- bibliographic ------------------------------------------------------------------------


class CitationPart(Sourced):
    """A place that states some parts of a citation when the citation's own quote does not (e.g. the
    author list of the document's byline)."""

    parts: list[Literal["authors", "title", "journal", "year", "volume", "issue", "pages", "doi", "issn"]] = Field(
        min_length=1, description="the citation fields this place states")


class Citation(Sourced):
    authors: str | None = None
    title: str | None = None
    journal: str | None = None
    year: int | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = Field(None, description="page range or article number")
    doi: str | None = None
    issn: str | None = None
    stated_in: list[CitationPart] = Field([], description="further places, each stating some of the fields")


class Registration(Sourced):
    """A registration as a document states it: a review's protocol (PROSPERO) or a trial (ClinicalTrials.gov)."""

    registry: str
    identifier: str
    date: str | None = Field(None, pattern=r"^\d{4}-\d{2}-\d{2}$")


# ---- condition, source, preparation, intervention ------------------------------------------


class SeverityRange(Strict):
    scale: str = Field(description="e.g. Norwood-Hamilton, Ludwig")
    lowest: str
    highest: str
    group: str | None = Field(None, description="who the range applies to, e.g. men")


class Condition(Sourced):
    indication: Curie = Field(description="MONDO/HP/DOID term, or exo: local term")
    as_reported: str
    subgroup: str | None = None
    severity: list[SeverityRange] = []
    qualifiers: list[PopulationQualifier] = Field([], description="population qualifiers the source states")
    qualifiers_joined_by: Literal["and", "or"] = Field("and", description="\"early stages or in remission\" is or")


SourceKind = Literal["mesenchymal-stem-cell", "mesenchymal-stromal-cell", "plant", "stem-cell-other", "unspecified"]


class ExosomeSource(Sourced):
    label: str
    as_reported: str
    kind: SourceKind
    organisms: list[Curie] = Field([], description="NCBITaxon CURIEs, or exo: local taxa")
    tissue: Curie | None = Field(None, description="UBERON term for the tissue of origin")
    cell_type: Curie | None = Field(None, description="CL term for the parent cell")
    origin: Literal["autologous", "allogeneic"] | None = None
    vesicle: Literal["exosome", "extracellular-vesicle", "conditioned-medium"] = "exosome"


class Dose(Strict):
    kind: Literal["particles-per-vial", "particles-per-ml", "protein-per-session", "dilution"]
    quantity: Quantity


class Preparation(Inferring):
    as_reported: str
    isolation: list[str] = Field([], description="method keys, see vocabulary: methods")
    characterization: list[str] = []
    doses: list[Dose] = []
    product: str | None = None
    manufacturer: str | None = None
    dilution: str | None = None


class Administration(Inferring):
    as_reported: str
    routes: list[Literal["intradermal", "subcutaneous", "topical", "interfollicular", "scalp-injection",
                         "electroporation"]] = Field([], description="empty when the place states no route")
    technique: list[str] = Field([], description="e.g. nappage, microneedle-roller")
    needle_gauge: int | None = None
    volume_per_site: Quantity | None = None
    volume_per_area: Quantity | None = None
    total_volume: Quantity | None = None
    spacing: Quantity | None = None
    sites: int | None = None
    sessions: Quantity | None = None
    interval: Quantity | None = None
    duration: Quantity | None = None


class Adjunct(Sourced):
    kind: Literal["microneedling", "low-level-laser-therapy", "electroporation", "plant-extract"]
    as_reported: str
    applied_to: Literal["all", "some"] = "all"
    depth: Quantity | None = None
    wavelength: Quantity | None = None


class Intervention(Reporting):
    REPORTABLE: ClassVar[tuple[str, ...]] = ("sources", "preparation", "administration")

    id: str = Field(pattern=SLUG)
    label: str
    role: Literal["experimental", "comparator"]
    as_reported: Statements(TextFact) = []
    sources: Statements(ExosomeSource) = Field([], description="several when the review disagrees")
    preparation: Statements(Preparation) = Field([], description="one statement per place that states it")
    administration: Statements(Administration) = Field([], description="one statement per place that states it")
    adjuncts: list[Adjunct] = []
    comparator: Literal["placebo", "none"] | None = None


class Arm(Sourced):
    id: str = Field(pattern=SLUG)
    label: str
    intervention: str = Field(pattern=SLUG)
    n: int | None = None


class FollowUpFact(Inferring):
    as_reported: str
    duration: Quantity
    timepoints: list[Quantity] = []


class MeasureMethod(Strict):
    """How one measure was assessed, as the source names it ("Hair density (Trichoscan)")."""

    measure: str = Field(description="measure key, see vocabulary: measures")
    method: str = Field(description="assessment method key, see vocabulary: assessment methods")


class OutcomesMeasuredFact(Sourced):
    as_reported: str
    measures: list[str] = Field(description="measure keys, see vocabulary: measures")
    methods: list[MeasureMethod] = Field([], description="the assessment method of a measure, when stated")

    @model_validator(mode="after")
    def _methods_are_of_listed_measures(self) -> "OutcomesMeasuredFact":
        stray = [m.measure for m in self.methods if m.measure not in self.measures]
        if stray:
            raise ValueError(f"methods name {', '.join(stray)}, which measures does not list")
        return self


# ---- results ------------------------------------------------------------------------------


class Measurement(Inferring):
    id: str = Field(pattern=SLUG)
    measure: str = Field(description="measure key, see vocabulary: measures")
    as_reported: str | None = None
    arm: str | None = Field(None, pattern=SLUG)
    subgroup: str | None = None
    timepoint: Quantity | None = None
    statistic: Literal["mean", "median", "proportion", "score", "count", "unspecified"] = "unspecified"
    unit: str | None = Field(None, description="unit key of the values; none for a result stated in words only")
    qualitative: str | None = Field(None, description="a result stated in words only: high, complete, restored")
    method: str | None = Field(None, description="assessment method key, see vocabulary: assessment methods")
    response_definition: ResponseDefinition | None = None
    of_participants: Literal["all", "some", "responders"] | None = Field(
        None, description="whom the source says the result holds for (\"in all patients\")")
    baseline: Number | None = None
    followup: Number | None = None
    change: Number | None = None
    change_min: Number | None = None
    change_max: Number | None = None
    value: Number | None = Field(None, description="a single reported value: a score, a percentage")
    sd: Number | None = Field(None, description="standard deviation of the change (or of the value)")
    plus_minus: Number | None = Field(None, description="a ± spread whose type (SD, SE, CI) the source does not state")
    scale_points: int | None = Field(None, description="N of an N-point rating scale")
    n: int | None = None
    p_value: PValue | None = None
    significant: bool | None = None
    compared_with: str | None = Field(None, pattern=SLUG, description="id of the comparator measurement")
    direction: Literal["increase", "decrease", "improvement", "no-change"] | None = None

    @model_validator(mode="after")
    def _numbers_have_a_unit(self) -> "Measurement":
        numbers = [f for f in NUMERIC_RESULT_FIELDS if getattr(self, f) is not None]
        if numbers and self.unit is None:
            raise ValueError(f"unit is required with {', '.join(numbers)}; leave unit out only for a result "
                             "stated in words (qualitative)")
        if self.unit is not None and not numbers:
            raise ValueError(f"unit {self.unit!r} has no number to apply to; leave unit out for a result stated "
                             "in words (a unit the source gives no number in would be invented)")
        if self.unit is None and self.qualitative is None and self.direction is None and self.significant is None:
            raise ValueError("a measurement without numbers states its result in words: give qualitative, "
                             "direction or significant")
        if self.sd is not None and self.plus_minus is not None:
            raise ValueError("give sd (the source says SD) or plus_minus (a ± of unstated type), not both")
        return self


NUMERIC_RESULT_FIELDS = ("baseline", "followup", "change", "change_min", "change_max", "value", "sd", "plus_minus")


class AdverseEvent(Sourced):
    id: str = Field(pattern=SLUG)
    event: str = Field(description="event key, see vocabulary: adverse events; 'none' for a statement that none occurred")
    as_reported: str
    arm: str | None = Field(None, pattern=SLUG)
    percent: Number | None = None
    count: int | None = None
    severity: Literal["mild", "moderate", "severe", "not-severe", "not-serious"] | None = None
    transient: bool | None = None
    site: Literal["injection-site", "scalp", "systemic"] | None = None
    attributed_to: str | None = None
    scope: Literal["any", "serious", "severe", "named"] | None = Field(
        None, description="with event: none, what the source rules out: any event, serious or severe ones, "
                          "or the events named in none_of")
    none_of: list[str] = Field([], description="with scope: named, the event keys the source says did not occur")

    @model_validator(mode="after")
    def _none_has_a_scope(self) -> "AdverseEvent":
        if self.event == "none" and self.scope is None:
            raise ValueError("event: none needs a scope: any (no adverse events at all), serious, severe, "
                             "or named (with none_of: the events ruled out)")
        if self.event != "none" and (self.scope is not None or self.none_of):
            raise ValueError("scope and none_of belong to event: none (a statement that none occurred)")
        if (self.scope == "named") != bool(self.none_of):
            raise ValueError("scope: named goes with none_of (the event keys ruled out), and none_of with scope: named")
        return self


class EvidenceLevel(Sourced):
    level: Literal["I", "II", "III", "IV", "V"]
    scale: Literal["OCEBM", "EBM"] = "OCEBM"


Judgement = Literal["low", "moderate", "serious", "serious-to-critical", "critical", "unclear", "high", "no-information"]


class BiasReason(Strict):
    """A reason the source gives for a judgement ("due to serious confounding, unclear selection
    processes"): the domain it is about, whether it is a concern or a strength, and the judgement its
    words give for that domain ("serious", "unclear"), if any."""

    text: str = Field(min_length=1, description="the reason in the source's words")
    domain: str = Field(description="domain key of the tool the reason is about")
    kind: Literal["concern", "strength"]
    judgement: Judgement | None = Field(None, description="the judgement the words give, e.g. serious in 'serious confounding'")


class BiasJudgement(Sourced):
    domain: str = Field(description="domain key of the tool, see vocabulary: bias domains; 'overall'")
    judgement: Judgement
    as_reported: str | None = None
    reasons: list[BiasReason] = Field([], description="the reasons the source gives for this judgement")


class InferredTool(Sourced):
    """The tool a review's assessment most likely used when the review never names it, with why."""

    tool: Literal["robins-i", "rob-1", "rob-2", "nice-checklist"]
    reasoning: str = Field(min_length=1)


class RiskOfBias(Strict):
    tool: Literal["robins-i", "rob-1", "rob-2", "nice-checklist", "not-named"] = Field(
        description="the tool the source names for this assessment; not-named when it names none (or only "
                    "tools that do not fit), with the inference in inferred_tool")
    tool_as_named: Statements(TextFact) = []
    inferred_tool: InferredTool | None = None
    judgements: list[BiasJudgement]

    @model_validator(mode="after")
    def _unnamed_tool_is_inferred(self) -> "RiskOfBias":
        if self.tool == "not-named" and self.inferred_tool is None and any(j.domain != "overall" for j in self.judgements):
            raise ValueError("tool: not-named with domain judgements needs inferred_tool: the tool whose domains "
                             "these are, with the reasoning and the place that shows it")
        if self.tool != "not-named" and self.inferred_tool is not None:
            raise ValueError("inferred_tool is for tool: not-named; the source names this tool")
        return self

    @property
    def domain_tool(self) -> str:
        """The tool whose domain keys the judgements use."""
        return self.inferred_tool.tool if self.inferred_tool else self.tool


class StudyRecord(Reporting):
    """One primary clinical study, from the documents it names (an article, a preprint, the reviews that
    report it). Which reviews include it is said by the reviews (`included_studies`)."""

    REPORTABLE: ClassVar[tuple[str, ...]] = ("first_author", "year", "countries", "design", "sample_size",
                                             "follow_up", "outcomes_measured", "key_results", "adverse_events")

    id: str = Field(pattern=SLUG)
    label: str
    document: str = Field(pattern=SLUG, description="id of the source record (data/sources/) that every quote "
                                                    "comes from unless a fact names its own document")
    citation: Citation
    registrations: list[Registration] = Field([], description="trial registrations the study reports")
    first_author: Statements(TextFact)
    year: Statements(IntFact)
    countries: Statements(TextListFact)
    design: Statements(DesignFact)
    sample_size: Statements(SampleSizeFact)
    conditions: list[Condition]
    interventions: list[Intervention]
    arms: list[Arm] = []
    follow_up: Statements(FollowUpFact) = []
    outcomes_measured: Statements(OutcomesMeasuredFact) = []
    key_results: Statements(TextFact) = []
    measurements: list[Measurement] = []
    adverse_events: list[AdverseEvent] = []
    evidence_levels: list[EvidenceLevel] = []
    risk_of_bias: list[RiskOfBias] = []
    moderators: list[Moderator] = Field([], description="subgroups or factors the source says change the outcome")
    notes: str | None = None


# ---- reviews ------------------------------------------------------------------------------


class Claim(Sourced):
    """A statement the review makes about its own evidence base. Claims sharing a topic (and subject)
    that state different values are a discrepancy."""

    id: str = Field(pattern=SLUG)
    topic: str = Field(pattern=SLUG, description="kebab-case topic; claims that should agree share topic and about")
    about: str | None = Field(None, description="what the claim is about, e.g. a study id or a design key")
    value: Number | str | list[str] | None = None
    min: Number | None = None
    max: Number | None = None
    unit: str | None = None
    approximate: bool = Field(False, description="the source gives the value as approximate (\"~100–150 nm\")")
    statement: str = Field(description="the claim in a few words")
    about_design: str | None = Field(None, description="a claim about every included study of this design key")
    asserts_source_kind: str | None = Field(None, description="what the claim says those studies' exosome source is "
                                                               "(a source kind key)")

    @model_validator(mode="after")
    def _class_claim_is_whole(self) -> "Claim":
        if (self.about_design is None) != (self.asserts_source_kind is None):
            raise ValueError("about_design and asserts_source_kind go together: a claim about every study of a "
                             "design says what their exosome source is")
        return self


class Comparison(Sourced):
    """An outcome compared between exosome-treated and control groups, as a review reports it."""

    id: str = Field(pattern=SLUG)
    outcome: str
    indication: Curie | None = None
    exosome_value: Number | None = None
    exosome_min: Number | None = None
    exosome_max: Number | None = None
    control_value: Number | None = None
    control_min: Number | None = None
    control_max: Number | None = None
    exosome_count: int | None = None
    control_count: int | None = None
    denominator: int | None = None
    unit: str | None = Field(None, description="unit key of the values; none when the source gives no values")
    p_value: PValue | None = None
    significant: bool | None = None
    direction: Literal["increase", "decrease", "improvement", "no-change"] | None = Field(
        None, description="the direction of change the source states (\"reducing scar thickness\")")
    sign_convention: Literal["signed", "magnitude"] | None = Field(
        None, description="signed: the values carry their sign (+11.3% vs −3.3%); magnitude: the values are "
                          "sizes of a change in `direction` (reducing scar thickness (32.5% vs. 19.9%))")
    response_definition: ResponseDefinition | None = None

    @model_validator(mode="after")
    def _values_have_unit_and_sign(self) -> "Comparison":
        values = [f for f in COMPARISON_VALUE_FIELDS if getattr(self, f) is not None]
        counts = [f for f in ("exosome_count", "control_count", "denominator") if getattr(self, f) is not None]
        if values and self.unit is None:
            raise ValueError(f"unit is required with {', '.join(values)}")
        if self.unit is not None and not values and not counts:
            raise ValueError(f"unit {self.unit!r} has no value to apply to; leave unit out when the source gives no values")
        if values and self.direction is not None and self.sign_convention is None:
            raise ValueError("a comparison with values and a direction says how the values are signed: "
                             "sign_convention: signed (they carry their sign) or magnitude (sizes of the change)")
        return self


COMPARISON_VALUE_FIELDS = ("exosome_value", "exosome_min", "exosome_max", "control_value", "control_min", "control_max")


class Finding(Sourced):
    id: str = Field(pattern=SLUG)
    topic: str
    indication: Curie | None = None
    statement: str
    count: int | None = None
    denominator: int | None = None


class Inclusion(Sourced):
    """A review includes a study: the place where the review says so (its table of included studies,
    its reference list)."""

    study: str = Field(pattern=SLUG, description="id of a study record in data/studies/")
    reference_number: int | None = Field(None, description="the study's number in the review's reference list")


class ReviewRecord(Reporting):
    """A systematic review: its bibliographic facts, methods, the studies it includes, claims and findings."""

    REPORTABLE: ClassVar[tuple[str, ...]] = ("research_question", "registration", "databases", "search_end",
                                             "bias_tools", "evidence_scale")

    id: str = Field(pattern=SLUG)
    label: str
    document: str = Field(pattern=SLUG, description="id of the review's source record (data/sources/): the "
                                                    "default document of every quote")
    citation: Citation
    included_studies: list[Inclusion] = Field([], description="the study records this review includes")
    registration: Registration | None = None
    research_question: TextFact | None = None
    databases: Statements(TextListFact) = []
    search_end: Statements(TextFact) = []
    eligibility: list[TextFact] = []
    exclusion_criteria: list[TextFact] = []
    bias_tools: Statements(TextFact) = []
    evidence_scale: Statements(TextFact) = []
    claims: list[Claim] = []
    comparisons: list[Comparison] = []
    findings: list[Finding] = []
    adverse_events: list[AdverseEvent] = []
    conclusions: list[TextFact] = []
    notes: str | None = None


# ---- source documents ---------------------------------------------------------------------

DocumentKind = Literal["systematic-review", "journal-article", "preprint", "conference-abstract",
                       "registry-record", "curator-notes"]


def _identifier(pattern: str, example: str, what: str) -> Any:
    """A validator that says how an identifier is written instead of showing a regular expression."""
    compiled = re.compile(pattern)

    def check(value: str | None) -> str | None:
        if value is not None and not compiled.fullmatch(value):
            raise ValueError(f"not a {what}; write it as {example}")
        return value

    return check


class Identifiers(Strict):
    """The identifiers of a document, each written the way its registry prints it."""

    doi: str | None = Field(None, description="e.g. 10.2147/CCID.S543451 (no https://doi.org/)")
    pmid: str | None = Field(None, description="PubMed ID, digits only")
    pmcid: str | None = Field(None, description="PubMed Central ID, e.g. PMC1234567")
    nct: str | None = Field(None, description="ClinicalTrials.gov ID, e.g. NCT05658094")
    prospero: str | None = Field(None, description="PROSPERO ID, e.g. CRD420251058477")
    url: str | None = Field(None, description="where the document is published (preprint server, registry)")

    _doi = field_validator("doi")(_identifier(r"10\.\d{4,9}/\S+", "10.2147/CCID.S543451", "DOI"))
    _pmid = field_validator("pmid")(_identifier(r"[1-9]\d{0,8}", "35143117", "PubMed ID"))
    _pmcid = field_validator("pmcid")(_identifier(r"PMC\d+", "PMC8812345", "PubMed Central ID"))
    _nct = field_validator("nct")(_identifier(r"NCT\d{8}", "NCT05658094", "ClinicalTrials.gov ID"))
    _prospero = field_validator("prospero")(_identifier(r"CRD\d{6,}", "CRD420251058477", "PROSPERO ID"))
    _url = field_validator("url")(_identifier(r"https?://\S+", "https://www.medrxiv.org/content/...", "URL"))


class TrialDate(Strict):
    """A registry date as printed ("2024-03" or "2024-03-15"), actual or anticipated."""

    date: str = Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    type: Literal["ACTUAL", "ESTIMATED"] | None = None


class TrialOutcome(Strict):
    measure: str
    time_frame: str | None = None
    description: str | None = None


class TrialIntervention(Strict):
    type: str | None = Field(None, description="DRUG, BIOLOGICAL, DEVICE, PROCEDURE, ...")
    name: str
    description: str | None = None


class Enrollment(Strict):
    count: int = Field(ge=0)
    type: Literal["ACTUAL", "ESTIMATED"] | None = None


class Trial(Strict):
    """A trial registry record as the registry states it (written by `exograph import-registry` from a
    ClinicalTrials.gov API v2 study file; every value is the registry's own, enumerations as printed)."""

    registry: Literal["ClinicalTrials.gov"]
    nct_id: str = Field(pattern=r"^NCT\d{8}$")
    title: str
    official_title: str | None = None
    status: str
    phases: list[str] = []
    study_type: str | None = None
    allocation: str | None = None
    intervention_model: str | None = None
    masking: str | None = None
    conditions: list[str] = []
    interventions: list[TrialIntervention] = []
    enrollment: Enrollment | None = None
    start: TrialDate | None = None
    primary_completion: TrialDate | None = None
    completion: TrialDate | None = None
    first_posted: TrialDate | None = None
    last_update_posted: TrialDate | None = None
    sponsor: str | None = None
    primary_outcomes: list[TrialOutcome] = []
    secondary_outcomes: list[TrialOutcome] = []
    has_results: bool | None = Field(None, description="results posted on the registry")


class SourceRecord(Strict):
    """A document facts are quoted from: its kind, citation, identifiers and where its text is."""

    id: str = Field(pattern=SLUG)
    kind: DocumentKind
    label: str
    citation: Citation | None = Field(None, description="the document's reference, quoted from its own text")
    identifiers: Identifiers = Identifiers()
    text: str | None = Field(None, description="path of the document's text, relative to data/sources/ or to "
                                               "a configured text folder (e.g. ../shared/seeds)")
    trial: Trial | None = Field(None, description="registry-record only: the registry's record of the trial")
    notes: str | None = None

    @field_validator("text")
    @classmethod
    def _relative_text_path(cls, value: str | None) -> str | None:
        if value is not None and (value.startswith(("/", "\\")) or ".." in value.replace("\\", "/").split("/")):
            raise ValueError("give the text's path relative to data/sources/ or a text folder, without '..' "
                             "(e.g. smith-2025-preprint.md)")
        return value

    @model_validator(mode="after")
    def _registry_records_carry_their_trial(self) -> "SourceRecord":
        if self.kind == "registry-record":
            if self.trial is None or self.identifiers.nct is None:
                raise ValueError("a registry-record needs identifiers.nct and trial (write it with "
                                 "`exograph import-registry FILE`)")
            if self.trial.nct_id != self.identifiers.nct or self.id != self.identifiers.nct.lower():
                raise ValueError(f"a registry record's id is its NCT ID in lower case ({self.identifiers.nct.lower()}) "
                                 "and trial.nct_id equals identifiers.nct")
        elif self.trial is not None:
            raise ValueError("trial is only for kind: registry-record")
        return self

"""Records → triples. One function per part of a record; every node gets a minted IRI (iri.py),
its field path, and the provenance of the fact it holds (document, locator, verbatim quote)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, Iterable

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from exograph import vocab
from exograph.records import schema as s
from exograph.formatting import amount_with_unit
from exograph.records.iri import NodeRef, document_iri, record_ref
from exograph.vocab import BIBO, EXO, FABIO, expand_curie


def number(value: int | float | Decimal) -> Literal:
    """Integers stay xsd:integer; reals become xsd:decimal written exactly as curated (no float noise)."""
    if isinstance(value, bool):
        return Literal(value)
    if isinstance(value, int):
        return Literal(value, datatype=XSD.integer)
    exact = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    # fixed-point text: xsd:decimal has no exponent form ("1E+16" is not a valid decimal)
    return Literal(format(exact, "f"), datatype=XSD.decimal)


def lookup(table: dict[str, Any], key: str, what: str) -> Any:
    """The IRI of a vocabulary key (tuples hold the IRI first). Unknown keys were rejected on load."""
    entry = table[key]
    return entry[0] if isinstance(entry, tuple) else entry


Triple = tuple[URIRef, URIRef, Any]


class Emitter:
    """Collects the triples of one record, once each, in the order the code adds them: a dict used as an
    ordered set (an rdflib Graph's three indexes cost more than the conversion itself, and callers only
    serialize, merge or index the triples). The order keeps readers that take "the first" of several
    values (derived.py) the same in every process; a set's order follows string hashes, which Python
    randomizes per process."""

    def __init__(self, file: str, default_document: str):
        self.triples: dict[Triple, None] = {}
        self.file = file
        self.default_document = default_document

    # -- primitives -------------------------------------------------------------------------
    def add(self, subject: URIRef, predicate: URIRef, obj: Any) -> None:
        if obj is None:
            return
        if isinstance(obj, (URIRef, Literal, BNode)):
            self.triples[subject, predicate, obj] = None
        elif isinstance(obj, (int, float, Decimal)) and not isinstance(obj, bool):
            self.triples[subject, predicate, number(obj)] = None
        else:
            self.triples[subject, predicate, Literal(obj)] = None

    def node(self, ref: NodeRef, *types: URIRef, label: str | None = None) -> URIRef:
        for rdf_type in types:
            self.triples[ref.iri, RDF.type, rdf_type] = None
        self.add(ref.iri, EXO.fieldPath, ref.field_path or "(record)")
        self.add(ref.iri, RDFS.label, label)
        return ref.iri

    def provenance(self, subject: URIRef, fact: s.Sourced) -> None:
        document = fact.document or self.default_document
        self.add(subject, PROV.wasDerivedFrom, document_iri(document))
        self.add(subject, EXO.locator, fact.at)
        self.add(subject, EXO.quote, fact.quote)

    def inferred(self, owner: NodeRef, fact: s.Inferring) -> None:
        """Values of a fact read from another place: one node per place, with that place's quote."""
        for index, inference in enumerate(fact.inferred):
            node = self.node(owner.child("inferred", index), EXO.InferredValue, label=inference.reasoning)
            self.add(owner.iri, EXO.hasInferredValue, node)
            for field in inference.fields:
                self.add(node, EXO.inferredField, field)
            self.add(node, EXO.reasoning, inference.reasoning)
            self.provenance(node, inference)

    def quantity(self, owner: URIRef, predicate: URIRef, ref: NodeRef, q: s.Quantity | None) -> None:
        if q is None:
            return
        amount = f"{q.value}" if q.value is not None else f"{q.min}–{q.max}"
        label = amount_with_unit(amount, q.unit, one=q.value == 1)  # "12 weeks", "140–160 µg": the number as curated
        node = self.node(ref, EXO.Quantity, label=label)
        self.add(owner, predicate, node)
        self.add(node, EXO.numericValue, q.value)
        self.add(node, EXO.minValue, q.min)
        self.add(node, EXO.maxValue, q.max)
        self.add(node, EXO.unit, lookup(vocab.UNITS, q.unit, "unit"))
        self.add(node, EXO.unitKey, q.unit)
        self.add(node, EXO.approximate, Literal(True) if q.approximate else None)

    def response_definition(self, owner: NodeRef, definition: s.ResponseDefinition | None) -> None:
        if definition is None:
            return
        node = self.node(owner.child("response_definition"), EXO.ResponseDefinition, label=definition.as_reported)
        self.add(owner.iri, EXO.hasResponseDefinition, node)
        self.add(node, EXO.asReported, definition.as_reported)
        self.add(node, EXO.thresholdComparator, definition.comparator)
        self.add(node, EXO.threshold, definition.threshold)
        self.add(node, EXO.responseScale, definition.scale)
        for category in definition.categories:
            self.add(node, EXO.responseCategory, category)

    def individual(self, owner: URIRef, predicate: URIRef, ref: NodeRef, curie: str | None) -> None:
        """An individual typed by an external class (a tissue sample, a cell, an organism)."""
        if curie is None:
            return
        node = self.node(ref, expand_curie(curie))
        self.add(owner, predicate, node)

    def statements(self, owner: NodeRef, field: str, predicate: URIRef, facts: Iterable[s.Sourced],
                   values: Any) -> list[URIRef]:
        """Direct triples owner→value, each also reified as an rdf:Statement carrying its provenance,
        so two statements of one field that disagree stay side by side."""
        made = []
        for index, (fact, value) in enumerate(zip(facts, values)):
            ref = owner.child(field, index)
            node = self.node(ref, RDF.Statement, EXO.FieldStatement)
            for item in value if isinstance(value, list) else [value]:
                obj = item if isinstance(item, URIRef) else (number(item) if isinstance(item, (int, float)) else Literal(item))
                self.add(owner.iri, predicate, obj)
                self.add(node, RDF.object, obj)
            self.add(node, RDF.subject, owner.iri)
            self.add(node, RDF.predicate, predicate)
            self.add(node, EXO.asReported, getattr(fact, "as_reported", None))
            self.provenance(node, fact)
            made.append(node)
        return made


# ---- studies ----------------------------------------------------------------------------------


def study_triples(record: s.StudyRecord, file: str) -> list[Triple]:
    out = Emitter(file, record.document)
    ref = record_ref("study", record.id)
    study = out.node(ref, EXO.Study, label=record.label)
    out.add(study, EXO.curatedIn, file)
    out.add(study, EXO.recordId, record.id)
    _cited_documents(out, study, record)
    _citation(out, ref, record.citation, FABIO.JournalArticle)
    for index, registration in enumerate(record.registrations):
        _registration(out, ref, ref.child("registrations", index), registration)
    _not_reported(out, ref, record)
    out.statements(ref, "first_author", EXO.firstAuthor, record.first_author, [f.value for f in record.first_author])
    out.statements(ref, "year", EXO.publicationYear, record.year, [f.value for f in record.year])
    out.statements(ref, "countries", EXO.country, record.countries, [f.value for f in record.countries])
    designs = [vocab.DESIGNS[f.value] for f in record.design]
    design_nodes = out.statements(ref, "design", EXO.hasDesign, record.design, designs)
    for design, fact, node in zip(designs, record.design, design_nodes):
        out.triples[study, RDF.type, design] = None
        for qualifier in fact.qualifiers:
            out.add(study, EXO.designQualifier, qualifier)
            out.add(node, EXO.statedQualifier, vocab.DESIGN_QUALIFIERS[qualifier])
    _sample_size(out, ref, record.sample_size)
    for index, condition in enumerate(record.conditions):
        _condition(out, ref.child("conditions", index), condition)
    arm_iris = {arm.id: ref.child("arms", arm.id).iri for arm in record.arms}
    for intervention in record.interventions:
        _intervention(out, ref, intervention)
    for arm in record.arms:
        _arm(out, ref, arm)
    for index, fact in enumerate(record.follow_up):
        _follow_up(out, ref.child("follow_up", index), fact)
    for index, fact in enumerate(record.outcomes_measured):
        node = out.node(ref.child("outcomes_measured", index), EXO.OutcomesMeasuredStatement, label=fact.as_reported)
        out.add(study, EXO.hasOutcomesMeasured, node)
        for measure in fact.measures:
            out.add(node, EXO.measure, lookup(vocab.MEASURES, measure, "measure"))
            out.add(study, EXO.measuresOutcome, lookup(vocab.MEASURES, measure, "measure"))
        for k, pair in enumerate(fact.methods):
            method = out.node(ref.child("outcomes_measured", index).child("methods", k), EXO.MeasureAssessment,
                              label=f"{pair.measure} by {pair.method}")
            out.add(node, EXO.hasMeasureAssessment, method)
            out.add(method, EXO.measure, lookup(vocab.MEASURES, pair.measure, "measure"))
            out.add(method, EXO.assessmentMethod, vocab.ASSESSMENT_METHODS[pair.method])
        out.provenance(node, fact)
    out.statements(ref, "key_results", EXO.keyResults, record.key_results, [f.value for f in record.key_results])
    for m in record.measurements:
        _measurement(out, ref, m, arm_iris)
    for event in record.adverse_events:
        _adverse_event(out, ref, event, arm_iris)
    for index, level in enumerate(record.evidence_levels):
        node = out.node(ref.child("evidence_levels", index), EXO.EvidenceLevelAssignment, label=f"Level {level.level}")
        out.add(study, EXO.hasEvidenceLevelAssignment, node)
        out.add(node, EXO.evidenceLevel, vocab.EVIDENCE_LEVELS[level.level])
        out.add(study, EXO.evidenceLevel, vocab.EVIDENCE_LEVELS[level.level])
        out.add(node, EXO.scaleName, level.scale)
        out.provenance(node, level)
    for assessment in record.risk_of_bias:
        _risk_of_bias(out, ref, assessment)
    for moderator in record.moderators:
        _moderator(out, ref, moderator)
    out.add(study, RDFS.comment, record.notes)
    return list(out.triples)


def _citation(out: Emitter, owner: NodeRef, citation: s.Citation, kind: URIRef) -> None:
    node = out.node(owner.child("citation"), kind, label=citation.title)
    out.add(owner.iri, DCTERMS.bibliographicCitation, node)
    out.add(node, DCTERMS.creator, citation.authors)
    out.add(node, DCTERMS.title, citation.title)
    out.add(node, EXO.journal, citation.journal)
    out.add(node, EXO.publicationYear, citation.year)
    out.add(node, BIBO.volume, citation.volume)
    out.add(node, BIBO.issue, citation.issue)
    out.add(node, BIBO.pages, citation.pages)
    out.add(node, BIBO.doi, citation.doi)
    out.add(node, BIBO.issn, citation.issn)
    out.provenance(node, citation)
    for index, part in enumerate(citation.stated_in):
        part_node = out.node(owner.child("citation").child("stated_in", index), EXO.CitationPartStatement,
                             label=", ".join(part.parts))
        out.add(node, EXO.partlyStatedIn, part_node)
        for name in part.parts:
            out.add(part_node, EXO.statesCitationField, name)
        out.provenance(part_node, part)


def _sample_size(out: Emitter, ref: NodeRef, facts: list[s.SampleSizeFact]) -> None:
    nodes = out.statements(ref, "sample_size", EXO.sampleSize, facts, [f.value for f in facts])
    for index, (node, fact) in enumerate(zip(nodes, facts)):
        for group in fact.groups:
            group_node = out.node(ref.child("sample_size", index).child("groups", group.label), EXO.ParticipantGroup, label=group.label)
            out.add(ref.iri, EXO.hasParticipantGroup, group_node)
            out.add(group_node, EXO.groupSize, group.n)
            out.add(group_node, EXO.sex, group.sex)
            out.provenance(group_node, fact)
        if fact.flow:
            for stage in ("assessed", "excluded", "allocated", "analysed"):
                out.add(ref.iri, EXO[f"participants{stage.capitalize()}"], getattr(fact.flow, stage))


def _condition(out: Emitter, ref: NodeRef, condition: s.Condition) -> None:
    study = ref.iri.rsplit("/conditions/", 1)[0]
    node = out.node(ref, EXO.StudiedCondition, expand_curie(condition.indication), label=condition.as_reported)
    out.add(URIRef(study), EXO.hasCondition, node)
    out.add(URIRef(study), EXO.indication, expand_curie(condition.indication))
    out.add(node, EXO.indication, expand_curie(condition.indication))
    out.add(node, EXO.asReported, condition.as_reported)
    out.add(node, EXO.subgroup, condition.subgroup)
    for index, severity in enumerate(condition.severity):
        sev = out.node(ref.child("severity", index), EXO.SeverityRange,
                       label=f"{severity.scale} {severity.lowest}–{severity.highest}")
        out.add(node, EXO.hasSeverityRange, sev)
        out.add(sev, EXO.severityScale, severity.scale)
        out.add(sev, EXO.lowestGrade, severity.lowest)
        out.add(sev, EXO.highestGrade, severity.highest)
        out.add(sev, EXO.appliesToGroup, severity.group)
    for index, qualifier in enumerate(condition.qualifiers):
        qual = out.node(ref.child("qualifiers", index), EXO.PopulationQualifierStatement, label=qualifier.as_reported)
        out.add(node, EXO.hasPopulationQualifier, qual)
        out.add(qual, EXO.qualifierKind, vocab.POPULATION_QUALIFIERS[qualifier.key])
        out.add(qual, EXO.asReported, qualifier.as_reported)
    if condition.qualifiers:
        out.add(node, EXO.qualifiersJoinedBy, condition.qualifiers_joined_by)
    out.provenance(node, condition)


def _intervention(out: Emitter, study: NodeRef, intervention: s.Intervention) -> None:
    ref = study.child("interventions", intervention.id)
    kind = EXO.ExperimentalIntervention if intervention.role == "experimental" else EXO.ComparatorIntervention
    node = out.node(ref, EXO.Intervention, kind, label=intervention.label)
    out.add(study.iri, EXO.hasIntervention, node)
    out.add(node, EXO.comparatorKind, intervention.comparator)
    out.statements(ref, "as_reported", EXO.asReported, intervention.as_reported,
                   [f.value for f in intervention.as_reported])
    _not_reported(out, ref, intervention)
    for index, source in enumerate(intervention.sources):
        _source(out, ref.child("sources", index), node, source, study.iri)
    for index, prep in enumerate(intervention.preparation):
        _preparation(out, ref.child("preparation", index), node, prep)
    for index, adm in enumerate(intervention.administration):
        _administration(out, ref.child("administration", index), node, adm, study.iri)
    for index, adjunct in enumerate(intervention.adjuncts):
        adj = out.node(ref.child("adjuncts", index), EXO.AdjunctProcedure, lookup(vocab.ADJUNCTS, adjunct.kind, "adjunct"),
                       label=adjunct.as_reported)
        out.add(node, EXO.hasAdjunct, adj)
        out.add(node, EXO.adjunctKind, lookup(vocab.ADJUNCTS, adjunct.kind, "adjunct"))
        out.add(adj, EXO.appliedTo, adjunct.applied_to)
        out.quantity(adj, EXO.depth, ref.child("adjuncts", index).child("depth"), adjunct.depth)
        out.quantity(adj, EXO.wavelength, ref.child("adjuncts", index).child("wavelength"), adjunct.wavelength)
        out.provenance(adj, adjunct)


def _source(out: Emitter, ref: NodeRef, intervention: URIRef, source: s.ExosomeSource, study: URIRef) -> None:
    node = out.node(ref, EXO.ExosomeSource, vocab.SOURCE_KINDS[source.kind], label=source.label)
    out.add(intervention, EXO.usesExosomeSource, node)
    out.add(study, EXO.usesExosomeSource, node)
    out.add(node, EXO.asReported, source.as_reported)
    out.add(node, EXO.sourceKind, source.kind)
    out.add(node, EXO.origin, source.origin)
    out.add(node, EXO.vesicleType, vocab.VESICLES[source.vesicle])
    out.individual(node, EXO.derivedFromTissue, ref.child("tissue"), source.tissue)
    out.individual(node, EXO.derivedFromCell, ref.child("cell_type"), source.cell_type)
    for index, organism in enumerate(source.organisms):
        out.individual(node, EXO.derivedFromOrganism, ref.child("organisms", index), organism)
    out.provenance(node, source)


def _preparation(out: Emitter, ref: NodeRef, intervention: URIRef, prep: s.Preparation) -> None:
    node = out.node(ref, EXO.ExosomePreparation, label=prep.as_reported)
    out.add(intervention, EXO.hasPreparation, node)
    out.add(node, EXO.asReported, prep.as_reported)
    for method in prep.isolation:
        out.add(node, EXO.isolationMethod, lookup(vocab.METHODS, method, "method"))
    for method in prep.characterization:
        out.add(node, EXO.characterizationMethod, lookup(vocab.METHODS, method, "method"))
    for index, dose in enumerate(prep.doses):
        dose_ref = ref.child("doses", index)
        dose_node = out.node(dose_ref, EXO.Dose, label=dose.kind)
        out.add(node, EXO.hasDose, dose_node)
        out.add(dose_node, EXO.doseKind, dose.kind)
        out.quantity(dose_node, EXO.amount, dose_ref.child("quantity"), dose.quantity)
    out.add(node, EXO.productName, prep.product)
    out.add(node, EXO.manufacturer, prep.manufacturer)
    out.add(node, EXO.dilution, prep.dilution)
    out.provenance(node, prep)
    out.inferred(ref, prep)


def _administration(out: Emitter, ref: NodeRef, intervention: URIRef, adm: s.Administration, study: URIRef) -> None:
    node = out.node(ref, EXO.Administration, label=adm.as_reported)
    out.add(intervention, EXO.hasAdministration, node)
    out.add(node, EXO.asReported, adm.as_reported)
    for route in adm.routes:
        out.add(node, EXO.route, vocab.ROUTES[route])
        out.add(study, EXO.route, vocab.ROUTES[route])
    for technique in adm.technique:
        out.add(node, EXO.technique, lookup(vocab.TECHNIQUES, technique, "technique"))
    out.add(node, EXO.needleGauge, adm.needle_gauge)
    out.add(node, EXO.injectionSites, adm.sites)
    for field in ("volume_per_site", "volume_per_area", "total_volume", "spacing", "sessions", "interval", "duration"):
        camel = "".join(part.capitalize() if i else part for i, part in enumerate(field.split("_")))
        out.quantity(node, EXO[camel], ref.child(field), getattr(adm, field))
    out.provenance(node, adm)
    out.inferred(ref, adm)


def _arm(out: Emitter, study: NodeRef, arm: s.Arm) -> None:
    ref = study.child("arms", arm.id)
    intervention = study.child("interventions", arm.intervention).iri
    node = out.node(ref, EXO.StudyArm, label=arm.label)
    out.add(study.iri, EXO.hasArm, node)
    out.add(node, EXO.receives, intervention)
    out.add(node, EXO.armSize, arm.n)
    out.provenance(node, arm)


def _follow_up(out: Emitter, ref: NodeRef, fact: s.FollowUpFact) -> None:
    study = URIRef(str(ref.iri).rsplit("/follow_up/", 1)[0])
    node = out.node(ref, EXO.FollowUp, label=fact.as_reported)
    out.add(study, EXO.hasFollowUp, node)
    out.quantity(node, EXO.duration, ref.child("duration"), fact.duration)
    for index, point in enumerate(fact.timepoints):
        out.quantity(node, EXO.assessmentTimepoint, ref.child("timepoints", index), point)
    out.provenance(node, fact)
    out.inferred(ref, fact)


def _measurement(out: Emitter, study: NodeRef, m: s.Measurement, arm_iris: dict[str, URIRef]) -> None:
    ref = study.child("measurements", m.id)
    node = out.node(ref, EXO.OutcomeMeasurement, label=m.as_reported or m.id)
    out.add(study.iri, EXO.hasMeasurement, node)
    out.add(node, EXO.ofStudy, study.iri)
    out.add(node, EXO.measure, lookup(vocab.MEASURES, m.measure, "measure"))
    out.add(node, EXO.measureKey, m.measure)
    out.add(node, EXO.arm, arm_iris.get(m.arm) if m.arm else None)
    out.add(node, EXO.subgroup, m.subgroup)
    out.quantity(node, EXO.timepoint, ref.child("timepoint"), m.timepoint)
    out.add(node, EXO.statistic, vocab.STATISTICS[m.statistic])
    out.add(node, EXO.unit, lookup(vocab.UNITS, m.unit, "unit") if m.unit else None)
    out.add(node, EXO.unitKey, m.unit)
    out.add(node, EXO.qualitativeResult, m.qualitative)
    out.add(node, EXO.assessmentMethod, vocab.ASSESSMENT_METHODS[m.method] if m.method else None)
    out.add(node, EXO.ofParticipants, m.of_participants)
    out.response_definition(ref, m.response_definition)
    for field, predicate in (("baseline", EXO.baselineValue), ("followup", EXO.followupValue),
                             ("change", EXO.changeValue), ("change_min", EXO.changeMin),
                             ("change_max", EXO.changeMax), ("value", EXO.reportedValue),
                             ("sd", EXO.standardDeviation), ("plus_minus", EXO.plusMinusUnstatedType),
                             ("scale_points", EXO.scalePoints), ("n", EXO.participants)):
        out.add(node, predicate, getattr(m, field))
    if m.p_value:
        out.add(node, EXO.pValue, m.p_value.value)
        out.add(node, EXO.pValueComparator, m.p_value.comparator)
    out.add(node, EXO.significant, Literal(m.significant) if m.significant is not None else None)
    out.add(node, EXO.comparedWith, study.child("measurements", m.compared_with).iri if m.compared_with else None)
    out.add(node, EXO.direction, m.direction)
    out.add(node, EXO.asReported, m.as_reported)
    out.provenance(node, m)
    out.inferred(ref, m)


def _adverse_event(out: Emitter, owner: NodeRef, event: s.AdverseEvent, arm_iris: dict[str, URIRef]) -> None:
    ref = owner.child("adverse_events", event.id)
    node = out.node(ref, EXO.AdverseEventReport, lookup(vocab.ADVERSE_EVENTS, event.event, "event"),
                    label=event.as_reported)
    out.add(owner.iri, EXO.hasAdverseEvent, node)
    out.add(node, EXO.eventType, lookup(vocab.ADVERSE_EVENTS, event.event, "event"))
    out.add(node, EXO.eventKey, event.event)
    out.add(node, EXO.asReported, event.as_reported)
    out.add(node, EXO.arm, arm_iris.get(event.arm) if event.arm else None)
    out.add(node, EXO.percentAffected, event.percent)
    out.add(node, EXO.participantsAffected, event.count)
    out.add(node, EXO.severity, event.severity)
    out.add(node, EXO.transient, Literal(event.transient) if event.transient is not None else None)
    out.add(node, EXO.site, event.site)
    out.add(node, EXO.attributedTo, event.attributed_to)
    out.add(node, EXO.noneScope, vocab.NONE_SCOPES[event.scope] if event.scope else None)
    for key in event.none_of:
        out.add(node, EXO.ruledOutEvent, lookup(vocab.ADVERSE_EVENTS, key, "event"))
    out.provenance(node, event)


def _risk_of_bias(out: Emitter, study: NodeRef, assessment: s.RiskOfBias) -> None:
    ref = study.child("risk_of_bias", assessment.tool)
    node = out.node(ref, EXO.RiskOfBiasAssessment, label=assessment.tool)
    out.add(study.iri, EXO.hasRiskOfBiasAssessment, node)
    out.add(node, EXO.biasTool, vocab.BIAS_TOOLS[assessment.tool])
    out.statements(ref, "tool_as_named", EXO.toolAsNamed, assessment.tool_as_named,
                   [f.value for f in assessment.tool_as_named])
    if assessment.inferred_tool:
        inference = out.node(ref.child("inferred_tool"), EXO.InferredValue, label=assessment.inferred_tool.reasoning)
        out.add(node, EXO.hasInferredValue, inference)
        out.add(inference, EXO.inferredField, "tool")
        out.add(inference, EXO.inferredTool, vocab.BIAS_TOOLS[assessment.inferred_tool.tool])
        out.add(node, EXO.inferredTool, vocab.BIAS_TOOLS[assessment.inferred_tool.tool])
        out.add(inference, EXO.reasoning, assessment.inferred_tool.reasoning)
        out.provenance(inference, assessment.inferred_tool)
    for index, j in enumerate(assessment.judgements):
        jn = out.node(ref.child("judgements", index), EXO.BiasJudgement,
                      label=f"{j.domain}: {j.judgement}")
        out.add(node, EXO.hasJudgement, jn)
        out.add(jn, EXO.biasDomain, vocab.domain_iri(assessment.domain_tool, j.domain))
        out.add(jn, EXO.domainKey, j.domain)
        out.add(jn, EXO.judgement, vocab.judgement_iri(j.judgement))
        out.add(jn, EXO.judgementKey, j.judgement)
        out.add(jn, EXO.asReported, j.as_reported)
        for k, reason in enumerate(j.reasons):
            rn = out.node(ref.child("judgements", index).child("reasons", k), EXO.BiasReason, label=reason.text)
            out.add(jn, EXO.hasReason, rn)
            out.add(rn, EXO.reasonText, reason.text)
            out.add(rn, EXO.reasonDomain, vocab.domain_iri(assessment.domain_tool, reason.domain))
            out.add(rn, EXO.reasonDomainKey, reason.domain)
            out.add(rn, EXO.reasonKind, reason.kind)
            out.add(rn, EXO.reasonJudgement, vocab.judgement_iri(reason.judgement) if reason.judgement else None)
            out.add(rn, EXO.reasonJudgementKey, reason.judgement)
        out.provenance(jn, j)


def _moderator(out: Emitter, study: NodeRef, moderator: s.Moderator) -> None:
    ref = study.child("moderators", moderator.id)
    node = out.node(ref, EXO.OutcomeModerator, label=moderator.as_reported)
    out.add(study.iri, EXO.hasModerator, node)
    out.add(node, EXO.moderatorFactor, vocab.moderator_iri(moderator.factor))
    out.add(node, EXO.asReported, moderator.as_reported)
    out.add(node, EXO.subgroup, moderator.subgroup)
    out.add(node, EXO.factorLevel, moderator.level)
    out.add(node, EXO.moderatorEffect, moderator.effect)
    out.add(node, EXO.measure, lookup(vocab.MEASURES, moderator.measure, "measure") if moderator.measure else None)
    out.quantity(node, EXO.factorRange, ref.child("range"), moderator.range)
    out.provenance(node, moderator)


# ---- reviews ----------------------------------------------------------------------------------


def review_triples(record: s.ReviewRecord, file: str, study_ids: set[str]) -> list[Triple]:
    out = Emitter(file, record.document)
    ref = record_ref("review", record.id)
    review = out.node(ref, EXO.SystematicReview, label=record.label)
    out.add(review, EXO.curatedIn, file)
    out.add(review, EXO.recordId, record.id)
    out.add(review, EXO.sourceDocument, document_iri(record.document))
    _cited_documents(out, review, record)
    _citation(out, ref, record.citation, FABIO.SystematicReview)
    for inclusion in record.included_studies:
        _inclusion(out, ref, inclusion)
    if record.registration:
        _registration(out, ref, ref.child("registration"), record.registration)
    _not_reported(out, ref, record)
    if record.research_question:
        out.statements(ref, "research_question", EXO.researchQuestion, [record.research_question],
                       [record.research_question.value])
    out.statements(ref, "databases", EXO.databaseSearched, record.databases, [f.value for f in record.databases])
    out.statements(ref, "search_end", EXO.searchEnd, record.search_end, [f.value for f in record.search_end])
    out.statements(ref, "eligibility", EXO.eligibilityCriterion, record.eligibility, [f.value for f in record.eligibility])
    out.statements(ref, "exclusion_criteria", EXO.exclusionCriterion, record.exclusion_criteria,
                   [f.value for f in record.exclusion_criteria])
    out.statements(ref, "bias_tools", EXO.biasToolNamed, record.bias_tools, [f.value for f in record.bias_tools])
    out.statements(ref, "evidence_scale", EXO.evidenceScale, record.evidence_scale, [f.value for f in record.evidence_scale])
    out.statements(ref, "conclusions", EXO.conclusion, record.conclusions, [f.value for f in record.conclusions])
    for claim in record.claims:
        _claim(out, ref, claim, study_ids)
    for comparison in record.comparisons:
        _comparison(out, ref, comparison)
    for finding in record.findings:
        node = out.node(ref.child("findings", finding.id), EXO.Finding, label=finding.statement)
        out.add(review, EXO.hasFinding, node)
        out.add(node, EXO.topic, finding.topic)
        out.add(node, EXO.indication, expand_curie(finding.indication) if finding.indication else None)
        out.add(node, EXO.affectedCount, finding.count)
        out.add(node, EXO.denominator, finding.denominator)
        out.provenance(node, finding)
    for event in record.adverse_events:
        _adverse_event(out, ref, event, {})
    out.add(review, RDFS.comment, record.notes)
    return list(out.triples)


def _claim(out: Emitter, review: NodeRef, claim: s.Claim, study_ids: set[str]) -> None:
    node = out.node(review.child("claims", claim.id), EXO.Claim, EXO.StatedClaim, label=claim.statement)
    out.add(review.iri, EXO.hasClaim, node)
    out.add(node, EXO.topic, claim.topic)
    if claim.about:
        about = record_ref("study", claim.about).iri if claim.about in study_ids else None
        out.add(node, EXO.about, about)
        out.add(node, EXO.aboutKey, claim.about)
    values = claim.value if isinstance(claim.value, list) else [claim.value]
    for value in values:
        out.add(node, EXO.claimedValue, value)
    out.add(node, EXO.claimedMin, claim.min)
    out.add(node, EXO.claimedMax, claim.max)
    out.add(node, EXO.unitKey, claim.unit)
    out.add(node, EXO.unit, lookup(vocab.UNITS, claim.unit, "unit") if claim.unit in vocab.UNITS else None)
    out.add(node, EXO.approximate, Literal(True) if claim.approximate else None)
    out.add(node, EXO.aboutDesign, vocab.DESIGNS[claim.about_design] if claim.about_design else None)
    out.add(node, EXO.assertsSourceKind,
            vocab.SOURCE_KINDS[claim.asserts_source_kind] if claim.asserts_source_kind else None)
    out.provenance(node, claim)


def _comparison(out: Emitter, review: NodeRef, c: s.Comparison) -> None:
    node = out.node(review.child("comparisons", c.id), EXO.OutcomeComparison, label=c.outcome)
    out.add(review.iri, EXO.hasComparison, node)
    out.add(node, EXO.outcomeName, c.outcome)
    out.add(node, EXO.measure, vocab.MEASURES[c.outcome][0] if c.outcome in vocab.MEASURES else None)
    out.add(node, EXO.indication, expand_curie(c.indication) if c.indication else None)
    for field in ("exosome_value", "exosome_min", "exosome_max", "control_value", "control_min", "control_max",
                  "exosome_count", "control_count", "denominator"):
        camel = "".join(part.capitalize() if i else part for i, part in enumerate(field.split("_")))
        out.add(node, EXO[camel], getattr(c, field))
    out.add(node, EXO.unit, lookup(vocab.UNITS, c.unit, "unit") if c.unit else None)
    out.add(node, EXO.unitKey, c.unit)
    out.add(node, EXO.direction, c.direction)
    out.add(node, EXO.signConvention, c.sign_convention)
    out.response_definition(review.child("comparisons", c.id), c.response_definition)
    if c.p_value:
        out.add(node, EXO.pValue, c.p_value.value)
        out.add(node, EXO.pValueComparator, c.p_value.comparator)
    out.add(node, EXO.significant, Literal(c.significant) if c.significant is not None else None)
    out.provenance(node, c)


# ---- documents, registrations, inclusions, reporting gaps ---------------------------------------

# The property each field that may be recorded as not reported would have carried.
NOT_REPORTED_PREDICATES = {
    "first_author": EXO.firstAuthor, "year": EXO.publicationYear, "countries": EXO.country,
    "design": EXO.hasDesign, "sample_size": EXO.sampleSize, "follow_up": EXO.hasFollowUp,
    "outcomes_measured": EXO.hasOutcomesMeasured, "key_results": EXO.keyResults,
    "adverse_events": EXO.hasAdverseEvent, "sources": EXO.usesExosomeSource, "preparation": EXO.hasPreparation,
    "administration": EXO.hasAdministration, "research_question": EXO.researchQuestion,
    "registration": EXO.hasRegistration, "databases": EXO.databaseSearched, "search_end": EXO.searchEnd,
    "bias_tools": EXO.biasToolNamed, "evidence_scale": EXO.evidenceScale,
}


def _cited_documents(out: Emitter, record_node: URIRef, record: s.StudyRecord | s.ReviewRecord) -> None:
    """record exo:citesDocument each document its facts come from (its default document first)."""
    from exograph.records.links import cited_documents

    for document, _ in cited_documents(record):
        out.add(record_node, EXO.citesDocument, document_iri(document))


def _registration(out: Emitter, owner: NodeRef, ref: NodeRef, reg: s.Registration) -> None:
    node = out.node(ref, EXO.Registration, label=f"{reg.registry} {reg.identifier}")
    out.add(owner.iri, EXO.hasRegistration, node)
    out.add(node, EXO.registry, reg.registry)
    out.add(node, DCTERMS.identifier, reg.identifier)
    out.add(node, DCTERMS.date, Literal(reg.date, datatype=XSD.date) if reg.date else None)
    if owner.record_kind == "study" and re.fullmatch(r"NCT\d{8}", reg.identifier):
        # a registry record's id is its NCT ID in lower case (import-registry): the link needs no lookup
        out.add(owner.iri, EXO.registeredAs, document_iri(reg.identifier.lower()))
    out.provenance(node, reg)


def _inclusion(out: Emitter, review: NodeRef, inclusion: s.Inclusion) -> None:
    """The review includes the study: a direct link, and a node with the review's reference number and
    the place where the review says so."""
    study = record_ref("study", inclusion.study).iri
    node = out.node(review.child("included_studies", inclusion.study), EXO.ReviewInclusion,
                    label=f"includes {inclusion.study}")
    out.add(review.iri, EXO.reviewIncludes, study)
    out.add(review.iri, EXO.hasInclusion, node)
    out.add(node, EXO.includedStudy, study)
    out.add(node, EXO.referenceNumber, inclusion.reference_number)
    out.provenance(node, inclusion)


def _not_reported(out: Emitter, owner: NodeRef, model: s.Reporting) -> None:
    """Each field the source does not state: owner exo:notReported <the field's property>, and a
    reporting-gap node saying where the curator looked."""
    for field, gap in model.not_reported.items():
        predicate = NOT_REPORTED_PREDICATES[field]
        node = out.node(owner.child(field), EXO.ReportingGap, label=f"{field}: not reported")
        out.add(owner.iri, EXO.notReported, predicate)
        out.add(owner.iri, EXO.hasReportingGap, node)
        out.add(node, EXO.missingField, predicate)
        out.add(node, EXO.fieldName, field)
        out.add(node, EXO.lookedIn, gap.looked_in)
        out.add(node, PROV.wasDerivedFrom, document_iri(gap.document or out.default_document))


# ---- source documents ----------------------------------------------------------------------------


def document_triples(record: s.SourceRecord, file: str) -> list[Triple]:
    """A source document: its kind, identifiers, citation (quoted from its own text), where its text is,
    and for a registry record the registry's record of the trial."""
    out = Emitter(file, record.id)
    ref = record_ref("document", record.id)
    document = out.node(ref, EXO.SourceDocument, vocab.DOCUMENT_KINDS[record.kind], label=record.label)
    out.add(document, EXO.curatedIn, file)
    out.add(document, EXO.recordId, record.id)
    out.add(document, EXO.documentKind, record.kind)
    out.add(document, EXO.fileName, record.text)
    ids = record.identifiers
    for predicate, value in ((BIBO.doi, ids.doi), (BIBO.pmid, ids.pmid), (EXO.pmcid, ids.pmcid),
                             (EXO.nctId, ids.nct), (EXO.prosperoId, ids.prospero)):
        out.add(document, predicate, value)
    out.add(document, BIBO.uri, Literal(ids.url, datatype=XSD.anyURI) if ids.url else None)
    if record.citation:
        _citation(out, ref, record.citation, vocab.DOCUMENT_KINDS[record.kind])
    if record.trial:
        _trial(out, ref, record.trial)
    out.add(document, RDFS.comment, record.notes)
    return list(out.triples)


def _trial(out: Emitter, document: NodeRef, trial: s.Trial) -> None:
    ref = document.child("trial")
    node = out.node(ref, EXO.RegisteredTrial, label=trial.title)
    out.add(document.iri, EXO.describesTrial, node)  # the registry is the document's (kind registry-record)
    out.add(node, DCTERMS.identifier, trial.nct_id)
    out.add(node, DCTERMS.title, trial.title)
    out.add(node, EXO.officialTitle, trial.official_title)
    for field, predicate in (("status", EXO.overallStatus), ("study_type", EXO.studyType),
                             ("allocation", EXO.allocation), ("intervention_model", EXO.interventionModel),
                             ("masking", EXO.masking), ("sponsor", EXO.leadSponsor)):
        out.add(node, predicate, getattr(trial, field))
    for phase in trial.phases:
        out.add(node, EXO.trialPhase, phase)
    for condition in trial.conditions:
        out.add(node, EXO.conditionAsRegistered, condition)
    for index, intervention in enumerate(trial.interventions):
        item = out.node(ref.child("interventions", index), EXO.RegisteredIntervention, label=intervention.name)
        out.add(node, EXO.registeredIntervention, item)
        out.add(item, EXO.interventionType, intervention.type)
        out.add(item, RDFS.comment, intervention.description)
    if trial.enrollment:
        out.add(node, EXO.enrollment, trial.enrollment.count)
        out.add(node, EXO.enrollmentType, trial.enrollment.type)
    for field in ("start", "primary_completion", "completion", "first_posted", "last_update_posted"):
        date = getattr(trial, field)
        if date:
            camel = "".join(part.capitalize() for part in field.split("_"))
            out.add(node, EXO[f"date{camel}"], date.date)  # as printed: a day, a month or a year
            out.add(node, EXO[f"date{camel}Type"], date.type)
    for kind, outcomes in (("primary_outcomes", trial.primary_outcomes), ("secondary_outcomes", trial.secondary_outcomes)):
        for index, outcome in enumerate(outcomes):
            item = out.node(ref.child(kind, index), EXO.RegisteredOutcome, label=outcome.measure)
            out.add(node, EXO.primaryOutcome if kind == "primary_outcomes" else EXO.secondaryOutcome, item)
            out.add(item, EXO.timeFrame, outcome.time_frame)
            out.add(item, RDFS.comment, outcome.description)
    if trial.has_results is not None:
        out.add(node, EXO.resultsPosted, Literal(trial.has_results))

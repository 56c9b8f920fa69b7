"""Appraisal results as triples: every computed fact is an exo:DerivedFact node with its method
(exo:method), the library function that computed it (exo:computedWith), the statistical method where
STATO names one (exo:usesStatisticalMethod) and the curated facts it used (prov:wasDerivedFrom). None
carries a quote or a locator: no source states it.

IRIs: a record's results sit under <record>/appraisal/…; a body of evidence under
exd:appraisal/body/<outcome>/<source>/<indication>.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS

from exograph import vocab
from exograph.appraisal import COMPUTED_BY_RULE
from exograph.appraisal.bodies import Body
from exograph.appraisal.dose import Span
from exograph.appraisal.records import CheckOf, DoseOf, StudyAppraisal
from exograph.appraisal.synthesis import NotPooled, Pooled
from exograph.formatting import confidence_interval, units_in_text
from exograph.records.iri import slug
from exograph.records.triples import number
from exograph.vocab import EXD, EXO, OBO

Triple = tuple[URIRef, URIRef, "URIRef | Literal"]
CERTAINTY_RANK = {"high": 4, "moderate": 3, "low": 2, "very low": 1}
CERTAINTY_METHOD = "GRADE-style certainty by explicit rules (docs/appraisal.md)"

# STATO terms (checked in ontology/imports/stato_import.ttl)
TEST_METHODS = {
    "Fisher's exact test (two-sided)": OBO.STATO_0000073,
    "Pearson's chi-squared test with Yates' correction": OBO.STATO_0000070,
    "Pearson's chi-squared test without correction": OBO.STATO_0000081,
    "McNemar's exact test": OBO.STATO_0000433,
    "McNemar's chi-squared test with continuity correction": OBO.STATO_0000433,
    "McNemar's chi-squared test without correction": OBO.STATO_0000433,
    "Welch's t-test": OBO.STATO_0000304,
    "Student's t-test": OBO.STATO_0000303,
    "one-sample t-test of the change": OBO.STATO_0000302,
}
EXACT_BINOMIAL_TEST = OBO.STATO_0000298
DERSIMONIAN_LAIRD = OBO.STATO_0000431
MEAN_DIFFERENCE = OBO.STATO_0000457
CHECK_FUNCTIONS = {"grim": "exograph.appraisal.grim.check_grim", "grim-percent": "exograph.appraisal.grim.check_grim_percent",
                   "grimmer": "exograph.appraisal.grim.check_grimmer"}


def rounded(value: float, digits: int = 4) -> Literal:
    """A computed real to `digits` significant digits, as an exact xsd:decimal (every engine prints it alike).
    xsd:decimal has no NaN or infinity: a figure that is not a finite number is an error, never a literal."""
    if not math.isfinite(value):
        raise ValueError(f"{value} is not a finite number: an xsd:decimal cannot hold it (leave the figure out and "
                         "say why)")
    return number(Decimal(f"{value:.{digits}g}"))


class Out:
    """Triples in the order they are added, each once (a dict as an ordered set: an rdflib Graph costs
    more than the computations at thousands of studies)."""

    def __init__(self) -> None:
        self.triples: dict[tuple[URIRef, URIRef, URIRef | Literal], None] = {}

    def add(self, s: URIRef, p: URIRef, o: object) -> None:
        if o is None:
            return
        self.triples[s, p, o if isinstance(o, (URIRef, Literal)) else Literal(o)] = None

    @property
    def graph(self) -> Graph:
        graph = Graph()
        for triple in self.triples:
            graph.add(triple)
        return graph

    def derived(self, node: URIRef, kind: URIRef, label: str, method: str, functions: Iterable[str],
                inputs: Iterable[str], path: str) -> URIRef:
        """A derived fact; `path` names it in reports as a field path names a curated fact."""
        self.add(node, RDF.type, kind)
        self.add(node, EXO.fieldPath, path)
        self.add(node, RDF.type, EXO.DerivedFact)
        self.add(node, RDFS.label, label)
        self.add(node, EXO.method, method)
        for function in sorted(set(functions)):
            self.add(node, EXO.computedWith, function)
        for iri in sorted(set(inputs)):
            self.add(node, PROV.wasDerivedFrom, URIRef(iri))
        return node


# ---- a record's checks, product quality and doses ------------------------------------------------


def emit_study(out: Out, appraisal: StudyAppraisal) -> None:
    study = URIRef(appraisal.study.iri)
    emit_checks(out, study, appraisal.checks)
    _quality(out, study, appraisal)
    for dose in appraisal.doses:
        _dose(out, study, dose)


def emit_checks(out: Out, record: URIRef, checks: Iterable[CheckOf]) -> None:
    for item in checks:
        _check(out, record, item)


def _check(out: Out, record: URIRef, item: CheckOf) -> None:
    check = item.check
    node = URIRef(f"{record}/appraisal/check/{slug(item.key)}")
    functions = [t.function for t in check.tests] or [CHECK_FUNCTIONS.get(check.kind, "exograph.appraisal.pvalues")]
    out.derived(node, EXO.StatisticalCheck, check.explanation, f"{check.kind} consistency check (docs/appraisal.md)",
                functions, item.inputs, f"appraisal.checks[{item.key}]")
    out.add(record, EXO.hasStatisticalCheck, node)
    out.add(node, EXO.checks, URIRef(item.about))
    out.add(node, EXO.checkKind, check.kind)
    out.add(node, EXO.verdict, check.verdict)
    out.add(node, EXO.reportedStatement, check.reported)
    out.add(node, EXO.checkInputs, check.inputs)
    out.add(node, EXO.grossInconsistency, Literal(check.gross))
    for missing in check.missing:
        out.add(node, EXO.missingInput, missing)
    for index, test in enumerate(check.tests):
        result = URIRef(f"{node}/test/{index}")
        out.add(node, EXO.hasTestResult, result)
        out.add(result, RDF.type, EXO.StatisticalTestResult)
        out.add(result, EXO.fieldPath, f"appraisal.checks[{item.key}].tests[{index}]")
        out.add(result, RDFS.label, test.shown())
        out.add(result, EXO.testName, test.test)
        out.add(result, EXO.computedWith, test.function)
        out.add(result, EXO.usesStatisticalMethod, TEST_METHODS.get(test.test))
        out.add(result, EXO.pLow, rounded(test.p_low))
        out.add(result, EXO.pHigh, rounded(test.p_high))
        out.add(result, EXO.reproduces, Literal(test.reproduces))


def _quality(out: Out, study: URIRef, appraisal: StudyAppraisal) -> None:
    quality = appraisal.quality
    node = URIRef(f"{study}/appraisal/product-quality")
    out.derived(node, EXO.ProductQualityScore, f"EV product reporting: {quality.summary}",
                "MISEV2018/MISEV2023 reporting items scored as met / applicable (EV-METRIC style; docs/appraisal.md)",
                ["exograph.appraisal.product.score_product"], appraisal.study.product_inputs or [appraisal.study.iri],
                "appraisal.product_quality")
    out.add(study, EXO.hasProductQualityScore, node)
    out.add(node, EXO.score, rounded(quality.score, 3))
    out.add(node, EXO.itemsMet, Literal(quality.met))
    out.add(node, EXO.itemsApplicable, Literal(quality.applicable))
    for missing in quality.missing:
        out.add(node, EXO.missingItem, missing)
    for item in quality.items:
        result = URIRef(f"{node}/item/{item.key}")
        out.add(node, EXO.hasItemResult, result)
        out.add(result, RDF.type, EXO.ProductQualityItemResult)
        out.add(result, EXO.itemKey, item.key)
        out.add(result, EXO.itemStatus, item.status)
        out.add(result, EXO.reason, item.reason)


def _dose(out: Out, study: URIRef, dose: DoseOf) -> None:
    figure = dose.figure
    node = URIRef(f"{study}/appraisal/dose/{slug(dose.key)}")
    amount = f"{figure.amount} {figure.unit}" if figure.amount else "not computable"
    out.derived(node, EXO.NormalisedDose, f"{amount} per {figure.per}", "multiplication of stated numbers (docs/appraisal.md)",
                ["exograph.appraisal.dose.normalise"], dose.inputs, f"appraisal.doses[{dose.key}]")
    out.add(study, EXO.hasNormalisedDose, node)
    out.add(node, EXO.normalises, URIRef(dose.about))
    out.add(node, EXO.doseBasis, figure.per)
    out.add(node, EXO.unitKey, figure.unit)
    out.add(node, EXO.explanation, units_in_text(figure.how))  # 140–160 µg per session, as the terminal writes units
    out.add(node, EXO.computable, Literal(figure.amount is not None))
    if figure.amount is not None:
        _span(out, node, figure.amount)


def _span(out: Out, node: URIRef, span: Span) -> None:
    if span.low == span.high:
        out.add(node, EXO.amountValue, rounded(span.low, 6))
    else:
        out.add(node, EXO.amountMin, rounded(span.low, 6))
        out.add(node, EXO.amountMax, rounded(span.high, 6))


# ---- bodies of evidence ------------------------------------------------------------------------------


def term_iri(key: str) -> URIRef:
    """A grouping key as a term: a CURIE, or a source kind ('kind:plant')."""
    if key.startswith("kind:"):
        return vocab.SOURCE_KINDS[key[len("kind:"):]]
    return vocab.expand_curie(key)


def body_iri(body: Body) -> URIRef:
    return EXD[f"appraisal/body/{slug(body.measure)}/{slug(body.source)}/{slug(body.indication)}"]


def emit_body(out: Out, body: Body) -> None:
    node = body_iri(body)
    certainty = body.certainty
    inputs = _body_inputs(body)
    path = f"appraisal.bodies[{body.measure}/{body.source}/{body.indication}]"
    out.derived(node, EXO.EvidenceBody, f"{body.measure} · {body.source} · {body.indication}: {certainty.level} certainty",
                CERTAINTY_METHOD, ["exograph.appraisal.certainty.rate"], inputs, path)
    out.add(node, EXO.outcome, vocab.MEASURES[body.measure][0])
    out.add(node, EXO.outcomeKey, body.measure)
    out.add(node, EXO.exosomeSourceTerm, term_iri(body.source))
    out.add(node, EXO.sourceKey, body.source)
    out.add(node, EXO.indication, vocab.expand_curie(body.indication))
    for member in body.members:
        out.add(node, EXO.includesStudy, URIRef(member.study.iri))
    out.add(node, EXO.studyCount, Literal(certainty.studies))
    out.add(node, EXO.patientCount, Literal(certainty.patients))
    out.add(node, EXO.effectAsReported, effect_as_reported(body))
    out.add(node, EXO.certainty, certainty.level)
    out.add(node, EXO.certaintyRank, Literal(CERTAINTY_RANK[certainty.level]))
    out.add(node, EXO.startingCertainty, certainty.start.decision)
    out.add(node, EXO.startReason, certainty.start.reason)
    out.add(node, EXO.downgrades, Literal(certainty.downgrades))
    out.add(node, EXO.downgradeReasons, "; ".join(certainty.reasons) or "none")
    out.add(node, EXO.computedBy, COMPUTED_BY_RULE)
    for decision in certainty.domains:
        domain = URIRef(f"{node}/domain/{slug(decision.domain)}")
        out.add(node, EXO.hasDomainJudgement, domain)
        out.add(domain, RDF.type, EXO.CertaintyDomainJudgement)
        out.add(domain, EXO.fieldPath, f"{path}.domains[{decision.domain}]")
        out.add(domain, RDFS.label, f"{decision.domain}: {decision.decision}")
        out.add(domain, EXO.certaintyDomain, decision.domain)
        out.add(domain, EXO.decision, decision.decision)
        out.add(domain, EXO.levelsDown, Literal(decision.levels))
        out.add(domain, EXO.reason, decision.reason)
    _votes(out, node, body, path)
    for result in body.pooling:
        _pooling(out, node, result, path)


def _body_inputs(body: Body) -> list[str]:
    inputs = []
    for member in body.members:
        study = member.study
        inputs += [m.iri for m in member.measurements] + [member.source_iri, member.condition_iri]
        inputs += [iri for _, iri in study.co_interventions]  # the assessment stands for its judgements
        inputs += [iri for iri in (study.design_iri, study.patients_iri, study.bias_iri) if iri]
    return inputs


def effect_as_reported(body: Body) -> str:
    """Each study's effect in its own words and numbers (nothing converted or combined), its units and
    durations written as a reader writes them (hairs/cm², µm, 12 weeks), as the terminal and page show them."""
    return units_in_text("; ".join(f"{m.study.label}: {_effect_text(m)}" for m in body.members))


def _effect_text(member) -> str:  # noqa: ANN001 - a bodies.Member
    parts = []
    for m in member.measurements[:1] or ():
        unit = "" if m.unit is None else {"percent": "%"}.get(m.unit, f" {m.unit}")
        if m.change is not None:
            parts.append(f"{m.change:+g}{unit}" + (f" (SD {m.sd:g})" if m.sd is not None else ""))
        elif m.baseline is not None and m.followup is not None:
            parts.append(f"{m.baseline:g} → {m.followup:g}{unit}")
        elif m.value is not None:
            parts.append(f"{m.value:g}{unit}")
        else:
            parts.append(m.direction or "no number")
        other = member.study.measurement(m.compared_with) if m.compared_with else None
        if other is not None:
            if other.change is not None:
                parts.append(f"vs {other.change:+g}{unit}")
            else:
                parts.append(f"vs {other.value:g}{unit}" if other.value is not None else "vs (no number)")
        if m.p is not None:
            parts.append(f"({m.p})")
        if m.timepoint:
            parts.append(f"at {m.timepoint}")
    return " ".join(parts)


def _votes(out: Out, body_node: URIRef, body: Body, path: str) -> None:
    votes = body.votes
    node = URIRef(f"{body_node}/votes")
    out.derived(node, EXO.VoteCount, votes.summary, votes.method, [votes.function], [m.study.iri for m in body.members],
                f"{path}.votes")
    out.add(body_node, EXO.hasVoteCount, node)
    out.add(node, EXO.usesStatisticalMethod, EXACT_BINOMIAL_TEST)
    out.add(node, EXO.favouring, Literal(len(votes.favouring)))
    out.add(node, EXO.notFavouring, Literal(len(votes.not_favouring)))
    out.add(node, EXO.withoutDirection, Literal(len(votes.unclear)))
    if votes.proportion is not None:
        out.add(node, EXO.proportionFavouring, rounded(votes.proportion))
        out.add(node, EXO.ciLow, rounded(votes.ci_low))  # type: ignore[arg-type]
        out.add(node, EXO.ciHigh, rounded(votes.ci_high))  # type: ignore[arg-type]
        out.add(node, EXO.signTestP, rounded(votes.p_value))  # type: ignore[arg-type]


def _pooling(out: Out, body_node: URIRef, result: Pooled | NotPooled, body_path: str) -> None:
    comparison, unit = result.studies[0].comparison, result.studies[0].unit
    node = URIRef(f"{body_node}/pooling/{comparison}/{slug(unit)}")
    path = f"{body_path}.pooling[{comparison}/{unit}]"
    if isinstance(result, NotPooled):
        out.derived(node, EXO.PoolingNotPossible, f"not pooled: {result.reason}", "pooling rules (docs/appraisal.md)",
                    ["exograph.appraisal.synthesis.pool"], _study_iris(result.studies), path)
        out.add(node, EXO.reason, result.reason)
    else:
        interval = confidence_interval(result.ci_low, result.ci_high) or "95% CI not computed"
        label = (f"pooled mean difference {result.effect:.3g} {result.unit} ({interval}; "
                 f"τ² = {result.tau2:.3g}; I² = {result.i2:.0%}; {len(result.studies)} studies)")
        out.derived(node, EXO.PooledEstimate, label, result.method, [result.function], _study_iris(result.studies), path)
        for term in (DERSIMONIAN_LAIRD, MEAN_DIFFERENCE):
            out.add(node, EXO.usesStatisticalMethod, term)
        out.add(node, EXO.pooledEffect, rounded(result.effect))
        if result.ci_low is not None:  # a bound that is not a finite number is left out, and the reason says so
            out.add(node, EXO.ciLow, rounded(result.ci_low))
        if result.ci_high is not None:
            out.add(node, EXO.ciHigh, rounded(result.ci_high))
        if result.limitation:
            out.add(node, EXO.reason, result.limitation)
        out.add(node, EXO.tauSquared, rounded(result.tau2))
        out.add(node, EXO.iSquared, rounded(result.i2))
        out.add(node, EXO.studyCount, Literal(len(result.studies)))
        for index, (estimate, weight) in enumerate(zip(result.studies, result.weights)):
            _study_estimate(out, node, index, estimate, weight)
    out.add(body_node, EXO.hasPoolingResult, node)
    out.add(node, EXO.comparisonKind, result.studies[0].comparison)
    out.add(node, EXO.unitKey, result.studies[0].unit)


def _study_estimate(out: Out, pooled: URIRef, index: int, estimate, weight: float) -> None:  # noqa: ANN001
    """One pooled study's effect, 95% CI and random-effects weight (what a forest plot draws)."""
    node = URIRef(f"{pooled}/study/{index}")
    low, high = estimate.ci
    out.add(pooled, EXO.hasStudyEstimate, node)
    out.add(node, RDF.type, EXO.StudyEstimate)
    out.add(node, RDFS.label, estimate.label)
    out.add(node, EXO.includesStudy, EXD[f"study/{slug(estimate.study)}"])
    out.add(node, EXO.studyEffect, rounded(estimate.effect))
    out.add(node, EXO.ciLow, rounded(low))
    out.add(node, EXO.ciHigh, rounded(high))
    out.add(node, EXO.weight, rounded(weight))


def _study_iris(estimates) -> list[str]:  # noqa: ANN001 - synthesis.Estimate
    return [str(EXD[f"study/{slug(e.study)}"]) for e in estimates]

"""Claims computed from the per-study facts, set beside what a review states about its own evidence.

For each review, the studies it includes give totals, counts and ranges (total patients, number
of studies, counts by design and by evidence level, sample-size, publication-year and follow-up ranges,
the range of hair-density changes and the largest thickness change). Each becomes an exo:Claim typed
also exo:ComputedClaim, with the same exo:topic (and exo:aboutKey) keys the curated review claims use,
so a query that pairs claims by topic sets "the review says 298 patients" beside "the records sum to
298" — and lists every topic where the two differ.

A study whose field is stated several times counts with its first statement (the review's Table 1).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable, Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS

from exograph import vocab
from exograph.records.index import TripleIndex
from exograph.records.iri import slug
from exograph.records.triples import number
from exograph.vocab import EXO

LOCATOR = "computed from the study records"
DAYS_PER_UNIT = {"day": Decimal(1), "week": Decimal(7), "month": Decimal("30.4375"), "year": Decimal("365.25")}
_INDEX = re.compile(r"\[(\d+)\]$")
_DESIGN_KEYS = {iri: key for key, iri in vocab.DESIGNS.items()}
_LEVEL_KEYS = {iri: key for key, iri in vocab.EVIDENCE_LEVELS.items()}

Number = Decimal | int


@dataclass
class StudyFacts:
    """The facts of one study that the computed claims use (first statements only)."""

    iri: URIRef
    label: str
    sample_size: int | None = None
    year: int | None = None
    design: str | None = None
    level: str | None = None
    follow_up: tuple[Decimal, Decimal, str] | None = None  # shortest, longest, unit key
    density_changes: list[Decimal] = field(default_factory=list)
    thickness_changes_um: list[Decimal] = field(default_factory=list)


@dataclass(frozen=True)
class Computed:
    topic: str
    how: str
    studies: tuple[StudyFacts, ...]
    about: str | None = None
    value: Number | None = None
    min: Number | None = None
    max: Number | None = None
    unit: str | None = None


def derived_claims(graph: Graph) -> Graph:
    """The computed claims of every review that has study records, as triples."""
    out = Graph()
    data = TripleIndex.of(graph)
    for review, studies in _studies_by_review(data).items():
        emit_review_claims(out, review, [study_facts(data, study) for study in studies], _stated(data, review))
    return out


def emit_review_claims(out: Graph, review: URIRef, facts: list[StudyFacts],
                       stated: dict[tuple[str, str | None], str | None]) -> None:
    """One review's computed claims, from its studies' facts and its own stated claims."""
    for claim in compute(sorted(facts, key=lambda f: str(f.iri)), stated):
        _emit(out, review, claim)


def record_facts(triples: Iterable[tuple], kind: str, iri: URIRef) -> StudyFacts | dict:
    """What a record contributes to its review's computed claims: a study's facts, or a review's
    stated claims (read from the record's own triples; neither depends on any other record)."""
    index = TripleIndex(triples)
    return study_facts(index, iri) if kind == "study" else _stated(index, iri)


# ---- reading the study records --------------------------------------------------------------


def _studies_by_review(data: TripleIndex) -> dict[URIRef, list[URIRef]]:
    """Each review with the studies it includes (that have a record): only those count in its claims."""
    grouped: dict[URIRef, list[URIRef]] = {}
    for review, study in data.subject_objects(EXO.reviewIncludes):
        if (study, RDF.type, EXO.Study) in data:
            grouped.setdefault(review, []).append(study)
    return grouped


def _index(data: TripleIndex, node: URIRef) -> int:
    """The position of a statement in its field's list ("sample_size[2]" → 2)."""
    match = _INDEX.search(str(data.any_object(node, EXO.fieldPath) or ""))
    return int(match.group(1)) if match else 0


def first_statement(data: TripleIndex, subject: URIRef, predicate: URIRef) -> object | None:
    """The object of the first reified statement of subject's predicate, or None."""
    statements = [s for s in data.subjects(RDF.subject, subject) if (s, RDF.predicate, predicate) in data]
    if not statements:
        return None
    first = min(statements, key=lambda s: (_index(data, s), str(s)))
    value = data.any_object(first, RDF.object)
    return value.toPython() if isinstance(value, Literal) else value


def _first_node(data: TripleIndex, subject: URIRef, predicate: URIRef) -> URIRef | None:
    nodes = list(data.objects(subject, predicate))
    return min(nodes, key=lambda n: (_index(data, n), str(n))) if nodes else None


def study_facts(data: TripleIndex, study: URIRef) -> StudyFacts:
    design = first_statement(data, study, EXO.hasDesign)
    level_node = _first_node(data, study, EXO.hasEvidenceLevelAssignment)
    level = data.any_object(level_node, EXO.evidenceLevel) if level_node is not None else None
    return StudyFacts(
        iri=study,
        label=str(data.any_object(study, RDFS.label) or study),
        sample_size=first_statement(data, study, EXO.sampleSize),
        year=first_statement(data, study, EXO.publicationYear),
        design=_DESIGN_KEYS.get(design),
        level=_LEVEL_KEYS.get(level),
        follow_up=_follow_up(data, study),
        density_changes=_changes(data, study, {EXO.HairDensity}, {"hairs/cm2": Decimal(1)}),
        thickness_changes_um=_changes(data, study, {EXO.HairThickness, EXO.HairDiameter},
                                      {k: Decimal(str(v)) for k, v in vocab.MICROMETRES_PER_UNIT.items()}),
    )


def _decimal(value: object) -> Decimal | None:
    if isinstance(value, Literal):
        value = value.toPython()
    return Decimal(str(value)) if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool) else None


def _follow_up(data: TripleIndex, study: URIRef) -> tuple[Decimal, Decimal, str] | None:
    node = _first_node(data, study, EXO.hasFollowUp)
    duration = data.any_object(node, EXO.duration) if node is not None else None
    if duration is None:
        return None
    unit = str(data.any_object(duration, EXO.unitKey))
    value = _decimal(data.any_object(duration, EXO.numericValue))
    low = value if value is not None else _decimal(data.any_object(duration, EXO.minValue))
    high = value if value is not None else _decimal(data.any_object(duration, EXO.maxValue))
    return (low, high, unit) if low is not None and high is not None and unit in DAYS_PER_UNIT else None


def _changes(data: TripleIndex, study: URIRef, measures: set[URIRef], factors: dict[str, Decimal]) -> list[Decimal]:
    """Every change of these measures in a unit of `factors`, converted by its factor: the stated
    change, else follow-up minus baseline."""
    changes = []
    for m in data.objects(study, EXO.hasMeasurement):
        unit = str(data.any_object(m, EXO.unitKey))
        if data.any_object(m, EXO.measure) not in measures or unit not in factors:
            continue
        change = _decimal(data.any_object(m, EXO.changeValue))
        baseline, followup = _decimal(data.any_object(m, EXO.baselineValue)), _decimal(data.any_object(m, EXO.followupValue))
        if change is None and baseline is not None and followup is not None:
            change = followup - baseline
        if change is not None:
            changes.append(change * factors[unit])
    return changes


def _stated(data: TripleIndex, review: URIRef) -> dict[tuple[str, str | None], str | None]:
    """The review's own claims: (topic, about key) → the unit they use (None without one)."""
    stated = {}
    for claim in data.objects(review, EXO.hasClaim):
        topic = data.any_object(claim, EXO.topic)
        if topic is not None:
            about = data.any_object(claim, EXO.aboutKey)
            unit = data.any_object(claim, EXO.unitKey)
            stated.setdefault((str(topic), str(about) if about is not None else None), str(unit) if unit else None)
    return stated


# ---- computing ------------------------------------------------------------------------------


def compute(facts: list[StudyFacts], stated: dict[tuple[str, str | None], str | None]) -> list[Computed]:
    claims = [
        Computed("included-studies", f"{len(facts)} study records are included by this review",
                 tuple(facts), value=len(facts), unit="count"),
        *_total_patients(facts),
        *_counts(facts, "design-count", lambda f: f.design, vocab.DESIGNS, stated, "first stated design"),
        *_counts(facts, "evidence-level-count", lambda f: f.level, vocab.EVIDENCE_LEVELS, stated,
                 "first stated evidence level"),
        *_range(facts, "sample-size-range", lambda f: f.sample_size, "count", "first stated sample size"),
        *_range(facts, "publication-year-range", lambda f: f.year, None, "first stated publication year"),
        *_follow_up_extremes(facts, stated),
        *_density_range(facts),
        *_thickness_max(facts),
    ]
    return claims


def _names(facts: Iterable[StudyFacts]) -> str:
    return ", ".join(f.label for f in facts)


def _total_patients(facts: list[StudyFacts]) -> list[Computed]:
    counted = [f for f in facts if f.sample_size is not None]
    if not counted:
        return []
    total = sum(f.sample_size for f in counted)
    return [Computed("total-patients", f"{total}: the sum of the first stated sample size of "
                     f"{_studies(len(counted))} ({' + '.join(str(f.sample_size) for f in counted)})", tuple(counted),
                     value=total, unit="count")]


def _studies(count: int) -> str:
    return f"{count} stud{'y' if count == 1 else 'ies'}"


def _counts(facts: list[StudyFacts], topic: str, key: Callable[[StudyFacts], str | None], keys: dict,
            stated: dict, what: str) -> list[Computed]:
    """Studies per key (their first statement); a key the review counts but no study has gets 0."""
    wanted = {k for k in keys if any(key(f) == k for f in facts) or (topic, k) in stated}
    claims = []
    for k in sorted(wanted):
        members = tuple(f for f in facts if key(f) == k)
        how = f"{_studies(len(members))} whose {what} is {k}" + (f": {_names(members)}" if members else "")
        claims.append(Computed(topic, how, members, about=k, value=len(members), unit="count"))
    return claims


def _range(facts: list[StudyFacts], topic: str, key: Callable[[StudyFacts], int | None], unit: str | None,
           what: str) -> list[Computed]:
    known = [f for f in facts if key(f) is not None]
    if not known:
        return []
    low, high = min(key(f) for f in known), max(key(f) for f in known)
    how = f"{low}–{high}: the smallest and largest {what} over {_studies(len(known))}"
    return [Computed(topic, how, tuple(known), min=low, max=high, unit=unit)]


def _follow_up_extremes(facts: list[StudyFacts], stated: dict) -> list[Computed]:
    """Shortest and longest first stated follow-up, compared in days and given in the unit the review
    uses for that topic (so 1 year and 12 months agree), else in the study's own unit."""
    known = [f for f in facts if f.follow_up is not None]
    if not known:
        return []
    claims = []
    for topic, pick, end in (("follow-up-shortest", min, 0), ("follow-up-longest", max, 1)):
        days = pick(f.follow_up[end] * DAYS_PER_UNIT[f.follow_up[2]] for f in known)
        at = tuple(f for f in known if f.follow_up[end] * DAYS_PER_UNIT[f.follow_up[2]] == days)
        unit = stated.get((topic, None)) if stated.get((topic, None)) in DAYS_PER_UNIT else at[0].follow_up[2]
        value = _tidy(days / DAYS_PER_UNIT[unit])
        word = "shortest" if end == 0 else "longest"
        how = f"{value} {unit}: the {word} first stated follow-up of {_studies(len(known))} ({_names(at)})"
        claims.append(Computed(topic, how, at, value=value, unit=unit))
    return claims


def _density_range(facts: list[StudyFacts]) -> list[Computed]:
    changes = [(c, f) for f in facts for c in f.density_changes]
    if not changes:
        return []
    low, high = min(c for c, _ in changes), max(c for c, _ in changes)
    at = _unique(f for c, f in changes if c in (low, high))
    how = (f"{_tidy(low)}–{_tidy(high)} hairs/cm2: the smallest and largest hair-density change in hairs/cm² "
           f"(stated change, else follow-up minus baseline) over {_studies(len(_unique(f for _, f in changes)))} "
           f"({_names(at)})")
    return [Computed("hair-density-increase-range", how, at, min=_tidy(low), max=_tidy(high), unit="hairs/cm2")]


def _thickness_max(facts: list[StudyFacts]) -> list[Computed]:
    changes = [(c, f) for f in facts for c in f.thickness_changes_um]
    if not changes:
        return []
    high = max(c for c, _ in changes)
    at = _unique(f for c, f in changes if c == high)
    how = f"{_tidy(high)} um: the largest hair thickness or diameter change, converted to µm ({_names(at)})"
    return [Computed("hair-thickness-increase-max", how, at, value=_tidy(high), unit="um")]


def _unique(facts: Iterable[StudyFacts]) -> tuple[StudyFacts, ...]:
    return tuple({f.iri: f for f in facts}.values())


def _tidy(value: Decimal | int) -> Number:
    """A whole number as an int (written xsd:integer, which every engine prints the same way), else the
    shortest exact decimal: 163.5 − 96.5 gives 67, not 67.0."""
    if isinstance(value, int):
        return value
    if value == value.to_integral_value():
        return int(value)
    return value.normalize()


# ---- writing --------------------------------------------------------------------------------


def claim_iri(review: URIRef, topic: str, about: str | None) -> URIRef:
    return URIRef(f"{review}/computed/{slug(topic)}" + (f"/{slug(about)}" if about else ""))


def _emit(out: Graph, review: URIRef, claim: Computed) -> None:
    node = claim_iri(review, claim.topic, claim.about)
    out.add((review, EXO.hasClaim, node))
    for kind in (EXO.Claim, EXO.ComputedClaim):
        out.add((node, RDF.type, kind))
    out.add((node, RDFS.label, Literal(claim.how)))
    out.add((node, EXO.statement, Literal(claim.how)))
    out.add((node, EXO.topic, Literal(claim.topic)))
    out.add((node, EXO.locator, Literal(LOCATOR)))
    out.add((node, EXO.fieldPath, Literal(f"computed[{claim.topic}]" + (f"[{claim.about}]" if claim.about else ""))))
    if claim.about:
        out.add((node, EXO.aboutKey, Literal(claim.about)))
    for predicate, value in ((EXO.claimedValue, claim.value), (EXO.claimedMin, claim.min), (EXO.claimedMax, claim.max)):
        if value is not None:
            out.add((node, predicate, number(_tidy(value) if isinstance(value, Decimal) else value)))
    if claim.unit:
        out.add((node, EXO.unitKey, Literal(claim.unit)))
        out.add((node, EXO.unit, vocab.UNITS[claim.unit][0]))
    for study in claim.studies:
        out.add((node, PROV.wasDerivedFrom, study.iri))

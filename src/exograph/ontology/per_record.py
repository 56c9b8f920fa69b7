"""Reasoning over an rdflib graph record by record (what `exograph reason` does by default), and the
explanation of an inconsistent record by axiom, file and field.

The graph's data triples are split by record (the record of each subject's IRI; subjects of no
record, such as source documents, form one more unit), each unit is realized alone and the
cross-record pass joins them (records.py) — the same code the build runs over its cached pieces.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph, URIRef
from rdflib import Literal as RdfLiteral
from rdflib.namespace import RDF, RDFS

from exograph.ontology.classify import Ontology
from exograph.ontology.datatypes import Literal
from exograph.ontology.reason import (
    Explainer,
    InferenceResult,
    Membership,
    Namer,
    Violation,
    explanation_text,
)
from exograph.ontology.records import Triple, UnitResult, combine, has_owl_meaning, owner_of, reason_unit
from exograph.vocab import EXO

if TYPE_CHECKING:
    from exograph.paths import ProjectPaths

SHARED_UNIT = "(no record)"


def plain(graph: Graph) -> list[Triple]:
    """rdflib triples as the reasoner's plain values."""
    found: list[Triple] = []
    for s, p, o in graph:
        if isinstance(o, RdfLiteral):
            found.append((str(s), str(p), Literal(str(o), str(o.datatype) if o.datatype else None, o.language)))
        else:
            found.append((str(s), str(p), str(o)))
    return found


def units_of(abox: Graph) -> tuple[dict[str, list[Triple]], dict[str, tuple[str, str] | None]]:
    """The data triples of each record, keyed "kind/id"; triples of subjects of no record in one more unit."""
    units: dict[str, list[Triple]] = {}
    owners: dict[str, tuple[str, str] | None] = {}
    for triple in plain(abox):
        owner = owner_of(triple[0])
        unit = f"{owner[0]}/{owner[1]}" if owner else SHARED_UNIT
        units.setdefault(unit, []).append(triple)
        owners[unit] = owner
    return units, owners


def infer_per_record(ontology: Ontology, tbox: Graph, abox: Graph, full: Graph) -> InferenceResult:
    """Memberships and consistency of `abox`, record by record (see the module docstring)."""
    compiled = ontology.compiled
    namer = Namer(full)
    if not ontology.consistent:
        violation = Violation("ontology", "the ontology and its imports are inconsistent without any data", ("ontology/",))
        return InferenceResult(False, Graph(), violations=[violation], explanation=explanation_text([violation]))
    units, owners = units_of(abox)

    def run(unit: str, seeds: dict[str, list[str]] | None = None, expose: list[str] | tuple = ()) -> UnitResult:
        return reason_unit(units[unit], owners[unit], compiled, ontology.individual_triples, seeds, expose)

    combined = combine({unit: run(unit) for unit in sorted(units)}, owners, compiled, run)
    if combined.clash is not None:
        involved = set(combined.clash_units) or set(units)  # explain only the records that clash
        subset = Graph()
        for triple in abox:
            if _unit_of(triple[0]) in involved:
                subset.add(triple)
        violations = explain_records(ontology, tbox, subset, namer, combined.clash)
        return InferenceResult(False, Graph(), violations=violations, explanation=explanation_text(violations))
    pairs = sorted(set(combined.memberships) | {m for r in combined.results.values() for m in r.memberships})
    inferred = Graph()
    memberships = []
    for individual, cls in pairs:
        inferred.add((URIRef(individual), RDF.type, URIRef(cls)))
        label = full.value(URIRef(cls), RDFS.label)
        memberships.append(Membership(individual, cls, str(label or namer.short(URIRef(cls))),
                                      namer.record_file(URIRef(individual)), namer.field_path(URIRef(individual))))
    unsatisfiable = ontology.unsatisfiable
    explanation = ""
    if unsatisfiable:
        explanation = "unsatisfiable classes (no individual can be a member; check their axioms in " \
                      "ontology/exograph.ttl):\n" + "\n".join(f"    {namer.label(URIRef(c))}" for c in unsatisfiable)
    left_out = sum(1 for triples in units.values() for t in triples if not has_owl_meaning(t, compiled))
    return InferenceResult(True, inferred, memberships, unsatisfiable, [], explanation, left_out)


def _unit_of(subject) -> str:  # noqa: ANN001 - an rdflib term
    owner = owner_of(str(subject))
    return f"{owner[0]}/{owner[1]}" if owner else SHARED_UNIT


def explain_records(ontology: Ontology, tbox: Graph, abox: Graph, namer: Namer, clash: dict | None) -> list[Violation]:
    """Which axioms the records of `abox` break, and where: the direct checks (disjoint classes with
    the reason each type holds, functional properties, max-cardinality, datatype ranges); then
    disjointness against the memberships the records have with the disjointness axioms set aside;
    then the clash the reasoner met, as it met it."""
    violations = Explainer(tbox, abox, namer).all()
    if violations:
        return violations
    relaxed = reason_unit(plain(abox), None, ontology.compiled, ontology.individual_triples,
                          ignore_disjointness=True)
    if relaxed.consistent:
        inferred = Graph()
        for individual, classes in relaxed.views.items():
            for cls in classes:
                if cls.startswith(str(EXO)):
                    inferred.add((URIRef(individual), RDF.type, URIRef(cls)))
        violations = Explainer(tbox, abox, namer, inferred).check_disjoint()
        if violations:
            return violations
    return [clash_violation(clash, namer)] if clash else []


def clash_violation(clash: dict, namer: Namer) -> Violation:
    where = tuple(namer.where(URIRef(i)) for i in clash["individuals"] if not i.startswith("_:"))
    return Violation(clash["kind"], _shorten(clash["axiom"], namer), where, _shorten(clash["detail"], namer))


def _shorten(text: str, namer: Namer) -> str:
    words = []
    for word in text.split(" "):
        words.append(namer.short(URIRef(word)) if word.startswith("http") else word)
    return " ".join(words)


def cache_folder(paths: ProjectPaths) -> Path:
    """Where the build keeps the ontology's classification: `exograph reason` shares it."""
    from exograph.build.convert import CACHE_DIR

    return paths.build / CACHE_DIR / "tbox"

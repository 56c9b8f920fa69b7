"""The value sets a curator writes keys of (measures, units, routes, designs, ...), each key with the
label and term of the ontology it stands for: what `exograph vocab [KIND]` lists, so that curating
needs no reading of Python. One table per kind, read from exograph.vocab and the record schema (the
single sources of truth); labels come from the ontology and its import modules."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator, Literal, get_args, get_origin

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

from exograph import vocab


@dataclass(frozen=True)
class Kind:
    """One value set: where curators use it, and its keys with their terms (IRI or None)."""

    name: str
    used_in: str
    entries: Callable[[], list[tuple[str, URIRef | None, str]]]  # key, term, note


def _table(table: dict[str, Any], note: Callable[[Any], str] = lambda entry: "") -> list[tuple[str, URIRef | None, str]]:
    rows = []
    for key, entry in table.items():
        iri = entry[0] if isinstance(entry, tuple) else entry
        rows.append((key, iri, note(entry)))
    return rows


def schema_literals() -> dict[tuple[str, str], tuple[list[str], list[str]]]:
    """Every closed set of text values the record files may use (a `Literal[...]` field of the schema),
    by (model, field): its values and the record paths that use it (`adverse_events[].severity`)."""
    from exograph.records import schema as s

    found: dict[tuple[str, str], tuple[list[str], list[str]]] = {}
    seen: set[tuple[type, str]] = set()

    def visit(model: type, path: str) -> None:
        if (model, path) in seen:
            return
        seen.add((model, path))
        for name, field in model.model_fields.items():
            where = f"{path}.{name}" if path else name
            for values, inner in _literal_parts(field.annotation, where):
                if values is not None:
                    found.setdefault((model.__name__, name), (values, []))[1].append(inner)
                else:
                    visit(*inner)

    for root, label in ((s.StudyRecord, "study"), (s.ReviewRecord, "review"), (s.SourceRecord, "source")):
        visit(root, "")
    return found


def _literal_parts(annotation: Any, path: str) -> Iterator[tuple[list[str] | None, Any]]:
    """(values, path) for the text Literals inside a field's type; (None, (model, path)) for each
    model inside it to walk into (a list's items get `[]` in the path)."""
    from pydantic import BaseModel

    origin = get_origin(annotation)
    if origin is Literal:
        values = [v for v in get_args(annotation) if isinstance(v, str)]
        if values:
            yield values, path.removesuffix("[]")
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield None, (annotation, path)
    elif origin is not None:
        inner = f"{path}[]" if origin is list else path
        for arg in get_args(annotation):
            if arg is not type(None) and (get_origin(arg) is not None or isinstance(arg, type)):
                yield from _literal_parts(arg, inner)


def _kebab(name: str) -> str:
    """AdverseEvent -> adverse-event, of_participants -> of-participants."""
    return re.sub(r"(?<=[a-z])(?=[A-Z])", "-", name).replace("_", "-").lower()


def _schema_kinds(listed: list[Kind]) -> list[Kind]:
    """A value set for each closed field of the schema that no listed value set covers (its keys map
    to no ontology term: they are words of the record format, such as a severity or a comparator)."""
    covered = [{key for key, _, _ in kind.entries()} for kind in listed]
    by_values: dict[tuple[str, ...], Kind] = {}
    for (model, field), (values, paths) in schema_literals().items():
        if any(set(values) <= keys for keys in covered):
            continue
        kind = by_values.get((field, *values))
        used_in = ", ".join(paths)
        if kind:  # one value set for the same field in several models (a p-value's and a threshold's comparator)
            kind = Kind(kind.name, f"{kind.used_in}, {used_in}", kind.entries)
        else:
            kind = Kind(f"{_kebab(model)}-{_kebab(field)}", used_in, lambda values=values: [(v, None, "") for v in values])
        by_values[(field, *values)] = kind
    return list(by_values.values())


def _bias_domains() -> list[tuple[str, URIRef | None, str]]:
    return [(domain, vocab.domain_iri(tool, domain), f"tool {tool}")
            for tool, domains in vocab.BIAS_DOMAINS.items() for domain in domains]


def _not_reported() -> list[tuple[str, URIRef | None, str]]:
    """The fields that accept {not_reported: true, looked_in: ...}, with the property each stands for."""
    from exograph.records.schema import Intervention, ReviewRecord, StudyRecord
    from exograph.records.triples import NOT_REPORTED_PREDICATES

    return [(field, NOT_REPORTED_PREDICATES[field], owner) for owner, model in
            (("study", StudyRecord), ("intervention", Intervention), ("review", ReviewRecord))
            for field in model.REPORTABLE]


def _terms(terms_file: Path) -> list[tuple[str, URIRef | None, str]]:
    """Every external ontology term the project has (ontology/imports/terms.tsv)."""
    from exograph.ontology.imports import read_term_list

    return [(entry.curie, URIRef(entry.iri), "") for entry in read_term_list(terms_file)]


def kinds(terms_file: Path) -> dict[str, Kind]:
    dimension = lambda entry: f"dimension {entry[1]}"  # noqa: E731 - a one-line note
    found = [
        Kind("designs", "design[].value", lambda: _table(vocab.DESIGNS)),
        Kind("design-qualifiers", "design[].qualifiers", lambda: _table(vocab.DESIGN_QUALIFIERS)),
        Kind("measures", "measurements[].measure, outcomes_measured[].measures", lambda: _table(vocab.MEASURES, dimension)),
        Kind("units", "every unit: measurements[].unit, quantities' unit", lambda: _table(vocab.UNITS, dimension)),
        Kind("statistics", "measurements[].statistic", lambda: _table(vocab.STATISTICS)),
        Kind("routes", "interventions[].administration.routes", lambda: _table(vocab.ROUTES)),
        Kind("techniques", "interventions[].administration.technique", lambda: _table(vocab.TECHNIQUES)),
        Kind("adjuncts", "interventions[].adjuncts[].kind", lambda: _table(vocab.ADJUNCTS)),
        Kind("methods", "interventions[].preparation.isolation, .characterization", lambda: _table(vocab.METHODS)),
        Kind("source-kinds", "interventions[].sources[].kind", lambda: _table(vocab.SOURCE_KINDS)),
        Kind("vesicles", "interventions[].sources[].vesicle", lambda: _table(vocab.VESICLES)),
        Kind("adverse-events", "adverse_events[].event, .none_of", lambda: _table(vocab.ADVERSE_EVENTS)),
        Kind("none-scopes", "adverse_events[].scope (with event: none: what the source rules out)",
             lambda: _table(vocab.NONE_SCOPES)),
        Kind("assessment-methods", "measurements[].method, outcomes_measured[].methods[].method",
             lambda: _table(vocab.ASSESSMENT_METHODS)),
        Kind("population-qualifiers", "conditions[].qualifiers[].key", lambda: _table(vocab.POPULATION_QUALIFIERS)),
        Kind("evidence-levels", "evidence_levels[].level", lambda: _table(vocab.EVIDENCE_LEVELS)),
        Kind("bias-tools", "risk_of_bias[].tool", lambda: _table(vocab.BIAS_TOOLS)),
        Kind("bias-domains", "risk_of_bias[].judgements[].domain (by tool)", _bias_domains),
        Kind("judgements", "risk_of_bias[].judgements[].judgement",
             lambda: [(key, vocab.judgement_iri(key), "") for key in vocab.JUDGEMENTS]),
        Kind("document-kinds", "data/sources/*.yaml kind", lambda: _table(vocab.DOCUMENT_KINDS)),
        Kind("not-reported", "fields that accept {not_reported: true, looked_in: ...} (note: whose field)",
             _not_reported),
        Kind("terms", "conditions[].indication, sources[].tissue, .cell_type, .organisms (CURIEs)",
             lambda: _terms(terms_file)),
    ]
    found += _schema_kinds(found)
    return {kind.name: kind for kind in found}


def curie(iri: URIRef | None) -> str:
    """An IRI as a curator reads it: MONDO:0005339, exo:HairDensity, fabio:Preprint."""
    if iri is None:
        return ""
    text = str(iri)
    if text.startswith(str(vocab.OBO)):
        prefix, _, local = text[len(str(vocab.OBO)):].partition("_")
        return f"{prefix}:{local}"
    for prefix, namespace in vocab.PREFIXES.items():
        if text.startswith(str(namespace)):
            return f"{prefix}:{text[len(str(namespace)):]}"
    return text


def labelled(kind: Kind, ontology: Graph) -> list[dict[str, str]]:
    """The rows of one kind: key, label (from the ontology), term, note."""
    return [{"key": key, "label": str(ontology.value(iri, RDFS.label) or "") if iri is not None else "",
             "term": curie(iri), "note": note} for key, iri, note in kind.entries()]

"""Load curated YAML files into checked records. Every problem names the file, the record and the
field, and says what was expected; nothing unknown is silently dropped."""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Iterator, Union

from pydantic import BaseModel, ValidationError

from exograph import vocab
from exograph.errors import Problem, RecordError
from exograph.records.files import (MAX_BYTES, YAML_SUFFIXES, kind_of, read_record_bytes, record_files, shown_path,
                                    size_problem)
from exograph.records.schema import ReviewRecord, SourceRecord, StudyRecord
from exograph.records.yaml_strict import YamlProblem, parse_strict

__all__ = ["MAX_BYTES", "LoadedRecord", "Record", "kind_of", "load_all", "load_record", "read_record_bytes",
           "read_yaml", "record_files"]

Record = Union[StudyRecord, ReviewRecord, SourceRecord]
# record kind -> model; a source record describes a document (its node is exd:document/<id>)
MODELS: dict[str, type[BaseModel]] = {"document": SourceRecord, "review": ReviewRecord, "study": StudyRecord}


@dataclass(frozen=True)
class LoadedRecord:
    path: Path
    rel_path: str
    record: Record

    @property
    def kind(self) -> str:
        return next(kind for kind, model in MODELS.items() if isinstance(self.record, model))


def read_yaml(path: Path, shown: str, root: Path | None = None, raw: bytes | None = None) -> Any:
    """The parsed YAML of one file, or a RecordError naming the file and what is wrong with it.
    `raw`: the file's bytes when the caller has read them already (so that what was hashed is what
    is parsed); otherwise the file is read through read_record_bytes."""
    if raw is None:
        raw = read_record_bytes(path, shown, root)

    def fail(message: str, field: str = "") -> RecordError:
        return RecordError([Problem(shown, path.stem, field, message)])

    too_large = size_problem(len(raw))
    if too_large:
        raise fail(too_large)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise fail(f"not UTF-8 text (byte {error.start}: {raw[error.start:error.start + 1]!r}); "
                   "save the file as UTF-8") from None
    if not text.strip():
        raise fail("the file is empty; expected a YAML mapping of a study or review record")
    try:
        data = parse_strict(text)
    except YamlProblem as problem:
        raise fail(problem.message, problem.field) from None
    if not isinstance(data, dict):
        raise fail(f"expected a YAML mapping of fields, got {_yaml_kind(data)}")
    return data


def _yaml_kind(data: Any) -> str:
    return {list: "a list", str: "a single text", type(None): "nothing"}.get(type(data), type(data).__name__)


def _field_path(loc: tuple[Any, ...] | list[Any]) -> str:
    parts: list[str] = []
    for position, item in enumerate(loc):
        if item == "not_reported" and position + 1 < len(loc):
            continue  # `countries: {not_reported: ...}` is validated as not_reported.countries: show countries
        if isinstance(item, int):
            parts.append(f"[{item}]")
        elif not _wrapper(item):
            parts.append(("." if parts else "") + str(item))
    return "".join(parts)


def _wrapper(item: Any) -> bool:
    """A step of a pydantic error location that is not a field: a validator wrapping a type."""
    return isinstance(item, str) and (item.startswith("function-") or item == "list[...]")


def _union_member(item: Any) -> bool:
    """A step naming which member of a union failed ('int', 'float', 'constrained-str', a model
    name): field names are lower-case identifiers, these are not (or are type names)."""
    return isinstance(item, str) and (item in ("int", "float", "str", "bool", "none") or not item.isidentifier()
                                       or item[:1].isupper())


def _allowed_fields(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The field names the model allows at the place of an unknown key (for 'did you mean')."""
    current: Any = model
    for item in loc[:-1]:
        if isinstance(item, int) or current is None:
            continue
        field = getattr(current, "model_fields", {}).get(item)
        if field is None:
            return []
        current = _inner_model(field.annotation)
    return list(getattr(current, "model_fields", {}))


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    metadata = getattr(annotation, "__origin__", None)
    return _inner_model(metadata) if metadata is not None and metadata is not annotation else None


EXPECTED = {"int_type": "a whole number", "int_from_float": "a whole number", "float_type": "a number",
            "finite_number": "a finite number", "string_type": "text", "bool_type": "true or false",
            "list_type": "a list", "dict_type": "a mapping", "model_type": "a mapping",
            "literal_error": "one of the allowed values"}


def _describe(error: dict[str, Any], model: type[BaseModel]) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        name = str(error["loc"][-1])
        allowed = _allowed_fields(model, error["loc"])
        close = difflib.get_close_matches(name, allowed, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else (f"; allowed: {', '.join(allowed)}" if allowed else "")
        return f"unknown field {name!r}{hint}"
    if kind == "missing":
        return "required field is missing"
    if error.get("input", "") is None:  # `field: ~`, as a template leaves it: say what to fill in
        wanted = EXPECTED.get(kind)
        return "is empty: fill it in" + (f" ({wanted})" if wanted else "")
    if kind in EXPECTED and kind != "literal_error":
        return _wrong_type([EXPECTED[kind]], error.get("input"))
    return error["msg"].removeprefix("Value error, ")


def _wrong_type(expected: list[str], value: Any) -> str:
    """'expected a whole number, not a boolean' and the like (the value itself is shown beside it),
    with a hint where YAML misleads."""
    wanted = list(dict.fromkeys(expected))
    if "a finite number" in wanted:
        wanted = ["a finite number"]
    elif "a whole number" in wanted and "a number" in wanted:
        wanted.remove("a whole number")
    alternatives = wanted[0] if len(wanted) == 1 else ", ".join(wanted[:-1]) + " or " + wanted[-1]
    return f"expected {alternatives}{_not(value)}"


def _not(value: Any) -> str:
    if isinstance(value, bool):
        return ", not a boolean"
    if isinstance(value, float) and not math.isfinite(value):
        return ", not .nan" if math.isnan(value) else ", not infinity (.inf, or a number beyond ±1.8e308)"
    if isinstance(value, str) and _numeric(value):
        return (", not text: YAML reads a number as text when it is quoted or when its exponent lacks a dot "
                "and a sign (write 1.0e+10, not 1e10)")
    return ""


def _numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _record_problems(error: ValidationError, model: type[BaseModel], shown: str, record_id: str) -> list[Problem]:
    """One problem per field: the failures of a union's members (int, float, text...) become one
    'expected a number or text, got ...'."""
    unions: dict[str, list[dict[str, Any]]] = {}
    problems: list[Problem] = []
    for e in error.errors():
        loc = [item for item in e["loc"] if not _wrapper(item)]
        cut = next((i for i, item in enumerate(loc) if _union_member(item)), None)
        if cut is None:
            problems.append(Problem(shown, record_id, _field_path(loc), _describe(e, model),
                                    value="" if e["type"] == "missing" else _short(e.get("input"))))
            continue
        field = _field_path(loc[:cut])
        if field not in unions:
            unions[field] = []
            problems.append(Problem(shown, record_id, field, "", value=_short(e.get("input"))))
        unions[field].append(e)
    return [_union_problem(p, unions[p.field]) if p.field in unions and not p.message else p for p in problems]


def _union_problem(problem: Problem, errors: list[dict[str, Any]]) -> Problem:
    top = [e for e in errors if e["type"] in EXPECTED]
    if not top:
        return replace(problem, message=errors[0]["msg"].removeprefix("Value error, "))
    first_value = next((e.get("input") for e in errors), None)
    return replace(problem, message=_wrong_type([EXPECTED[e["type"]] for e in top], first_value))


def validate_record(data: dict[str, Any], kind: str, shown: str) -> Record:
    model: type[BaseModel] = MODELS[kind]
    record_id = str(data.get("id", Path(shown).stem))
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise RecordError(_record_problems(error, model, shown, record_id)) from None


def _short(value: Any) -> str:
    """The value as a curator wrote it in YAML (true, .nan), cut short (nothing for an empty field)."""
    if value is None or isinstance(value, (dict, list)):
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and not math.isfinite(value):
        return ".nan" if math.isnan(value) else ("-.inf" if value < 0 else ".inf")
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "..."


# ---- vocabulary and cross-reference checks ---------------------------------------------------

def _check_key(problems: list[Problem], shown: str, rid: str, field: str, key: str | None,
               table: dict[str, Any], what: str) -> None:
    if key is None or key in table:
        return
    close = difflib.get_close_matches(key, list(table), n=1)
    hint = f"did you mean {close[0]!r}?" if close else f"expected one of: {', '.join(sorted(table))}"
    problems.append(Problem(shown, rid, field, f"unknown {what} {key!r}; {hint}", value=key))


def check_curies(record: BaseModel, shown: str, rid: str) -> list[Problem]:
    """Every ontology term of the record written as a CURIE of a known prefix (MONDO:0005339)."""
    from exograph.records.curies import curie_fields, curie_problem

    return [Problem(shown, rid, field, message, value=curie)
            for field, curie in curie_fields(record) if (message := curie_problem(curie))]


def check_study_keys(record: StudyRecord, shown: str) -> list[Problem]:
    p: list[Problem] = []
    rid = record.id
    intervention_ids = {i.id for i in record.interventions}
    arm_ids = {a.id for a in record.arms}
    measurement_ids = {m.id for m in record.measurements}
    for i, iv in enumerate(record.interventions):
        base = f"interventions[{i}]"
        for j, prep in enumerate(iv.preparation):
            for field in ("isolation", "characterization"):
                for k, key in enumerate(getattr(prep, field)):
                    _check_key(p, shown, rid, f"{base}.preparation[{j}].{field}[{k}]", key, vocab.METHODS, "method")
            for k, dose in enumerate(prep.doses):
                _check_key(p, shown, rid, f"{base}.preparation[{j}].doses[{k}].quantity.unit", dose.quantity.unit,
                           vocab.UNITS, "unit")
        for j, adm in enumerate(iv.administration):
            for k, key in enumerate(adm.technique):
                _check_key(p, shown, rid, f"{base}.administration[{j}].technique[{k}]", key, vocab.TECHNIQUES,
                           "technique")
            for field in ("volume_per_site", "volume_per_area", "total_volume", "spacing", "sessions", "interval", "duration"):
                q = getattr(adm, field)
                _check_key(p, shown, rid, f"{base}.administration[{j}].{field}.unit", q.unit if q else None,
                           vocab.UNITS, "unit")
    for i, arm in enumerate(record.arms):
        if arm.intervention not in intervention_ids:
            p.append(Problem(shown, rid, f"arms[{i}].intervention",
                             f"no intervention with id {arm.intervention!r}; expected one of {sorted(intervention_ids)}",
                             value=arm.intervention))
    for i, fact in enumerate(record.follow_up):
        for q in [fact.duration, *fact.timepoints]:
            _check_key(p, shown, rid, f"follow_up[{i}]", q.unit, vocab.UNITS, "unit")
    for i, fact in enumerate(record.outcomes_measured):
        for k, key in enumerate(fact.measures):
            _check_key(p, shown, rid, f"outcomes_measured[{i}].measures[{k}]", key, vocab.MEASURES, "measure")
        for k, pair in enumerate(fact.methods):
            _check_key(p, shown, rid, f"outcomes_measured[{i}].methods[{k}].method", pair.method,
                       vocab.ASSESSMENT_METHODS, "assessment method")
    for i, c in enumerate(record.conditions):
        for k, qualifier in enumerate(c.qualifiers):
            _check_key(p, shown, rid, f"conditions[{i}].qualifiers[{k}].key", qualifier.key,
                       vocab.POPULATION_QUALIFIERS, "population qualifier")
    for i, moderator in enumerate(record.moderators):
        _check_key(p, shown, rid, f"moderators[{i}].measure", moderator.measure, vocab.MEASURES, "measure")
        if moderator.range:
            _check_key(p, shown, rid, f"moderators[{i}].range.unit", moderator.range.unit, vocab.UNITS, "unit")
    for i, m in enumerate(record.measurements):
        base = f"measurements[{i}]"
        _check_key(p, shown, rid, f"{base}.measure", m.measure, vocab.MEASURES, "measure")
        _check_key(p, shown, rid, f"{base}.unit", m.unit, vocab.UNITS, "unit")
        _check_key(p, shown, rid, f"{base}.method", m.method, vocab.ASSESSMENT_METHODS, "assessment method")
        if m.timepoint:
            _check_key(p, shown, rid, f"{base}.timepoint.unit", m.timepoint.unit, vocab.UNITS, "unit")
        if m.arm and m.arm not in arm_ids:
            p.append(Problem(shown, rid, f"{base}.arm", f"no arm with id {m.arm!r}; expected one of {sorted(arm_ids)}", m.arm))
        if m.compared_with and m.compared_with not in measurement_ids:
            p.append(Problem(shown, rid, f"{base}.compared_with", f"no measurement with id {m.compared_with!r}",
                             m.compared_with))
    _check_adverse_events(p, shown, rid, record.adverse_events)
    for i, ae in enumerate(record.adverse_events):
        if ae.arm and ae.arm not in arm_ids:
            p.append(Problem(shown, rid, f"adverse_events[{i}].arm", f"no arm with id {ae.arm!r}", ae.arm))
    for i, rob in enumerate(record.risk_of_bias):
        domains = {d: None for d in vocab.BIAS_DOMAINS.get(rob.domain_tool, ["overall"])}
        for k, j in enumerate(rob.judgements):
            _check_key(p, shown, rid, f"risk_of_bias[{i}].judgements[{k}].domain", j.domain, domains,
                       f"domain of {rob.domain_tool}")
            for r, reason in enumerate(j.reasons):
                _check_key(p, shown, rid, f"risk_of_bias[{i}].judgements[{k}].reasons[{r}].domain", reason.domain,
                           domains, f"domain of {rob.domain_tool}")
    _check_unique(p, shown, rid, "measurements", [m.id for m in record.measurements])
    _check_unique(p, shown, rid, "adverse_events", [a.id for a in record.adverse_events])
    _check_unique(p, shown, rid, "interventions", [a.id for a in record.interventions])
    _check_unique(p, shown, rid, "arms", [a.id for a in record.arms])
    return p


def _check_adverse_events(p: list[Problem], shown: str, rid: str, events: list) -> None:
    events_ruled_out = {key: value for key, value in vocab.ADVERSE_EVENTS.items() if key != "none"}
    for i, ae in enumerate(events):
        _check_key(p, shown, rid, f"adverse_events[{i}].event", ae.event, vocab.ADVERSE_EVENTS, "adverse event")
        for k, key in enumerate(ae.none_of):
            _check_key(p, shown, rid, f"adverse_events[{i}].none_of[{k}]", key, events_ruled_out, "adverse event")


def check_review_keys(record: ReviewRecord, shown: str) -> list[Problem]:
    p: list[Problem] = []
    for i, c in enumerate(record.comparisons):
        _check_key(p, shown, record.id, f"comparisons[{i}].unit", c.unit, vocab.UNITS, "unit")
    for i, claim in enumerate(record.claims):
        if claim.unit is not None:
            _check_key(p, shown, record.id, f"claims[{i}].unit", claim.unit, vocab.UNITS, "unit")
    _check_adverse_events(p, shown, record.id, record.adverse_events)
    for i, claim in enumerate(record.claims):
        _check_key(p, shown, record.id, f"claims[{i}].about_design", claim.about_design, vocab.DESIGNS, "design")
        _check_key(p, shown, record.id, f"claims[{i}].asserts_source_kind", claim.asserts_source_kind,
                   vocab.SOURCE_KINDS, "source kind")
    _check_unique(p, shown, record.id, "claims", [c.id for c in record.claims])
    _check_unique(p, shown, record.id, "comparisons", [c.id for c in record.comparisons])
    _check_unique(p, shown, record.id, "findings", [c.id for c in record.findings])
    _check_unique(p, shown, record.id, "included_studies", [c.study for c in record.included_studies], "study")
    return p


def _check_unique(p: list[Problem], shown: str, rid: str, field: str, ids: list[str], key: str = "id") -> None:
    seen: set[str] = set()
    for index, item in enumerate(ids):
        if item in seen:
            p.append(Problem(shown, rid, f"{field}[{index}].{key}", f"{key} {item!r} is used twice; each must be unique", item))
        seen.add(item)


def load_record(path: Path, root: Path | None = None, raw: bytes | None = None) -> LoadedRecord:
    """One checked record, or RecordError listing every problem found in the file. `raw`: the file's
    bytes when the caller read them already (read them with read_record_bytes)."""
    shown = shown_path(path, root)
    kind = kind_of(path)
    data = read_yaml(path, shown, root, raw)
    record = validate_record(data, kind, shown)
    problems: list[Problem] = []
    if record.id != path.stem:
        problems.append(Problem(shown, record.id, "id", f"id must equal the file name {path.stem!r}", record.id))
    problems += check_curies(record, shown, record.id)
    if isinstance(record, StudyRecord):
        problems += check_study_keys(record, shown)
    elif isinstance(record, ReviewRecord):
        problems += check_review_keys(record, shown)
    if problems:
        raise RecordError(problems)
    return LoadedRecord(path, shown, record)


def load_all(paths: list[Path], root: Path | None = None) -> tuple[list[LoadedRecord], list[Problem]]:
    """Every record that loads, and the problems of those that do not (one run reports them all)."""
    loaded: list[LoadedRecord] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            loaded.append(load_record(path, root))
        except RecordError as error:
            problems += error.problems
    problems += check_references(loaded)
    return loaded, problems


def check_references(records: list[LoadedRecord]) -> list[Problem]:
    """Cross-record rules (records.links): cited documents and included studies exist; no two source
    records share a DOI, PubMed or NCT ID."""
    from exograph.records.links import check_links, links_of

    return check_links([links_of(r) for r in records])


def iter_paths(args_paths: list[Path], data_dir: Path) -> Iterator[Path]:
    """The files named on the command line (folders expanded by the same discovery as data/), or
    every curated file."""
    if not args_paths:
        yield from record_files(data_dir)
        return
    for path in args_paths:
        if path.is_dir() and not path.name.lower().endswith(YAML_SUFFIXES):
            yield from record_files(path)
        else:
            yield path

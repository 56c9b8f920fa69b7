"""Load curated YAML files into checked records. Every problem names the file, the record and the
field, and says what was expected; nothing unknown is silently dropped."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Union

import yaml
from pydantic import BaseModel, ValidationError

from exograph import vocab
from exograph.errors import Problem, RecordError
from exograph.records.schema import ReviewRecord, StudyRecord

MAX_BYTES = 1_000_000  # a curated record is a few kB; anything this large is not one

Record = Union[StudyRecord, ReviewRecord]


@dataclass(frozen=True)
class LoadedRecord:
    path: Path
    rel_path: str
    record: Record

    @property
    def kind(self) -> str:
        return "study" if isinstance(self.record, StudyRecord) else "review"


def record_files(data_dir: Path) -> list[Path]:
    """Every curated file, in a stable order: reviews first, then studies."""
    found = sorted((data_dir / "reviews").glob("*.yaml")) + sorted((data_dir / "studies").glob("*.yaml"))
    return [p for p in found if not p.name.startswith("_")]


def kind_of(path: Path) -> str:
    return "review" if path.parent.name == "reviews" else "study"


# libyaml's scanner and parser, PyYAML's safe constructor: the same data as yaml.safe_load, ~10x faster
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _parse_yaml(text: str) -> Any:
    """yaml.safe_load's result. A malformed file is parsed again by the pure-Python loader, so the
    error a curator reads (problem and position) is the same with or without libyaml."""
    try:
        return yaml.load(text, Loader=_FAST_LOADER)  # noqa: S506 - a safe loader
    except yaml.YAMLError:
        return yaml.safe_load(text)


def read_yaml(path: Path, shown: str) -> Any:
    """The parsed YAML of one file, or a RecordError naming the file and what is wrong with it."""
    record = path.stem

    def fail(message: str) -> RecordError:
        return RecordError([Problem(shown, record, "", message)])

    try:
        size = path.stat().st_size
    except OSError as error:
        raise fail(f"cannot read the file: {error.strerror}") from None
    if size > MAX_BYTES:
        raise fail(f"file is {size:,} bytes; a curated record is expected to be under {MAX_BYTES:,} bytes")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise fail(f"not UTF-8 text (byte {error.start}: {raw[error.start:error.start + 1]!r}); "
                   "save the file as UTF-8") from None
    if not text.strip():
        raise fail("the file is empty; expected a YAML mapping of a study or review record")
    try:
        data = _parse_yaml(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise fail(f"malformed YAML{where}: {problem}") from None
    if not isinstance(data, dict):
        raise fail(f"expected a YAML mapping of fields, got {type(data).__name__}")
    return data


def _field_path(loc: tuple[Any, ...]) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        elif str(item).startswith("function-") or item in ("list[...]",):
            continue
        else:
            parts.append(("." if parts else "") + str(item))
    return "".join(parts)


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
    return error["msg"]


def validate_record(data: dict[str, Any], kind: str, shown: str) -> Record:
    model: type[BaseModel] = StudyRecord if kind == "study" else ReviewRecord
    record_id = str(data.get("id", Path(shown).stem))
    try:
        return model.model_validate(data)
    except ValidationError as error:
        problems = [
            Problem(shown, record_id, _field_path(e["loc"]), _describe(e, model),
                    value="" if e["type"] in ("missing",) else _short(e.get("input")))
            for e in error.errors()
        ]
        raise RecordError(problems) from None


def _short(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return ""
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


def _check_curie(problems: list[Problem], shown: str, rid: str, field: str, curie: str | None) -> None:
    if curie is None:
        return
    try:
        vocab.expand_curie(curie)
    except ValueError as error:
        problems.append(Problem(shown, rid, field, str(error), value=curie))


def check_study_keys(record: StudyRecord, shown: str) -> list[Problem]:
    p: list[Problem] = []
    rid = record.id
    intervention_ids = {i.id for i in record.interventions}
    arm_ids = {a.id for a in record.arms}
    measurement_ids = {m.id for m in record.measurements}
    for i, c in enumerate(record.conditions):
        _check_curie(p, shown, rid, f"conditions[{i}].indication", c.indication)
    for i, iv in enumerate(record.interventions):
        base = f"interventions[{i}]"
        for j, src in enumerate(iv.sources):
            for field in ("tissue", "cell_type"):
                _check_curie(p, shown, rid, f"{base}.sources[{j}].{field}", getattr(src, field))
            for k, org in enumerate(src.organisms):
                _check_curie(p, shown, rid, f"{base}.sources[{j}].organisms[{k}]", org)
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
        _check_curie(p, shown, record.id, f"comparisons[{i}].indication", c.indication)
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
    return p


def _check_unique(p: list[Problem], shown: str, rid: str, field: str, ids: list[str]) -> None:
    seen: set[str] = set()
    for index, item in enumerate(ids):
        if item in seen:
            p.append(Problem(shown, rid, f"{field}[{index}].id", f"id {item!r} is used twice; ids must be unique", item))
        seen.add(item)


def load_record(path: Path, root: Path | None = None) -> LoadedRecord:
    """One checked record, or RecordError listing every problem found in the file."""
    shown = _shown(path, root)
    kind = kind_of(path)
    data = read_yaml(path, shown)
    record = validate_record(data, kind, shown)
    problems: list[Problem] = []
    if record.id != path.stem:
        problems.append(Problem(shown, record.id, "id", f"id must equal the file name {path.stem!r}", record.id))
    if isinstance(record, StudyRecord):
        problems += check_study_keys(record, shown)
    else:
        problems += check_review_keys(record, shown)
    if problems:
        raise RecordError(problems)
    return LoadedRecord(path, shown, record)


def _shown(path: Path, root: Path | None) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve())) if root else str(path)
    except ValueError:
        return str(path)


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
    """Cross-record rules: a study names a review that exists."""
    reviews = {r.record.id for r in records if r.kind == "review"}
    problems = []
    for r in records:
        if r.kind == "study" and reviews and r.record.review not in reviews:
            problems.append(Problem(r.rel_path, r.record.id, "review",
                                    f"no review record {r.record.review!r} in data/reviews/; expected one of {sorted(reviews)}",
                                    r.record.review))
    return problems


def iter_paths(args_paths: list[Path], data_dir: Path) -> Iterator[Path]:
    """The files named on the command line (folders expanded), or every curated file."""
    if not args_paths:
        yield from record_files(data_dir)
        return
    for path in args_paths:
        if path.is_dir():
            yield from sorted(path.rglob("*.yaml"))
        else:
            yield path

"""No invented value: no required field of a curated record is filled with a placeholder.

The format forces some fields (a unit, an event, a route, a first author); where the source states no
value, a curator might be tempted to write one anyway ("not stated", a unit for a result without a
number). This test walks every required field of every model of every record and lists any such
placeholder. Value-set members that state an absence the quote shows (`kind: unspecified` for exosomes
of no stated origin, `event: unspecified` for "adverse events were mild" with no event named, `event:
none` with its scope) are statements of the source, not placeholders: they are listed in CODED_ABSENCES.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterator

import pytest
from pydantic import BaseModel

from support import ROOT
from exograph.records.load import load_record, record_files
from exograph.records.schema import Comparison, Measurement

RECORDS = record_files(ROOT / "data")

PLACEHOLDER = re.compile(r"^\s*(not stated|not reported|not given|not available|unknown|unclear source|n/?a|"
                         r"tbd|todo|none given|placeholder|-+|\?+|x+|qualitative|various|see text)\s*$", re.I)

# (model, field, value): a value-set member that records what the source says is absent.
CODED_ABSENCES = {
    ("ExosomeSource", "kind", "unspecified"),
    ("AdverseEvent", "event", "unspecified"),
    ("AdverseEvent", "event", "none"),
}


def required_values(model: BaseModel, path: str = "") -> Iterator[tuple[str, str, str, Any]]:
    """(path, model name, field, value) for every required field of the model and its parts."""
    for name, field in type(model).model_fields.items():
        value = getattr(model, name)
        where = f"{path}.{name}" if path else name
        if field.is_required():
            yield where, type(model).__name__, name, value
        for index, item in enumerate(value if isinstance(value, list) else [value]):
            if isinstance(item, BaseModel):
                yield from required_values(item, f"{where}[{index}]" if isinstance(value, list) else where)


def placeholders(model: BaseModel) -> list[str]:
    found = []
    for where, owner, name, value in required_values(model):
        if isinstance(value, str) and (owner, name, value) in CODED_ABSENCES:
            continue
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and PLACEHOLDER.match(item):
                found.append(f"{where} = {item!r}")
            if isinstance(item, list) and not item:
                found.append(f"{where} is an empty list")
    return found + invented_units(model)


def invented_units(model: BaseModel, path: str = "") -> list[str]:
    """A unit given to a result the source states without a number (the schema rejects it too)."""
    found = []
    if isinstance(model, Measurement) and model.unit and all(
            getattr(model, f) is None for f in ("baseline", "followup", "change", "change_min", "change_max",
                                                "value", "sd", "plus_minus")):
        found.append(f"{path}.unit = {model.unit!r} with no number")
    if isinstance(model, Comparison) and model.unit and model.exosome_value is None and model.exosome_min is None \
            and model.exosome_count is None:
        found.append(f"{path}.unit = {model.unit!r} with no value")
    for name in type(model).model_fields:
        value = getattr(model, name)
        for index, item in enumerate(value if isinstance(value, list) else [value]):
            if isinstance(item, BaseModel):
                found += invented_units(item, f"{path}.{name}[{index}]" if isinstance(value, list) else f"{path}.{name}")
    return found


def test_the_check_finds_placeholders_in_required_fields() -> None:
    measurement = Measurement.model_validate({"id": "m", "measure": "hair-density", "qualitative": "improved",
                                              "as_reported": "improved", "at": "x", "quote": "improved"})
    assert placeholders(measurement) == []
    forced = Measurement.model_construct(id="m", measure="hair-density", unit="hairs/cm2", statistic="unspecified")
    assert placeholders(forced) == [".unit = 'hairs/cm2' with no number"]
    from exograph.records.schema import Condition

    condition = Condition.model_validate({"indication": "MONDO:0005339", "as_reported": "not stated"})
    assert placeholders(condition) == ["as_reported = 'not stated'"]


def test_every_required_field_is_walked() -> None:
    """The walk reaches the required fields of nested models (interventions, sources, measurements)."""
    loaded = load_record(ROOT / "data" / "studies" / "park-2022.yaml", ROOT)
    names = {(owner, name) for _, owner, name, _ in required_values(loaded.record)}
    assert {("StudyRecord", "citation"), ("ExosomeSource", "kind"), ("Measurement", "measure"),
            ("Administration", "as_reported"), ("Quantity", "unit"), ("Condition", "indication")} <= names


@pytest.mark.parametrize("path", RECORDS, ids=[p.stem for p in RECORDS])
def test_no_required_field_holds_a_placeholder(path: Path) -> None:
    loaded = load_record(path, ROOT)
    found = placeholders(loaded.record)
    assert not found, f"{loaded.rel_path}: required fields filled with a placeholder (record what the source " \
                      "says, or leave an optional field out):\n" + "\n".join(found)

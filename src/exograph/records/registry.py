"""ClinicalTrials.gov API v2 study JSON → registry source records (data/sources/<nct id>.yaml).

A file is one study, as `https://clinicaltrials.gov/api/v2/studies/NCT...` returns it, or a page of
studies (`{"studies": [...]}`) as a search returns it; a user downloads them, nothing is fetched here.
Every value of the record is the registry's own, enumerations as printed (COMPLETED, PHASE2, DOUBLE):
the record is the registry's statement, kept with its JSON in data/sources/ as the document's text.
A file that is not such JSON, or a study without its NCT ID, title or status, is an error naming the
file, the study and the JSON path; nothing is written unless every file is good.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from exograph.errors import Problem

REQUIRED = (("identificationModule", "nctId"), ("identificationModule", "briefTitle"),
            ("statusModule", "overallStatus"))
STUDY_URL = "https://clinicaltrials.gov/study/{}"


@dataclass(frozen=True)
class RegistryStudy:
    """One study read from a registry file: its source record (as YAML data) and its JSON text."""

    nct_id: str
    file: str
    record: dict[str, Any]
    text: bytes

    @property
    def record_id(self) -> str:
        return self.nct_id.lower()


class _Bad(Exception):
    """A problem with one study of a file (collected, never raised out of this module)."""

    def __init__(self, path: str, message: str):
        super().__init__(message)
        self.path, self.message = path, message


def read_registry_file(path: Path, shown: str) -> tuple[list[RegistryStudy], list[Problem]]:
    """The studies of one downloaded file, or the problems that keep them out."""
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except OSError as error:
        return [], [Problem(shown, path.stem, "", f"cannot read the file: {error.strerror}")]
    except UnicodeDecodeError:
        return [], [Problem(shown, path.stem, "", "not UTF-8 text; expected ClinicalTrials.gov API v2 study JSON")]
    except json.JSONDecodeError as error:
        return [], [Problem(shown, path.stem, "", f"not JSON (line {error.lineno}, column {error.colno}: {error.msg}); "
                            "expected ClinicalTrials.gov API v2 study JSON, as /api/v2/studies/NCT... returns it")]
    studies = _studies_of(data)
    if studies is None:
        return [], [Problem(shown, path.stem, "", "not a ClinicalTrials.gov API v2 study: expected an object with "
                            "protocolSection (as /api/v2/studies/NCT... returns it) or {\"studies\": [...]} "
                            "(a search page)")]
    found, problems = [], []
    for index, study in enumerate(studies):
        where = "" if isinstance(data, dict) and "protocolSection" in data else f"studies[{index}]."
        try:
            found.append(_study(study, shown, where, path.read_bytes() if not where else None))
        except _Bad as bad:
            nct = _get(study, "protocolSection", "identificationModule", "nctId")
            problems.append(Problem(shown, nct if isinstance(nct, str) else path.stem, where + bad.path, bad.message))
    return found, problems


def _studies_of(data: Any) -> list[Any] | None:
    if isinstance(data, dict) and isinstance(data.get("protocolSection"), dict):
        return [data]
    if isinstance(data, dict) and isinstance(data.get("studies"), list) and data["studies"]:
        return data["studies"] if all(isinstance(s, dict) and "protocolSection" in s for s in data["studies"]) else None
    return None


def _get(data: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _study(study: dict[str, Any], shown: str, where: str, original: bytes | None) -> RegistryStudy:
    protocol = study["protocolSection"]
    for module, field in REQUIRED:
        value = _get(protocol, module, field)
        if not isinstance(value, str) or not value.strip():
            raise _Bad(f"protocolSection.{module}.{field}",
                       f"protocolSection.{module}.{field} is {'missing' if value is None else 'not text'}; "
                       "a registry record needs the trial's NCT ID, brief title and overall status")
    nct = protocol["identificationModule"]["nctId"]
    trial = _trial(protocol, study)
    record = {
        "id": nct.lower(),
        "kind": "registry-record",
        "label": f"{nct}: {trial['title']}",
        "identifiers": {"nct": nct, "url": STUDY_URL.format(nct)},
        "text": f"{nct.lower()}.json",
        "trial": trial,
    }
    text = original if original is not None else (json.dumps(study, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    return RegistryStudy(nct, shown, record, text)


def _trial(protocol: dict[str, Any], study: dict[str, Any]) -> dict[str, Any]:
    """The registry's statements of the trial, under the record's field names (absent ones left out)."""
    design = protocol.get("designModule") or {}
    info = design.get("designInfo") or {}
    status = protocol.get("statusModule") or {}
    trial: dict[str, Any] = {
        "registry": "ClinicalTrials.gov",
        "nct_id": protocol["identificationModule"]["nctId"],
        "title": protocol["identificationModule"]["briefTitle"],
        "official_title": _text(protocol, "identificationModule", "officialTitle"),
        "status": status["overallStatus"],
        "phases": _texts(design, "phases"),
        "study_type": _text(design, "studyType"),
        "allocation": _text(info, "allocation"),
        "intervention_model": _text(info, "interventionModel"),
        "masking": _text(info, "maskingInfo", "masking"),
        "conditions": _texts(protocol.get("conditionsModule") or {}, "conditions"),
        "interventions": _interventions(protocol),
        "enrollment": _enrollment(design),
        "start": _date(status, "startDateStruct"),
        "primary_completion": _date(status, "primaryCompletionDateStruct"),
        "completion": _date(status, "completionDateStruct"),
        "first_posted": _date(status, "studyFirstPostDateStruct"),
        "last_update_posted": _date(status, "lastUpdatePostDateStruct"),
        "sponsor": _text(protocol, "sponsorCollaboratorsModule", "leadSponsor", "name"),
        "primary_outcomes": _outcomes(protocol, "primaryOutcomes"),
        "secondary_outcomes": _outcomes(protocol, "secondaryOutcomes"),
        "has_results": study.get("hasResults") if isinstance(study.get("hasResults"), bool) else None,
    }
    return {key: value for key, value in trial.items() if value not in (None, [])}


def _text(data: Any, *keys: str) -> str | None:
    value = _get(data, *keys)
    if value is None:
        return None
    if not isinstance(value, str):
        raise _Bad(".".join(keys), f"{'.'.join(keys)} is {type(value).__name__}; the registry gives text here")
    return value


def _texts(data: dict[str, Any], key: str) -> list[str]:
    value = data.get(key) or []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise _Bad(key, f"{key} must be a list of text")
    return value


def _interventions(protocol: dict[str, Any]) -> list[dict[str, Any]]:
    items = _get(protocol, "armsInterventionsModule", "interventions") or []
    found = []
    for index, item in enumerate(items):
        name = _text(item, "name")
        if not name:
            raise _Bad(f"protocolSection.armsInterventionsModule.interventions[{index}].name",
                       "an intervention needs its name")
        entry = {"type": _text(item, "type"), "name": name, "description": _text(item, "description")}
        found.append({key: value for key, value in entry.items() if value is not None})
    return found


def _enrollment(design: dict[str, Any]) -> dict[str, Any] | None:
    info = design.get("enrollmentInfo")
    if not info:
        return None
    count = info.get("count")
    if not isinstance(count, int) or isinstance(count, bool) or count < 0:
        raise _Bad("protocolSection.designModule.enrollmentInfo.count",
                   f"enrollmentInfo.count is {count!r}; the registry gives a whole number of participants")
    return {"count": count, **({"type": info["type"]} if info.get("type") else {})}


def _date(status: dict[str, Any], key: str) -> dict[str, Any] | None:
    struct = status.get(key)
    if not struct:
        return None
    date = _text(struct, "date")
    if date is None:
        raise _Bad(f"protocolSection.statusModule.{key}.date", f"{key} has no date")
    return {"date": date, **({"type": struct["type"]} if struct.get("type") else {})}


def _outcomes(protocol: dict[str, Any], key: str) -> list[dict[str, Any]]:
    items = _get(protocol, "outcomesModule", key) or []
    found = []
    for index, item in enumerate(items):
        measure = _text(item, "measure")
        if not measure:
            raise _Bad(f"protocolSection.outcomesModule.{key}[{index}].measure", "an outcome needs its measure")
        entry = {"measure": measure, "time_frame": _text(item, "timeFrame"), "description": _text(item, "description")}
        found.append({k: v for k, v in entry.items() if v is not None})
    return found

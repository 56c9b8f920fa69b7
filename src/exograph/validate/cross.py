"""Rules across records, applied once per run (per-record SHACL cannot see other records).

That a study's review exists is checked when records load (records.load.check_references); here:
a claim whose `about` is written like a study id (`<author>-<year>`) names a study that exists.
Other `about` values (design keys, exclusion reasons, levels) are free keys and are not checked.
"""

from __future__ import annotations

import difflib
import re
from typing import Iterable

from exograph.errors import Problem
from exograph.records.load import LoadedRecord
from exograph.records.schema import ReviewRecord

STUDY_ID = re.compile(r"^[a-z]+(-[a-z]+)*-(19|20)\d{2}[a-z]?$")


def cross_record_problems(records: Iterable[LoadedRecord], everything: Iterable[LoadedRecord]) -> list[Problem]:
    """Problems of `records` that need the other records (`everything`) to see."""
    everything = list(everything)
    study_ids = sorted(r.record.id for r in everything if r.kind == "study")
    problems: list[Problem] = []
    for loaded in records:
        if isinstance(loaded.record, ReviewRecord) and study_ids:
            problems += claim_about_problems(loaded, study_ids)
    return problems


def claim_about_problems(loaded: LoadedRecord, study_ids: list[str]) -> list[Problem]:
    record = loaded.record
    assert isinstance(record, ReviewRecord)
    problems = []
    for claim in record.claims:
        about = claim.about
        if about is None or not STUDY_ID.match(about) or about in study_ids:
            continue
        close = difflib.get_close_matches(about, study_ids, n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"expected one of: {', '.join(study_ids)}"
        problems.append(Problem(loaded.rel_path, record.id, f"claims[{claim.id}].about",
                                f"about names study {about!r}, but no study record has that id; {hint}",
                                value=about))
    return problems

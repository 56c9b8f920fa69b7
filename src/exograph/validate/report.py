"""Validation reports as text grouped by file, as JSON, or as the SHACL report graph."""

from __future__ import annotations

import json
from itertools import groupby

from exograph.errors import Problem


def as_text(problems: list[Problem], checked: int) -> str:
    if not problems:
        return f"{checked} record(s) conform."
    lines = []
    ordered = sorted(problems, key=lambda p: (p.file, p.record, p.field))
    for file, group in groupby(ordered, key=lambda p: p.file):
        lines.append(file)
        for problem in group:
            shown = f" (got {problem.value!r})" if problem.value else ""
            field = problem.field or "(record)"
            lines.append(f"  {problem.severity.lower()}: record {problem.record}: field {field}: {problem.message}{shown}")
    violations = sum(p.severity == "Violation" for p in problems)
    lines.append(f"{violations} violation(s), {len(problems) - violations} warning(s) in {checked} record(s).")
    return "\n".join(lines)


def as_json(problems: list[Problem]) -> str:
    return json.dumps([p.as_dict() for p in problems], indent=2, ensure_ascii=False)

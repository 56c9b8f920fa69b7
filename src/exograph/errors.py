"""One exception tree: every error says where it happened and what was expected."""

from __future__ import annotations

from dataclasses import dataclass


class ExographError(Exception):
    """Base of every error exograph reports to a user (exit code 2 unless a subclass says otherwise)."""

    exit_code = 2


@dataclass(frozen=True)
class Problem:
    """One problem found in a curated file: where it is and what was expected."""

    file: str
    record: str
    field: str
    message: str
    value: str = ""
    severity: str = "Violation"

    def as_text(self) -> str:
        shown = f" (got {self.value!r})" if self.value else ""
        return f"{self.file}: record {self.record}: field {self.field or '(record)'}: {self.message}{shown}"

    def as_dict(self) -> dict[str, str]:
        return {
            "file": self.file,
            "record": self.record,
            "field": self.field,
            "value": self.value,
            "message": self.message,
            "severity": self.severity,
        }


class RecordError(ExographError):
    """A curated file could not be read or does not follow the curation format."""

    exit_code = 1

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(p.as_text() for p in problems))


class QueryError(ExographError):
    """A saved query is unknown, malformed, or got a bad parameter."""


class EndpointError(ExographError):
    """A SPARQL endpoint failed or answered something that is not a SPARQL result."""

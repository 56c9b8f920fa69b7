"""Verbatim quotes: how a quote is matched against its source document, and which facts carry one."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from pydantic import BaseModel

from exograph.records.schema import ReviewRecord, Sourced, StudyRecord

# Only real tags: a "<" in "p<0.001" or a "<https://...>" link is text, not markup.
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(\s[^<>]*)?/?>")


def normalize(text: str) -> str:
    """Tags such as <sup> are dropped (their text stays) and every run of whitespace becomes one space:
    a quote survives line breaks, table tabs and markup, but every character it shows is verbatim."""
    return " ".join(_TAG.sub("", text).split())


@dataclass(frozen=True)
class QuotedFact:
    field_path: str
    document: str
    quote: str | None
    at: str | None


def sourced_facts(record: StudyRecord | ReviewRecord, default_document: str) -> Iterator[QuotedFact]:
    """Every fact of a record that can carry provenance, with the document its quote must come from."""
    yield from _walk(record, "", default_document)


def _walk(value: Any, path: str, document: str) -> Iterator[QuotedFact]:
    if isinstance(value, Sourced):
        yield QuotedFact(path or "(record)", value.document or document, value.quote, value.at)
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            child = getattr(value, name)
            if child is None or name in ("quote", "at", "document"):
                continue
            yield from _walk(child, f"{path}.{name}" if path else name, document)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, f"{path}[{index}]", document)


class SourceTexts:
    """Normalized source documents, read once each from the seeds folder."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._cache: dict[str, str | None] = {}

    def text(self, document: str) -> str | None:
        if document not in self._cache:
            path = self.folder / document
            self._cache[document] = normalize(path.read_text(encoding="utf-8")) if path.is_file() else None
        return self._cache[document]

    def contains(self, document: str, quote: str) -> bool | None:
        """True/False whether the quote occurs in the document; None when the document is not available."""
        text = self.text(document)
        return None if text is None else normalize(quote) in text

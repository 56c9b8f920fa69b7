"""Verbatim quotes: how a quote is matched against its source document, which facts carry one, and
where a document's text is (its source record names the file; the text folders are searched in order)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

from pydantic import BaseModel

from exograph.records.schema import ReviewRecord, Sourced, SourceRecord, StudyRecord

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


def default_document(record: StudyRecord | ReviewRecord | SourceRecord) -> str:
    """The document a record's facts are quoted from unless a fact names another: a study's or review's
    `document`; a source record's own text (its citation quotes the document itself)."""
    return record.id if isinstance(record, SourceRecord) else record.document


def sourced_facts(record: StudyRecord | ReviewRecord | SourceRecord,
                  default: str | None = None) -> Iterator[QuotedFact]:
    """Every fact of a record that can carry provenance, with the document its quote must come from."""
    yield from _walk(record, "", default or default_document(record))


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


@dataclass(frozen=True)
class TextLookup:
    """Where a document's text is, or why it cannot be read. status: found; no-text (its record names no
    text file); missing (in none of the text folders, all of which exist); unavailable (not found, and
    some text folder is absent, e.g. ../shared in a fresh clone); no-record (no source record)."""

    document: str
    status: str
    text_name: str | None = None
    path: Path | None = None
    absent: tuple[Path, ...] = ()


class DocumentTexts:
    """The texts of source documents: each source record names its text file, looked for in the text
    folders in order; each text is read and normalized once."""

    def __init__(self, folders: list[Path], texts: Mapping[str, str | None]):
        self.folders = folders
        self.texts = dict(texts)  # document id -> the text file its record names (None: none)
        self._normalized: dict[str, str | None] = {}
        self.read_errors: dict[str, str] = {}  # document id -> why its text file, found, could not be read

    @property
    def absent_folders(self) -> tuple[Path, ...]:
        return tuple(folder for folder in self.folders if not folder.is_dir())

    def lookup(self, document: str) -> TextLookup:
        if document not in self.texts:
            return TextLookup(document, "no-record")
        name = self.texts[document]
        if name is None:
            return TextLookup(document, "no-text")
        for folder in self.folders:
            if (folder / name).is_file():
                return TextLookup(document, "found", name, folder / name)
        absent = self.absent_folders
        return TextLookup(document, "unavailable" if absent else "missing", name, None, absent)

    def text(self, document: str) -> str | None:
        """The normalized text, or None when it cannot be read."""
        if document not in self._normalized:
            found = self.lookup(document).path
            try:
                self._normalized[document] = normalize(found.read_text(encoding="utf-8")) if found else None
            except (OSError, UnicodeDecodeError) as error:  # unreadable counts as unavailable, with the reason
                self._normalized[document] = None
                self.read_errors[document] = ("it is not UTF-8 text" if isinstance(error, UnicodeDecodeError)
                                              else error.strerror or type(error).__name__)
        return self._normalized[document]

    def contains(self, document: str, quote: str) -> bool | None:
        """True/False whether the quote occurs in the document; None when its text is not available."""
        text = self.text(document)
        return None if text is None else normalize(quote) in text


def document_texts(folders: list[Path], records: Iterable[Any]) -> DocumentTexts:
    """DocumentTexts over the source records among `records` (LoadedRecords, or stand-ins with .record)."""
    return DocumentTexts(folders, {r.record.id: r.record.text for r in records if isinstance(r.record, SourceRecord)})


class SourceTexts:
    """Normalized documents of one folder, by file name (for tests and tools that read a folder directly)."""

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

"""Check each quote of a record's graph against the text of its source document.

A fact's document is a source record (data/sources/<id>.yaml) that names its text file; the text is
looked for in data/sources/ and the configured text folders (exograph.records.quotes.DocumentTexts).
Quotes are matched as exograph.records.quotes defines it (tags dropped, whitespace folded), so the
validator and the curation tests agree. The graph (not the YAML) is walked so a problem's field path is
the same one the shapes report (`measurements[density-change-table].quote`).

A quote whose text cannot be read is not silently passed: each record gets one warning per document
saying how many of its quotes were not checked and why (`quotes not checked: ...`); `--strict-quotes`
makes those violations, and `unchecked_by_document` sums them for the notice validate, build and demo
print. A source record whose text file is in none of the text folders (all of them present) is a
violation of that record's `text`.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable

from rdflib import Graph, URIRef
from rdflib.namespace import PROV, RDF

from exograph.errors import Problem
from exograph.records.index import TripleIndex
from exograph.records.iri import document_id
from exograph.records.quotes import DocumentTexts, TextLookup, normalize
from exograph.validate.locate import Locator, join_field
from exograph.vocab import EXO

UNCHECKED = "quotes not checked"
_UNCHECKED = re.compile(rf"^{UNCHECKED}: (\d+) quote\(s\) cite source ([a-z0-9]+(?:-[a-z0-9]+)*), ")


def matching_prefix(quote: str, text: str) -> int:
    """How many leading characters of `quote` occur somewhere in `text` (binary search: if a prefix
    occurs, every shorter prefix does too)."""
    low, high = 0, len(quote)
    while low < high:
        middle = (low + high + 1) // 2
        if quote[:middle] in text:
            low = middle
        else:
            high = middle - 1
    return low


class QuoteChecker:
    """Checks the quotes of one record graph at a time against the texts of their documents."""

    def __init__(self, texts: DocumentTexts, locator: Locator, root: Path | None = None):
        self.texts = texts
        self.locator = locator
        self.root = root

    def check(self, record: TripleIndex | Graph) -> list[Problem]:
        """A problem for every quote of the record (its triples) that is not in its document's text, one
        warning per document whose text cannot be read (with the number of quotes left unchecked), and a
        violation for a source record whose text file is nowhere."""
        data = TripleIndex.of(record)
        problems: list[Problem] = []
        unchecked: Counter[str] = Counter()
        first_node: dict[str, URIRef] = {}
        for node, quote in sorted(data.subject_objects(EXO.quote)):
            document = document_id(data.any_object(node, PROV.wasDerivedFrom))
            if document is None:
                continue  # no document: the provenance shape reports it
            if self.texts.text(document) is None:
                if self.texts.lookup(document).status != "no-record":  # a missing record is a load error
                    unchecked[document] += 1
                    first_node.setdefault(document, node)
                continue
            problem = self._check_quote(node, str(quote), document, data)
            if problem:
                problems.append(problem)
        for document, count in sorted(unchecked.items()):
            problems.append(self._unchecked(document, count, first_node[document], data))
        return problems + self._own_text(data)

    def _check_quote(self, node: URIRef, quote: str, document: str, data: TripleIndex) -> Problem | None:
        wanted, text = normalize(quote), self.texts.text(document) or ""
        if wanted in text:
            return None
        matched = matching_prefix(wanted, text)
        hint = (f"it matches the source up to {wanted[max(0, matched - 30):matched]!r}, then differs at "
                f"{wanted[matched:matched + 30]!r}" if matched >= 10 else "not even its start occurs there")
        file, record, path = self.locator.locate(node, data)
        name = self.texts.lookup(document).text_name
        return Problem(file, record, join_field(path, "quote"),
                       f"quote is not in the source {document} ({name}): {hint}; copy a verbatim span "
                       "(HTML tags and runs of whitespace are ignored)", value=_short(quote))

    def _unchecked(self, document: str, count: int, node: URIRef, data: TripleIndex) -> Problem:
        file, record, _ = self.locator.locate(node, data)
        return Problem(file, record, "document", f"{UNCHECKED}: {count} quote(s) cite source {document}, "
                       f"{self.reason(self.texts.lookup(document))}", value=document, severity="Warning")

    def reason(self, lookup: TextLookup) -> str:
        """Why a document's text cannot be read, and what to do."""
        if lookup.status == "no-text":
            return (f"whose record (data/sources/{lookup.document}.yaml) names no text file; save the text in "
                    "data/sources/ and give its file name as `text:`")
        if lookup.status == "found" and lookup.path is not None:
            why = self.texts.read_errors.get(lookup.document, "it cannot be read")
            return f"whose text {lookup.text_name} ({self.shown(lookup.path.parent)}) cannot be read: {why}"
        searched = ", ".join(self.shown(folder) for folder in self.texts.folders)
        if lookup.status == "unavailable":
            absent = ", ".join(self.shown(folder) for folder in lookup.absent)
            present = ", ".join(self.shown(f) for f in self.texts.folders if f not in lookup.absent) or "none"
            return (f"whose text {lookup.text_name} was not found: the text folder(s) {absent} are absent "
                    f"(searched also {present}); point EXOGRAPH_TEXTS or text-folders in pyproject.toml at the "
                    "folder that holds it")
        return f"whose text {lookup.text_name} is in none of the text folders ({searched})"

    def _own_text(self, data: TripleIndex) -> list[Problem]:
        """A source record's text file must exist where the text folders say (when they all exist)."""
        problems = []
        for node in data.subjects(RDF.type, EXO.SourceDocument):
            document = document_id(node)
            lookup = self.texts.lookup(document) if document else None
            if lookup is not None and lookup.status == "missing":
                file, record, _ = self.locator.locate(node, data)
                problems.append(Problem(file, record, "text", f"text file {lookup.text_name!r} is in none of the "
                                        f"text folders ({', '.join(self.shown(f) for f in self.texts.folders)}); "
                                        "save it in data/sources/ or correct the file name", value=lookup.text_name))
        return problems

    def shown(self, folder: Path) -> str:
        """A folder as configured: relative to the project (../shared/seeds/), else as given."""
        if self.root is not None and folder.is_absolute() == self.root.is_absolute():
            return os.path.relpath(folder, self.root) + "/"
        return str(folder) + "/"


def strict(problems: list[Problem]) -> list[Problem]:
    """`--strict-quotes`: a quote that could not be checked is a violation, not a warning."""
    return [replace(p, severity="Violation") if p.message.startswith(UNCHECKED) else p for p in problems]


@dataclass(frozen=True)
class Unchecked:
    document: str
    quotes: int
    reason: str


def unchecked_by_document(problems: Iterable[Problem]) -> list[Unchecked]:
    """The quotes left unchecked, summed per document, from the per-record warnings."""
    counts: Counter[str] = Counter()
    reasons: dict[str, str] = {}
    for problem in problems:
        match = _UNCHECKED.match(problem.message)
        if match:
            counts[match.group(2)] += int(match.group(1))
            reasons.setdefault(match.group(2), problem.message[match.end():])
    return [Unchecked(document, count, reasons[document]) for document, count in sorted(counts.items())]


def unchecked_notice(problems: Iterable[Problem], is_strict: bool = False) -> list[str]:
    """The lines of the notice about unchecked quotes (empty when every quote was checked)."""
    summary = unchecked_by_document(problems)
    if not summary:
        return []
    total = sum(item.quotes for item in summary)
    rule = "!" * 78
    lines = [rule, f"QUOTES NOT CHECKED: {total} quote(s) of {len(summary)} source document(s) were not compared "
             "with their text" + (" (--strict-quotes: a violation)" if is_strict else "")]
    lines += [f"  {item.document}: {item.quotes} quote(s) unchecked, {item.reason}" for item in summary]
    lines += ["Every other quote was checked. --strict-quotes (on in CI) makes unchecked quotes a violation.", rule]
    return lines


def report_unchecked(problems: Iterable[Problem], is_strict: bool = False) -> None:
    """The notice, on stderr, of quotes whose source text was not available (nothing when all were checked)."""
    from exograph.progress import progress

    for line in unchecked_notice(problems, is_strict):
        progress(line)


def _short(text: str) -> str:
    return text if len(text) <= 80 else text[:77] + "..."

"""Check each quote of a record's graph against the text of its source document in the seeds folder.

Quotes are matched as exograph.records.quotes defines it (tags dropped, whitespace folded), so the
validator and the curation tests agree. The graph (not the YAML) is walked so a problem's field path
is the same one the shapes report (`measurements[density-change-table].quote`). When the seeds folder
is absent, one warning says quotes were not checked.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from rdflib import Graph, URIRef
from rdflib.namespace import PROV

from exograph.errors import Problem
from exograph.records.index import TripleIndex
from exograph.records.iri import document_iri
from exograph.records.quotes import SourceTexts, normalize
from exograph.validate.locate import Locator, join_field
from exograph.vocab import EXO


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
    """Checks the quotes of one record graph at a time against the documents of a seeds folder."""

    def __init__(self, seeds: Path, locator: Locator, document_names: Iterable[str] = ()):
        self.seeds = seeds
        self.locator = locator
        self.available = seeds.is_dir()
        self.texts = SourceTexts(seeds)
        # The graph names a document by IRI (exd:document/<slug>); map it back to the name a record
        # gave (`document:` may be a path relative to the seeds folder) or to a file of the folder.
        names = [p.name for p in sorted(seeds.iterdir()) if p.is_file()] if self.available else []
        self.names: dict[URIRef, str] = {document_iri(name): name for name in [*names, *document_names]}

    def unchecked(self) -> list[Problem]:
        """The one warning for a run without source documents."""
        if self.available:
            return []
        return [Problem(str(self.seeds), "", "", f"source documents not found, quotes not checked "
                        f"(expected the seeds folder at {self.seeds}; set EXOGRAPH_SEEDS to its location)",
                        severity="Warning")]

    def check(self, record: TripleIndex | Graph) -> list[Problem]:
        """A problem for every quote of the record (its triples) that is not in its document, and for
        every document that is not in the seeds folder."""
        if not self.available:
            return []
        data = TripleIndex.of(record)
        problems: list[Problem] = []
        missing_documents: set[URIRef] = set()
        for node, quote in sorted(data.subject_objects(EXO.quote)):
            document = data.any_object(node, PROV.wasDerivedFrom)
            if not isinstance(document, URIRef):
                continue  # no document: the provenance shape reports it
            if self._text(document) is None:
                if document not in missing_documents:
                    missing_documents.add(document)
                    problems.append(self._missing_document(node, document, data))
                continue
            problem = self._check_quote(node, str(quote), document, data)
            if problem:
                problems.append(problem)
        return problems

    def _check_quote(self, node: URIRef, quote: str, document: URIRef, data: TripleIndex) -> Problem | None:
        wanted, text = normalize(quote), self._text(document) or ""
        if wanted in text:
            return None
        name = self.names[document]
        matched = matching_prefix(wanted, text)
        hint = (f"it matches the source up to {wanted[max(0, matched - 30):matched]!r}, then differs at "
                f"{wanted[matched:matched + 30]!r}" if matched >= 10 else "not even its start occurs there")
        file, record, path = self.locator.locate(node, data)
        return Problem(file, record, join_field(path, "quote"),
                       f"quote is not in the source {name}: {hint}; copy a verbatim span "
                       "(HTML tags and runs of whitespace are ignored)", value=_short(quote))

    def _text(self, document: URIRef) -> str | None:
        name = self.names.get(document)
        try:
            return self.texts.text(name) if name else None
        except (OSError, UnicodeDecodeError):  # unreadable counts as absent: reported as such
            return None

    def _missing_document(self, node: URIRef, document: URIRef, data: TripleIndex) -> Problem:
        file, record, path = self.locator.locate(node, data)
        name = self.names.get(document, str(document).rsplit("/", 1)[-1])
        available = ", ".join(p.name for p in sorted(self.seeds.iterdir()) if p.is_file()) or "none"
        return Problem(file, record, join_field(path, "document"),
                       f"source document {name!r} is not in the seeds folder {self.seeds}, so its quotes cannot "
                       f"be checked; expected one of: {available}", value=name)


def _short(text: str) -> str:
    return text if len(text) <= 80 else text[:77] + "..."

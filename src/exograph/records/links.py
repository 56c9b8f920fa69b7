"""Links between records, and the rules across records that loading applies: every document a record
cites is a source record in data/sources/, every study a review includes is a study record, and no two
source records describe one document (same DOI, PubMed or NCT ID).

A record's links are a few ids (`RecordLinks`), so the build can keep them for unchanged files and check
the rules without reading those files again.
"""

from __future__ import annotations

import difflib
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from pydantic import BaseModel

from exograph.errors import Problem
from exograph.records.schema import NotReported, ReviewRecord, Sourced, SourceRecord, StudyRecord

if TYPE_CHECKING:
    from exograph.records.load import LoadedRecord

FOLDERS = {"study": "data/studies", "review": "data/reviews", "document": "data/sources"}
UNIQUE_IDENTIFIERS = ("doi", "pmid", "pmcid", "nct")


@dataclass(frozen=True)
class RecordLinks:
    """What other records a record names: the documents it cites (each with the field that first names
    it), the studies a review includes, a source record's identifiers."""

    kind: str
    rel_path: str
    id: str
    documents: tuple[tuple[str, str], ...] = ()  # (document id, field path)
    includes: tuple[tuple[str, str], ...] = ()  # (study id, field path)
    identifiers: tuple[tuple[str, str], ...] = ()  # (scheme, value) of a source record

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "RecordLinks":
        return cls(data["kind"], data["rel_path"], data["id"],
                   *(tuple(tuple(pair) for pair in data[name]) for name in ("documents", "includes", "identifiers")))


def links_of(loaded: LoadedRecord) -> RecordLinks:
    record = loaded.record
    documents = dict.fromkeys(cited_documents(record))
    includes: tuple[tuple[str, str], ...] = ()
    identifiers: tuple[tuple[str, str], ...] = ()
    if isinstance(record, ReviewRecord):
        includes = tuple((inc.study, f"included_studies[{i}].study") for i, inc in enumerate(record.included_studies))
    if isinstance(record, SourceRecord):
        identifiers = tuple((scheme, value) for scheme in UNIQUE_IDENTIFIERS
                            if (value := getattr(record.identifiers, scheme)) is not None)
    return RecordLinks(loaded.kind, loaded.rel_path, record.id, tuple(documents), includes, identifiers)


def cited_documents(record: BaseModel) -> Iterator[tuple[str, str]]:
    """(document id, field path) of every document a record names: its default `document`, then each
    fact's own; a source record cites itself."""
    if isinstance(record, SourceRecord):
        return
    if isinstance(record, (StudyRecord, ReviewRecord)):
        yield record.document, "document"
    yield from _fact_documents(record, "")


def _fact_documents(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, (Sourced, NotReported)) and value.document is not None:
        yield value.document, f"{path}.document" if path else "document"
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            child = getattr(value, name)
            if child is not None and name != "document":
                yield from _fact_documents(child, f"{path}.{name}" if path else name)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _fact_documents(item, f"{path}[{index}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _fact_documents(item, f"{path}[{key}]" if path else str(key))


def check_links(links: Iterable[RecordLinks], checked: Iterable[RecordLinks] | None = None) -> list[Problem]:
    """Problems of the `checked` records (default: all) that need the other records to see."""
    links = list(links)
    documents = {link.id: link for link in links if link.kind == "document"}
    studies = sorted(link.id for link in links if link.kind == "study")
    problems: list[Problem] = []
    # Records read without the rest of data/ (no source record, no study among them) are not checked
    # against it: `exograph validate FILE` reads the rest as context and checks them there.
    for link in links if checked is None else checked:
        problems += _missing_documents(link, documents) if documents else []
        problems += _missing_studies(link, studies) if studies else []
    problems += _shared_identifiers([d for d in documents.values()],
                                    None if checked is None else {c.rel_path for c in checked})
    return problems


def _missing_documents(link: RecordLinks, documents: dict[str, RecordLinks]) -> list[Problem]:
    problems = []
    for document, field in link.documents:
        if document in documents:
            continue
        close = difflib.get_close_matches(document, list(documents), n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"expected one of: {', '.join(sorted(documents))}"
        problems.append(Problem(link.rel_path, link.id, field,
                                f"no source record {document!r} in data/sources/; {hint} (a new document gets "
                                f"a record with `exograph new source {document}`)", value=document))
    return problems


def _missing_studies(link: RecordLinks, studies: list[str]) -> list[Problem]:
    problems = []
    for study, field in link.includes:
        if study in studies:
            continue
        close = difflib.get_close_matches(study, studies, n=1)
        hint = f"did you mean {close[0]!r}?" if close else "add its record with `exograph new study` first"
        problems.append(Problem(link.rel_path, link.id, field,
                                f"the review includes study {study!r}, but data/studies/ has no such record; {hint}",
                                value=study))
    return problems


def _shared_identifiers(documents: list[RecordLinks], checked_files: set[str] | None) -> list[Problem]:
    """Two source records with one DOI (PubMed, PMC or NCT ID) describe one document: name both."""
    first: dict[tuple[str, str], RecordLinks] = {}
    problems = []
    for link in sorted(documents, key=lambda d: d.rel_path):
        for scheme, value in link.identifiers:
            key = (scheme, value.lower())
            if key not in first:
                first[key] = link
                continue
            if checked_files is None or link.rel_path in checked_files or first[key].rel_path in checked_files:
                other = first[key]
                problems.append(Problem(link.rel_path, link.id, f"identifiers.{scheme}",
                                        f"{scheme} {value} is also the {scheme} of source record {other.id!r} "
                                        f"({other.rel_path}); one document has one record: keep one and cite its id",
                                        value=value))
    return problems


def included_studies(links: Iterable[RecordLinks]) -> dict[str, list[str]]:
    """Each review id with the study ids it includes, in the review's order."""
    return {link.id: [study for study, _ in link.includes] for link in links if link.kind == "review"}


def folder_of(kind: str) -> str:
    return FOLDERS.get(kind, "data")

"""The source documents the facts come from, with their identifiers, and the registrations (trial
registry and review protocol IDs) that studies and reviews report."""

from __future__ import annotations

from dataclasses import dataclass, field

from exograph.analysis.terms import PageQueries, Provenance, provenance

IDENTIFIER_COLUMNS = ("doi", "pmid", "pmcid", "nct", "prospero")


@dataclass
class Document:
    iri: str
    id: str
    label: str
    kind: str
    identifiers: dict[str, str] = field(default_factory=dict)  # kind (doi, pmid, …) -> as written
    url: str = ""
    cited_by: list[str] = field(default_factory=list)  # labels of the records that quote it


@dataclass(frozen=True)
class Registration:
    registry: str
    identifier: str
    provenance: Provenance


def load_documents(page: PageQueries) -> list[Document]:
    """Every source document, sorted by label."""
    found = []
    for row in page.rows("documents"):
        ids = {name: str(row[name]) for name in IDENTIFIER_COLUMNS if row[name]}
        cited = sorted(row["cited_by"].split(" | ")) if row["cited_by"] else []
        found.append(Document(row["iri"], row["id"] or row["iri"].rsplit("/", 1)[-1], row["label"],
                              row["kind"], ids, str(row["url"] or ""), cited))
    return sorted(found, key=lambda d: (d.label.lower(), d.id))


def load_registrations(page: PageQueries) -> dict[str, list[Registration]]:
    """Record IRI (a study or a review) -> the registrations it reports, with where it says so."""
    found: dict[str, list[Registration]] = {}
    for row in page.rows("registrations"):
        found.setdefault(row["owner"], []).append(Registration(row["registry"], row["identifier"], provenance(row)))
    return found

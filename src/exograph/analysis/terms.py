"""Reading SPARQL results of the built graph as plain Python: values, rows, provenance, labels, CURIEs.
Shared by every loader of analysis/ (the evidence, the adverse events, the reviews' own results, the
appraisal), which read the graph through the page's queries (queries/page/*.rq)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from exograph import vocab


@dataclass(frozen=True)
class Provenance:
    """Where the source states a fact: a verbatim quote, its locator and the document."""

    quote: str = ""
    locator: str = ""
    document: str = ""


def plain(value: Any) -> Any:
    """A SPARQL result term as a plain Python value (numbers as int/float, the rest as str)."""
    if value is None:
        return None
    if isinstance(value, Literal):
        value = value.toPython()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (int, float, bool)):
        return value
    return str(value)


def rows(graph: Graph, query: str) -> list[dict[str, Any]]:
    result = graph.query(query)
    names = [str(v) for v in result.vars or []]
    return [{name: plain(row[i]) for i, name in enumerate(names)} for row in result]


class PageQueries:
    """The page's queries (queries/page/NAME.rq, parsed once by the saved-query catalog) over one graph."""

    def __init__(self, graph: Graph, queries_dir: Path | None = None) -> None:
        from exograph.paths import ProjectPaths
        from exograph.query.catalog import PAGE, load_catalog

        self.graph = graph
        self.folder = (queries_dir or ProjectPaths.discover().queries) / PAGE
        self.prefix = f"{PAGE}/"  # how the catalog names a page query
        self.queries = load_catalog(self.folder.parent, PAGE)

    def rows(self, name: str) -> list[dict[str, Any]]:
        """The rows of page/NAME as plain values, keyed by column."""
        query = self.queries.get(self.prefix + name)
        if query is None:
            from exograph.errors import QueryError

            raise QueryError(f"{self.folder / name}.rq is missing: the page reads it (restore queries/page/ "
                             "from the project)")
        return rows(self.graph, query.text)


def provenance(row: dict[str, Any]) -> Provenance:
    document = row.get("document") or ""
    return Provenance(row.get("quote") or "", row.get("locator") or "", document.rsplit("/", 1)[-1])


def label_of(graph: Graph, iri: str, fallback: str) -> str:
    """The English (or untagged) rdfs:label of an IRI, else the fallback."""
    labels = [str(o) for o in graph.objects(URIRef(iri), RDFS.label)
              if isinstance(o, Literal) and (o.language or "en").startswith("en")]
    return min(labels) if labels else fallback


def curie(iri: str) -> str:
    """An OBO PURL as a CURIE (`MONDO:0005339`); other IRIs by their last segment."""
    if iri.startswith(str(vocab.OBO)):
        return iri[len(str(vocab.OBO)):].replace("_", ":", 1)
    return re.split(r"[#/]", iri)[-1]

"""Deterministic IRIs: every node's IRI is its record's IRI plus the path of the field it came from,
so the same data always gives the same IRIs and any IRI leads back to its file and field."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import URIRef

from exograph.vocab import EXD

_UNSAFE = re.compile(r"[^A-Za-z0-9._~-]+")


def slug(text: str) -> str:
    """A path segment safe in an IRI: lower case, runs of other characters become '-'."""
    return _UNSAFE.sub("-", str(text)).strip("-").lower() or "x"


@dataclass(frozen=True)
class NodeRef:
    """A minted node: its IRI, the record it belongs to and the field path inside that record."""

    iri: URIRef
    record_kind: str
    record_id: str
    field_path: str

    def child(self, field: str, key: str | int | None = None) -> "NodeRef":
        """The node of `field` (a YAML key) of this node, or of item `key` (index or id) of that list."""
        segment = field if key is None else f"{field}/{slug(str(key))}"
        shown = field if key is None else f"{field}[{key}]"
        path = f"{self.field_path}.{shown}" if self.field_path else shown
        return NodeRef(URIRef(f"{self.iri}/{segment}"), self.record_kind, self.record_id, path)


def record_ref(kind: str, record_id: str) -> NodeRef:
    """The root node of a record: exd:study/<id>, exd:review/<id> or exd:document/<id> (a source record)."""
    return NodeRef(EXD[f"{kind}/{slug(record_id)}"], kind, record_id, "")


def document_iri(document_id: str) -> URIRef:
    """The node of a source document: exd:document/<id of its record in data/sources/>."""
    return EXD[f"document/{slug(document_id)}"]


def document_id(iri: object) -> str | None:
    """The source record id of a document IRI, else None."""
    prefix = str(EXD["document/"])
    text = str(iri)
    return text[len(prefix):] if text.startswith(prefix) and "/" not in text[len(prefix):] else None


def parse_data_iri(iri: str) -> tuple[str, str, str] | None:
    """(kind, record id, IRI path below the record) for an exograph data IRI, else None."""
    base = str(EXD)
    if not iri.startswith(base):
        return None
    parts = iri[len(base):].split("/")
    if len(parts) < 2 or parts[0] not in ("study", "review", "document"):
        return None
    return parts[0], parts[1], "/".join(parts[2:])

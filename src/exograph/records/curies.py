"""How a record writes an ontology term: PREFIX:LOCAL, as in MONDO:0005339.

A term written another way (a PURL, an underscore, a lower-case prefix, missing leading zeros) is
reported with the form to write instead, never with a regular expression. Whether the term exists
is validation's question (exograph.validate.terms): it needs the project's term list.
"""

from __future__ import annotations

import re
from typing import Any, Iterator

from pydantic import BaseModel

from exograph.records.schema import CURIE_MARK
from exograph.vocab import CURIE_PREFIXES

LOCAL_PREFIX = "exo"
# Prefixes whose IDs are always seven digits (NCBITaxon and DOID numbers vary in length).
SEVEN_DIGITS = {"UBERON", "CL", "GO", "MONDO", "HP", "OBI", "ECO", "STATO", "UO", "CHMO", "MAXO", "OAE", "IAO",
                "BFO", "RO"}
EXAMPLE = "MONDO:0005339"

_PREFIXES = {prefix.lower(): prefix for prefix in [*CURIE_PREFIXES, LOCAL_PREFIX]}
_WRITTEN = re.compile(r"^\s*(?:<?https?://purl\.obolibrary\.org/obo/)?([A-Za-z][A-Za-z0-9]*)\s*[:_ ]\s*"
                      r"([A-Za-z0-9_.-]+?)>?\s*$")


def curie_problem(value: str) -> str | None:
    """None when `value` is written as a CURIE of a known prefix; else what to write instead."""
    match = _WRITTEN.match(value)
    if match is None or (match.group(1).lower() not in _PREFIXES and not re.search(r"[:_]", value)):
        return (f"not an ontology term ID; write a term as PREFIX:ID, e.g. {EXAMPLE} "
                "(`exograph vocab terms` lists the terms the project has)")
    prefix = _PREFIXES.get(match.group(1).lower())
    if prefix is None:
        return (f"unknown ontology prefix {match.group(1)!r}; write a term of "
                f"{', '.join(sorted(CURIE_PREFIXES))} or exo, e.g. {EXAMPLE}")
    local = match.group(2)
    if prefix in SEVEN_DIGITS and local.isdigit() and len(local) < 7:
        local = local.zfill(7)
    written = f"{prefix}:{local}"
    if prefix in SEVEN_DIGITS and not (local.isdigit() and len(local) == 7):
        return f"{prefix} IDs are seven digits; write it as {prefix}:NNNNNNN, e.g. {EXAMPLE}"
    return None if written == value else f"write it as {written}"


def curie_fields(model: BaseModel, path: str = "", with_owner: bool = False) -> Iterator[Any]:
    """(field path, CURIE) of every ontology term a record names, wherever its schema marks one;
    with_owner: (field path, CURIE, the model holding the field)."""
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        if value is None:
            continue
        where = f"{path}.{name}" if path else name
        if _marked(info.annotation) or CURIE_MARK in info.metadata:
            for index, item in _items(value):
                shown = where if index is None else f"{where}[{index}]"
                yield (shown, item, model) if with_owner else (shown, item)
            continue
        children = [(where, value)] if isinstance(value, BaseModel) else (
            [(f"{where}[{i}]", item) for i, item in enumerate(value)] if isinstance(value, list) else
            [(f"{where}[{key}]", item) for key, item in value.items()] if isinstance(value, dict) else [])
        for child_path, child in children:
            if isinstance(child, BaseModel):
                yield from curie_fields(child, child_path, with_owner)


def _items(value: Any) -> Iterator[tuple[int | None, str]]:
    if isinstance(value, list):
        yield from ((index, item) for index, item in enumerate(value) if isinstance(item, str))
    elif isinstance(value, str):
        yield None, value


def _marked(annotation: Any) -> bool:
    """Whether a type (Curie, list[Curie], Curie | None) carries the CURIE mark."""
    if CURIE_MARK in getattr(annotation, "__metadata__", ()):
        return True
    return any(_marked(arg) for arg in getattr(annotation, "__args__", ()) or ())

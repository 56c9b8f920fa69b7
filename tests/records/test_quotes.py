"""Every curated fact that came from a source carries a verbatim quote that occurs in that source."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import ROOT, need_shared
from exograph.records.load import load_record, record_files
from exograph.records.quotes import SourceTexts, normalize, sourced_facts
from exograph.records.schema import ReviewRecord

RECORDS = record_files(ROOT / "data")


def _review_documents() -> dict[str, str]:
    documents = {}
    for path in RECORDS:
        loaded = load_record(path, ROOT)
        if isinstance(loaded.record, ReviewRecord):
            documents[loaded.record.id] = loaded.record.source_file
    return documents


def test_normalize_ignores_markup_and_whitespace_only() -> None:
    assert normalize("96.5 to 163.5 hairs/cm<sup>2</sup>\n (p<0.0001)") == "96.5 to 163.5 hairs/cm2 (p<0.0001)"
    assert normalize("Park et al <sup>16</sup>\t2022") == "Park et al 16 2022"


@pytest.mark.parametrize("path", RECORDS, ids=[p.stem for p in RECORDS])
def test_every_quote_occurs_in_its_source(path: Path) -> None:
    seeds = need_shared("seeds")
    texts = SourceTexts(seeds)
    loaded = load_record(path, ROOT)
    record = loaded.record
    default = getattr(record, "source_file", None) or _review_documents().get(record.review, "")
    missing, unquoted = [], []
    for fact in sourced_facts(record, default):
        if not fact.quote:
            unquoted.append(fact.field_path)
            continue
        found = texts.contains(fact.document, fact.quote)
        assert found is not None, f"{loaded.rel_path}: {fact.field_path}: source {fact.document} not in {seeds}"
        if not found:
            missing.append(f"{fact.field_path}: {fact.quote!r}")
    assert not missing, f"{loaded.rel_path}: quotes not found in the source:\n" + "\n".join(missing)
    assert not unquoted, f"{loaded.rel_path}: facts without a quote:\n" + "\n".join(unquoted)

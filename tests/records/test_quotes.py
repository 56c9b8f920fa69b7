"""Every curated fact that came from a source carries a verbatim quote that occurs in that source."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import ROOT, need_shared
from exograph.paths import ProjectPaths
from exograph.records.load import load_record, record_files
from exograph.records.quotes import document_texts, normalize, sourced_facts

RECORDS = record_files(ROOT / "data")


def test_normalize_ignores_markup_and_whitespace_only() -> None:
    assert normalize("96.5 to 163.5 hairs/cm<sup>2</sup>\n (p<0.0001)") == "96.5 to 163.5 hairs/cm2 (p<0.0001)"
    assert normalize("Park et al <sup>16</sup>\t2022") == "Park et al 16 2022"


@pytest.mark.parametrize("path", RECORDS, ids=[f"{p.parent.name}/{p.stem}" for p in RECORDS])
def test_every_quote_occurs_in_its_source(path: Path) -> None:
    need_shared("seeds")
    paths = ProjectPaths(ROOT)
    texts = document_texts(paths.text_folders, [load_record(p, ROOT) for p in record_files(paths.data)])
    loaded = load_record(path, ROOT)
    missing, unquoted = [], []
    for fact in sourced_facts(loaded.record):
        if not fact.quote:
            unquoted.append(fact.field_path)
            continue
        found = texts.contains(fact.document, fact.quote)
        assert found is not None, f"{loaded.rel_path}: {fact.field_path}: the text of {fact.document} is not found"
        if not found:
            missing.append(f"{fact.field_path}: {fact.quote!r}")
    assert not missing, f"{loaded.rel_path}: quotes not found in the source:\n" + "\n".join(missing)
    assert not unquoted, f"{loaded.rel_path}: facts without a quote:\n" + "\n".join(unquoted)


def test_the_curated_data_validates_with_strict_quotes() -> None:
    """Every quote of the curated data is checked against its text (unchecked quotes fail): what CI runs."""
    from support import run_cli

    need_shared("seeds")
    result = run_cli("validate", "--strict-quotes", "--format", "json", cwd=ROOT)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "QUOTES NOT CHECKED" not in result.stderr


def test_a_text_that_is_not_utf8_is_named_as_unreadable(tmp_path: Path) -> None:
    """A text file that exists but cannot be read leaves its quotes unchecked with that reason, not with
    "in none of the text folders"."""
    from exograph.records.quotes import DocumentTexts
    from exograph.validate.quotes import QuoteChecker

    (tmp_path / "preprint.md").write_bytes("caf\u00e9".encode("latin-1"))
    texts = DocumentTexts([tmp_path], {"preprint": "preprint.md"})
    assert texts.contains("preprint", "caf") is None
    reason = QuoteChecker(texts, locator=None, root=tmp_path).reason(texts.lookup("preprint"))  # type: ignore[arg-type]
    assert reason == "whose text preprint.md (./) cannot be read: it is not UTF-8 text"

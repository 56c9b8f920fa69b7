"""Every quote lies in the place its `at` names (section, labelled paragraph, table column or cell,
reference entry), and every number a fact records is written in its quote or in the quote of the
place it was inferred from."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import ROOT, need_shared
from exograph.records.load import load_record, record_files
from exograph.records.places import PlaceError, SourcePlaces, places_of
from exograph.paths import ProjectPaths
from exograph.records.quotes import DocumentTexts, document_texts, sourced_facts
from exograph.records.schema import Sourced
from exograph.records.stated import states_number, unstated_numbers

RECORDS = record_files(ROOT / "data")

DOCUMENT = """# A Trial of Things

Ann Author<sup>1</sup>, Bob Writer<sup>2</sup>

**Abstract:** Ten patients improved. No serious adverse events.

## Methods

### Outcomes

Hair density was measured by Trichoscan at 12 weeks.

## Results

Density rose by 35 hairs/cm<sup>2</sup> at 12 weeks.

**Table 1** Summary

Author\tYear\tFollow-Up\tKey Results
Smith et al <sup>1</sup>\t2024\t12 weeks\tDensity +35 hairs/cm <sup>2</sup>
Jones et al <sup>2</sup>\t2023\t6 months\tNo change

**Abbreviations:** HD, hair density.

Table 2 Bias

Domain\tSmith et al\tJones et al
1. Bias due to confounding\tSerious\tLow
<b>Overall</b>\tSerious\tModerate

## Discussion

Smith et al showed a rise at 12 weeks.

## References

- Smith A. A trial. 2024.
- Jones B, Lee C. Another trial. 2023.
"""


@pytest.fixture(scope="module")
def doc() -> SourcePlaces:
    return SourcePlaces(DOCUMENT)


def holds(doc: SourcePlaces, at: str, quote: str) -> bool:
    region = doc.resolve(at)
    return any(region.holds(start, end) for start, end in doc.occurrences(quote))


def test_a_section_holds_its_own_text_and_not_a_later_sections(doc: SourcePlaces) -> None:
    assert holds(doc, "Results", "Density rose by 35 hairs/cm2")
    assert not holds(doc, "Discussion", "Density rose by 35 hairs/cm2")
    assert holds(doc, "Methods, Outcomes", "measured by Trichoscan")
    assert holds(doc, "Methods", "measured by Trichoscan")  # a section holds its subsections


def test_a_table_inside_a_section_is_not_the_sections_text(doc: SourcePlaces) -> None:
    assert not holds(doc, "Results", "Density +35 hairs/cm 2")
    assert holds(doc, "Table 1, Key Results", "Density +35 hairs/cm 2")


def test_a_table_column_holds_quotes_overlapping_its_cells_within_one_row(doc: SourcePlaces) -> None:
    assert holds(doc, "Table 1, Year", "Smith et al 1 2024")  # neighbouring cells kept for context
    assert holds(doc, "Table 1, Follow-Up", "12 weeks Density")
    assert not holds(doc, "Table 1, Year", "12 weeks Density")  # the follow-up, not the year
    assert not holds(doc, "Table 1, Key Results", "2024 12 weeks")


def test_a_cell_is_named_by_row_and_column(doc: SourcePlaces) -> None:
    row = "1. Bias due to confounding Serious Low"
    assert holds(doc, "Table 2, row 1, column Jones et al", row)
    assert holds(doc, "Table 2, Overall, column Smith et al", "Overall Serious Moderate")
    assert not holds(doc, "Table 2, Overall, column Smith et al", row)


def test_labels_title_references_and_abbreviations(doc: SourcePlaces) -> None:
    assert holds(doc, "Abstract", "No serious adverse events.")
    assert holds(doc, "Title", "A Trial of Things")
    assert holds(doc, "Authors", "Ann Author1, Bob Writer2")
    assert holds(doc, "References, 2", "Jones B, Lee C.")
    assert not holds(doc, "References, 1", "Jones B, Lee C.")
    assert holds(doc, "Table 1, Abbreviations", "HD, hair density.")


def test_an_at_naming_nothing_is_an_error_that_says_what_exists(doc: SourcePlaces) -> None:
    with pytest.raises(PlaceError, match="no heading or labelled paragraph 'Conclusion'"):
        doc.resolve("Conclusion")
    with pytest.raises(PlaceError, match="no column 'Country'.*Key Results"):
        doc.resolve("Table 1, Country")
    with pytest.raises(PlaceError, match="entries 1 to 2"):
        doc.resolve("References, 3")


def test_numbers_in_words_digits_and_powers_of_ten() -> None:
    assert states_number("Eleven studies included", 11)
    assert states_number("(10 <sup>11</sup> exosomes/mL", 1e11)
    assert states_number("10 billion particles/ vial", 1e10)
    assert states_number("6 × 10 <sup>10</sup> particles/vial", 6e10)
    assert states_number("elasticity (+11.3% vs. −3.3%)", -3.3)
    assert not states_number("elasticity (+11.3% vs. −3.3%)", 3.3)  # the sign is part of the number
    assert not states_number("over 112 weeks", 12) and not states_number("0.125 mm", 12)
    assert not states_number("microneedling (2.5 mm depth)", 1)  # "one" inside a word is not a one
    assert states_number("a single intradermal injection", 1)


def _texts() -> DocumentTexts:
    paths = ProjectPaths(ROOT)
    return document_texts(paths.text_folders, [load_record(p, ROOT) for p in record_files(paths.data)])


def _facts(path: Path) -> tuple[str, list]:
    loaded = load_record(path, ROOT)
    return loaded.rel_path, list(sourced_facts(loaded.record))


@pytest.mark.parametrize("path", RECORDS, ids=[f"{p.parent.name}/{p.stem}" for p in RECORDS])
def test_every_quote_is_in_the_place_its_at_names(path: Path) -> None:
    need_shared("seeds")
    texts = _texts()
    shown, facts = _facts(path)
    wrong = []
    for fact in facts:
        if not fact.quote:
            continue
        found_text = texts.lookup(fact.document).path
        assert found_text is not None, f"{shown}: {fact.field_path}: the text of {fact.document} is not found"
        places = places_of(found_text.resolve())
        try:
            region = places.resolve(fact.at or "")
        except PlaceError as error:
            wrong.append(f"{fact.field_path}: {error}")
            continue
        found = places.occurrences(fact.quote)
        if found and not any(region.holds(start, end) for start, end in found):
            elsewhere = "; ".join(sorted({places.place_of(start) for start, _ in found}))
            wrong.append(f"{fact.field_path}: quote {fact.quote[:60]!r} is not in {fact.at!r} but in {elsewhere}")
    assert not wrong, f"{shown}:\n" + "\n".join(wrong)


def _sourced(value: object, path: str = "") -> list[tuple[str, Sourced]]:
    from pydantic import BaseModel

    found = [(path or "(record)", value)] if isinstance(value, Sourced) else []
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            found += _sourced(getattr(value, name), f"{path}.{name}" if path else name)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _sourced(item, f"{path}[{index}]")
    return found


@pytest.mark.parametrize("path", RECORDS, ids=[f"{p.parent.name}/{p.stem}" for p in RECORDS])
def test_every_number_is_written_in_its_quote(path: Path) -> None:
    loaded = load_record(path, ROOT)
    unstated = [f"{where}: {problem}" for where, fact in _sourced(loaded.record) for problem in unstated_numbers(fact)]
    assert not unstated, f"{loaded.rel_path}: numbers no quote states (quote the place, or mark the value " \
                         "as inferred with the place that states it):\n" + "\n".join(unstated)

"""Values as a reader sees them: units, plurals, powers of ten, p-values and the markup of quotes."""

from __future__ import annotations

import pytest

from exograph.formatting import (number, p_value, plural, quantity, readable, scientific, signed, suffix,
                                 units_in_text)


@pytest.mark.parametrize(("marked", "read"), [
    ("35 hairs/cm <sup>2</sup> increase", "35 hairs/cm² increase"),
    ("(1 × 10 <sup>10</sup> /mL)", "(1 × 10¹⁰ /mL)"),
    ("from 96.5 to 163.5 hairs/cm<sup>2</sup> ( $p < 0.0001$ )", "from 96.5 to 163.5 hairs/cm² ( p < 0.0001 )"),
    (r"by 13.01  $\mu\text{m}$ ,  $p=0.001$", "by 13.01 μm , p=0.001"),
    (r"$+28 \pm 4$  hairs/cm<sup>2</sup>", "+28 ± 4 hairs/cm²"),
    ("H<sub>2</sub>O", "H₂O"),
    ("*J Popul Ther Clin Pharmacol*. 2024;31(8)", "J Popul Ther Clin Pharmacol. 2024;31(8)"),
    ("a * b * c", "a * b * c"),
    ("&lt;b&gt; &amp; more", "<b> & more"),
    ("<img src=x onerror=alert(1)>", "<img src=x onerror=alert(1)>"),  # other markup stays literal text
])
def test_quotes_read_as_text(marked: str, read: str) -> None:
    assert readable(marked) == read


def test_numbers_units_and_plurals() -> None:
    assert number(35.0) == "35" and number(8.5) == "8.5" and number(3) == "3"
    assert number(1e10) == scientific(1e10) == "1.0 × 10¹⁰"
    assert number(6e10) == "6.0 × 10¹⁰" and number(1.25e11) == "1.25 × 10¹¹"
    assert quantity(6, "month") == "6 months" and quantity(1, "month") == "1 month"
    assert quantity(1, "sessions") == "1 session" and quantity(4, "sessions") == "4 sessions"
    assert quantity(35, "hairs/cm2") == "35 hairs/cm²" and quantity(20, "percent") == "20%"
    assert quantity(13.01, "um") == "13.01 µm" and quantity(1e10, "particles/mL") == "1.0 × 10¹⁰ particles/mL"
    assert plural(1, "patients") == "1 patient" and plural(85, "patients") == "85 patients"
    assert plural(99, "participants") == "99 participants" and plural(1, "participants") == "1 participant"
    assert plural(1, "studies") == "1 study" and plural(2, "study") == "2 studies"
    assert signed(35) == "+35" and signed(-3.3) == "-3.3" and signed(0) == "0"
    assert suffix("percent") == "%" and suffix("hairs/cm2") == " hairs/cm²" and suffix("week") == " weeks"
    assert p_value("<", 0.01) == "p < 0.01" and p_value(None, 0.37) == "p = 0.37" and p_value("=", None) == ""


def test_an_amount_keeps_its_number_and_gets_its_unit_as_written() -> None:
    from exograph.formatting import amount_with_unit

    assert amount_with_unit("12", "week") == "12 weeks" and amount_with_unit("1", "month", one=True) == "1 month"
    assert amount_with_unit("140–160", "ug") == "140–160 µg" and amount_with_unit("4–6", "sessions") == "4–6 sessions"
    assert amount_with_unit("20", "percent") == "20%" and amount_with_unit("1e+10", "particles/mL") == "1e+10 particles/mL"
    assert amount_with_unit("3", "count") == "3" and amount_with_unit("0.1", None) == "0.1"


def test_units_and_durations_inside_computed_sentences() -> None:
    assert units_in_text("Nadeem et al. 2024: +35 hairs/cm2 (p = 0.001) at 12 week") == \
        "Nadeem et al. 2024: +35 hairs/cm² (p = 0.001) at 12 weeks"
    assert units_in_text("+13.01 um at 1 month; 0.049 → 0.059 mm") == "+13.01 µm at 1 month; 0.049 → 0.059 mm"
    assert units_in_text("drum 3 umbrella, hairs/cm2 alone, 12 weeks") == "drum 3 umbrella, hairs/cm2 alone, 12 weeks"

"""Result rows as a table a person reads in a terminal.

The table fits the terminal's width: when the cells are wider, the widest columns are narrowed and
their cells wrapped over several lines (rows are then separated by a blank line), never cut, so rows
that differ late in a cell still print differently. `wide` prints every cell on one line. Values are
shown for reading, never rounded: an IRI as a CURIE (CL:0002540), a p-value with its comparator
(< 0.01), a large number in scientific notation (1.5 × 10¹⁰), a duration in days in the unit it was
most likely given in (6 months, 12 weeks), a unit key with its symbol (µg). CSV and JSON keep the values
as they are.
"""

from __future__ import annotations

import os
import re
import sys
import textwrap
from decimal import Decimal, InvalidOperation
from typing import Any

from exograph.formatting import plural, units_in_text
from exograph.formatting import unit as unit_symbol

GAP = "  "
NARROWEST = 8  # a column is never narrowed below this, its header or its longest word (up to LONGEST_WORD)
LONGEST_WORD = 20
LARGE = Decimal(10) ** 6  # from here on, numbers are shown as m × 10ⁿ
DAYS_PER_MONTH = Decimal("30.4375")  # the build's month (365.25 / 12)
NUMBER = re.compile(r"^-?\d+(\.\d+)?([eE][+-]?\d+)?$")
SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
UNIT_COLUMNS = {"unit", "unit_as_reported"}
QUANTITY_COLUMNS = {"stated", "computed"}  # "value unit" texts a query joins from a unit key (9.5 to 35 hairs/cm2)
PREFIXES = (("http://purl.obolibrary.org/obo/", None), ("https://w3id.org/exograph/ontology#", "exo:"),
            ("https://w3id.org/exograph/data/", "exd:"))


def terminal_width() -> int | None:
    """The width to fit: $COLUMNS, else the terminal's; None (no limit) when the output is not a terminal."""
    given = os.environ.get("COLUMNS", "")
    if given.isdigit() and int(given) > 0:
        return int(given)
    try:
        return os.get_terminal_size(sys.stdout.fileno()).columns if sys.stdout.isatty() else None
    except (OSError, ValueError):
        return None


# ---- values as a person reads them -----------------------------------------------------------


def compact_iri(text: str) -> str:
    for prefix, short in PREFIXES:
        if text.startswith(prefix):
            rest = text[len(prefix):]
            if short is None:  # OBO: UBERON_0002371 -> UBERON:0002371
                return rest.replace("_", ":", 1) if "_" in rest and "/" not in rest else text
            return short + rest
    return text


def scientific(number: Decimal) -> str:
    """m × 10ⁿ with every significant digit kept (1.0E+10 -> 1 × 10¹⁰, 12345678 -> 1.2345678 × 10⁷)."""
    sign, digits, exponent = number.normalize().as_tuple()
    power = len(digits) + exponent - 1
    mantissa = "".join(map(str, digits))
    shown = mantissa[0] + ("." + mantissa[1:] if len(mantissa) > 1 else "")
    return f"{'-' if sign else ''}{shown} × 10{str(power).translate(SUPERSCRIPT)}"


def number_text(value: Any) -> str:
    number = Decimal(str(value))
    if not number.is_finite():
        return str(value)
    if abs(number) >= LARGE and number == number.to_integral_value() or abs(number) >= LARGE * 10:
        return scientific(number)
    return f"{number.normalize():f}" if isinstance(value, (float, Decimal)) else str(value)


def duration_text(value: Any) -> str:
    """Days in the unit they were most likely stated in: whole months (of 30.4375 days), whole weeks, days."""
    try:
        days = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    for size, unit in ((DAYS_PER_MONTH, "month"), (Decimal(7), "week"), (Decimal(1), "day")):
        count = days / size
        if days and count == count.to_integral_value():
            return plural(int(count), unit)
    return f"{days.normalize():f} days"  # exact, never rounded; 1 day was whole days above


def cell(value: Any, column: str) -> str:
    """One value as shown in a table cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if column.endswith("_days") and isinstance(value, (int, float, Decimal)):
        return duration_text(value)
    if column in UNIT_COLUMNS:  # a unit key as a reader writes it (ug -> µg, hairs/cm2 -> hairs/cm²)
        return unit_symbol(str(value))
    if column in QUANTITY_COLUMNS and isinstance(value, str):
        return units_in_text(value)
    if isinstance(value, (int, float, Decimal)):
        return number_text(value)
    text = str(value)
    if NUMBER.match(text):  # a number the query gave as text (an amount cut from a label)
        return number_text(Decimal(text))
    return compact_iri(text) if text.startswith(("http://", "https://")) else text


def shown_rows(rows: list[dict[str, Any]], columns: list[str]) -> tuple[list[str], list[list[str]]]:
    """The columns and cells to print: a p-value carries its comparator (the comparator column goes)."""
    merged = "p_value" in columns and "p_comparator" in columns
    shown = [c for c in columns if not (merged and c == "p_comparator")]
    cells = []
    for row in rows:
        line = []
        for column in shown:
            text = cell(row.get(column), column)
            if merged and column == "p_value" and text and row.get("p_comparator") not in (None, "", "="):
                text = f"{row['p_comparator']} {text}"
            line.append(text)
        cells.append(line)
    return shown, cells


# ---- fitting the width -------------------------------------------------------------------------


def column_widths(natural: list[int], width: int | None, floors: list[int]) -> list[int]:
    """Each column's width: its widest cell, narrowed (widest columns first, never below its floor)
    until the row fits `width`."""
    if width is None:
        return natural
    room = width - len(GAP) * (len(natural) - 1)
    if sum(natural) <= room:
        return natural
    if sum(floors) >= room:
        return floors
    low, high = 1, max(natural)  # the largest cap with sum(max(floor, min(natural, cap))) <= room
    while low < high:
        cap = (low + high + 1) // 2
        if sum(max(f, min(n, cap)) for n, f in zip(natural, floors)) <= room:
            low = cap
        else:
            high = cap - 1
    widths = [max(f, min(n, low)) for n, f in zip(natural, floors)]
    spare = room - sum(widths)  # hand what is left to the columns that were narrowed, in order
    for i, n in enumerate(natural):
        extra = min(spare, n - widths[i])
        widths[i] += extra
        spare -= extra
    return widths


def _floor(header: str, column: list[str]) -> int:
    """The narrowest a column may get: its header's longest part, its longest word (so words are rarely
    broken), NARROWEST."""
    longest = max((len(word) for text in column for word in text.split()), default=0)
    natural = max([len(header)] + [len(text) for text in column])
    return min(natural, max(max(len(part) + 1 for part in header.split("_")), NARROWEST, min(longest, LONGEST_WORD)))


def _wrapped(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False) or [""]


def _wrapped_header(name: str, width: int) -> list[str]:
    """A column name broken after its underscores (evidence_ / level)."""
    return [line.replace("_ ", "_") for line in _wrapped(name.replace("_", "_ "), width + 1)]


def render_table(header: list[str], cells: list[list[str]], width: int | None = None) -> list[str]:
    """The lines of a table whose rows fit `width` characters (None: each cell on one line)."""
    natural = [max([len(h)] + [len(line[i]) for line in cells]) for i, h in enumerate(header)]
    widths = column_widths(natural, width, [_floor(h, [line[i] for line in cells]) for i, h in enumerate(header)])
    wraps = widths != natural

    def lines_of(row: list[str], wrap=_wrapped) -> list[str]:  # noqa: ANN001
        parts = [wrap(c, w) if len(c) > w else [c] for c, w in zip(row, widths)]
        height = max(len(p) for p in parts)
        return [GAP.join((p[k] if k < len(p) else "").ljust(w) for p, w in zip(parts, widths)).rstrip()
                for k in range(height)]

    out = lines_of(header, _wrapped_header) + [GAP.join("-" * w for w in widths)]
    for index, row in enumerate(cells):
        if wraps and index:
            out.append("")
        out += lines_of(row)
    return out


def as_table(rows: list[dict[str, Any]], columns: list[str], width: int | None = None) -> str:
    """The table. Where it must fit a width, columns without a value in any row are left out, and so
    are the last columns when even the narrowest columns would not fit; the footer names both."""
    header, cells = shown_rows(rows, columns)
    notes = []
    if width:
        empty = [h for i, h in enumerate(header) if cells and not any(line[i] for line in cells)]
        header, cells = _without(header, cells, empty)
        floors = [_floor(h, [line[i] for line in cells]) for i, h in enumerate(header)]
        kept = len(header)
        while kept > 1 and sum(floors[:kept]) + len(GAP) * (kept - 1) > width:
            kept -= 1
        hidden = header[kept:]
        header, cells = _without(header, cells, hidden)
        notes += [f"no value in {', '.join(empty)}"] if empty else []
        notes += [f"not shown: {', '.join(hidden)} (--wide or --format csv shows every column)"] if hidden else []
    footer = "(" + "; ".join([plural(len(rows), "row"), *notes]) + ")"
    return "\n".join(render_table(header, cells, width) + (textwrap.wrap(footer, width) if width else [footer]))


def _without(header: list[str], cells: list[list[str]], names: list[str]) -> tuple[list[str], list[list[str]]]:
    keep = [i for i, h in enumerate(header) if h not in names]
    return [header[i] for i in keep], [[line[i] for i in keep] for line in cells]

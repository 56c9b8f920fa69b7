"""Run a saved query with its parameters on a backend; format the rows."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from typing import Any

from exograph.query.backends import Backend, Row
from exograph.query.catalog import SavedQuery
from exograph.query.params import bindings, with_values


# Saved queries join the values of a multi-valued field with this separator (GROUP_CONCAT).
LIST_SEPARATOR = " | "


def run_saved(query: SavedQuery, backend: Backend, given: dict[str, str] | None = None) -> list[Row]:
    text = with_values(query.text, bindings(query, given or {}))
    return [tidy_row(row) for row in backend.select(text)]


def tidy_row(row: Row) -> Row:
    """SPARQL leaves the order inside GROUP_CONCAT undefined, so engines (and runs) differ: the parts
    of every " | "-joined cell are sorted, which makes the output the same on every backend."""
    return {key: _sorted_list(value) if isinstance(value, str) else value for key, value in row.items()}


def _sorted_list(value: str) -> str:
    if LIST_SEPARATOR not in value:
        return value
    return LIST_SEPARATOR.join(sorted(set(value.split(LIST_SEPARATOR))))


def _json_number(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() and "." not in str(value) else float(value)
    return value


def as_json(rows: list[Row]) -> str:
    return json.dumps([{k: _json_number(v) for k, v in row.items()} for row in rows], indent=2, ensure_ascii=False)


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def as_csv(rows: list[Row], columns: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([cell_text(row.get(c)) for c in columns])
    return buffer.getvalue()


def render(rows: list[Row], columns: list[str], fmt: str, width: int | None = None) -> str:
    """JSON and CSV give the values as they are; a table is for reading (see query/table.py) and fits
    `width` characters (None: one line per row)."""
    from exograph.query.table import as_table

    if fmt == "json":
        return as_json(rows)
    if fmt == "csv":
        return as_csv(rows, columns)
    return as_table(rows, columns, width)

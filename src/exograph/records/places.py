"""Places of a source document: where a fact's `at` says the source states it.

A Markdown source text is read into places: its title, its sections (headings), labelled paragraphs
("**Abstract:** …", "Result: …"), tables (caption, header, rows, columns, cells), figures and the
numbered entries of its reference list. An `at` such as `Results, Adipose-Derived MSC Exosomes`,
`Table 1, Key Results`, `Table 2, row 3, column Park et al` or `References, 16` is resolved to the spans
of the normalized text (records.quotes.normalize) it names, so a quote can be checked against the place
its `at` names and not only against the whole document.

The `at` grammar, part by part (parts are separated by ", "; a parenthetical remark is a comment, or,
in a table, the label of the row it restricts to):
- `Title`; `Authors` (the paragraph after the title); `Abstract` (the labelled abstract, or the whole document when the document is an abstract);
- a heading or a paragraph label, as written or by its leading words (`Eligibility Criteria` names
  "Eligibility Criteria for the Included Studies"); earlier parts give the context: each names a place
  that starts at or before the last one (`Results, Outcomes in Other Types of Alopecia`);
- `Table N` with nothing (the whole table), `title`, `header`, a label that follows the table
  (`Abbreviations`), a column (`Key Results`; `A and B` for two columns), a row (`row 3` or its
  label, `Overall Risk of Bias`) and `column X` (a cell). A quote at a table cell must overlap the cell
  and lie within its row: table quotes keep their neighbouring cells for context;
- `References, N`: the N-th entry of the reference list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from exograph.records.quotes import normalize

Span = tuple[int, int]

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_LABEL = re.compile(r"^(?:\*\*([A-Z][^*:\n]{0,40}?):?\*\*:?|([A-Z][A-Za-z ]{0,40}?):)\s")
_TABLE_CAPTION = re.compile(r"^\**\s*Table\s+([0-9]+|[IVX]+)\b\**")
_FIGURE_CAPTION = re.compile(r"^\**\s*Figure\s+([0-9]+)\b\**")
_LIST_ITEM = re.compile(r"^(?:[-*+]\s+|(\d+)\.\s+)")
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}


def _key(name: str) -> str:
    """How names are compared: normalized text, lower case, markup and trailing punctuation dropped."""
    return normalize(name).strip(" .:*").lower()


def _names(name: str, wanted: str) -> bool:
    """A part names a place when it is the place's name or its leading words."""
    have, want = _key(name), _key(wanted)
    return bool(want) and (have == want or have.startswith(want + " "))


@dataclass
class Line:
    text: str  # normalized
    start: int  # offset in the normalized document text
    raw: str
    after_blank: bool  # a blank line precedes it: it starts a paragraph

    @property
    def span(self) -> Span:
        return self.start, self.start + len(self.text)


@dataclass
class Table:
    number: int
    caption: Span
    header: list[str] = field(default_factory=list)
    header_rows: list[Span] = field(default_factory=list)  # the header, and its repeats after "(Continued)"
    rows: list[tuple[str, Span, list[Span]]] = field(default_factory=list)  # label, row span, cell spans
    labels: dict[str, Span] = field(default_factory=dict)
    lines: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Region:
    """What an `at` names: spans a quote must lie within, or (cells) spans it must overlap inside a row."""

    name: str
    within: tuple[Span, ...] = ()
    cells: tuple[tuple[Span, Span], ...] = ()  # (cell, row)

    def holds(self, start: int, end: int) -> bool:
        if any(a <= start and end <= b for a, b in self.within):
            return True
        return any(row[0] <= start and end <= row[1] and start < cell[1] and cell[0] < end
                   for cell, row in self.cells)


class PlaceError(ValueError):
    """An `at` that names no place of the document."""


class SourcePlaces:
    """The places of one Markdown source text."""

    def __init__(self, raw: str):
        self.lines: list[Line] = []
        offset, blank = 0, True
        for raw_line in raw.splitlines():
            text = normalize(raw_line)
            if text:
                self.lines.append(Line(text, offset, raw_line, blank))
                offset += len(text) + 1
            blank = not text
        self.text = " ".join(line.text for line in self.lines)
        self.tables: dict[int, Table] = {}
        self.figures: set[int] = set()
        self.title: int | None = None
        self.headings: list[tuple[int, int, str]] = []  # line index, level, name
        self.labels: list[tuple[int, str]] = []  # line index, label
        self.references: list[int] = []
        self._read_blocks(raw)

    # ---- reading -------------------------------------------------------------------------------
    def _read_blocks(self, raw: str) -> None:
        in_block: set[int] = set()  # lines of tables and figures: not the text of any section
        index = 0
        while index < len(self.lines):
            raw_line = self.lines[index].raw.strip()
            caption = _TABLE_CAPTION.match(raw_line)
            if caption and not self._continues_table(index):
                index = self._read_table(index, _table_number(caption.group(1)), in_block)
                continue
            if _FIGURE_CAPTION.match(raw_line):
                self.figures.add(index)
                in_block.add(index)
                if index + 1 < len(self.lines) and self.lines[index + 1].raw.startswith("**Notes:**"):
                    in_block.add(index + 1)
                    index += 1
            index += 1
        self.in_block = in_block
        for number, line in enumerate(self.lines):
            if number in in_block:
                continue
            heading = _HEADING.match(line.raw)
            if heading:
                level = len(heading.group(1))
                if level == 1 and self.title is None:
                    self.title = number
                self.headings.append((number, level, heading.group(2)))
                continue
            label = _LABEL.match(line.raw.strip())
            if label:
                self.labels.append((number, label.group(1) or label.group(2)))
        self._read_references()
        self.byline = self._byline()

    def _byline(self) -> int | None:
        """The paragraph right after the title: the author list of an article."""
        after = (self.title or 0) + 1
        if self.title is None or after >= len(self.lines) or after in self.in_block:
            return None
        marked = {n for n, _ in self.labels} | {n for n, _, _ in self.headings}
        return None if after in marked else after

    def _continues_table(self, index: int) -> bool:
        return "(Continued)" in self.lines[index].raw and any(
            index in table.lines for table in self.tables.values())

    def _read_table(self, index: int, number: int, in_block: set[int]) -> int:
        table = self.tables.setdefault(number, Table(number, self.lines[index].span))
        table.lines.append(index)
        in_block.add(index)
        index += 1
        while index < len(self.lines):
            line = self.lines[index]
            raw_line = line.raw.strip()
            continued = raw_line in ("(Continued)",) or (
                _TABLE_CAPTION.match(raw_line) and "(Continued)" in raw_line
                and _table_number(_TABLE_CAPTION.match(raw_line).group(1)) == number)
            label = _LABEL.match(raw_line)
            if "\t" in line.raw:
                self._read_row(table, line)
            elif continued:
                pass
            elif label and not table.labels and table.rows:
                table.labels[label.group(1) or label.group(2)] = line.span
            else:
                break
            table.lines.append(index)
            in_block.add(index)
            index += 1
        return index

    def _read_row(self, table: Table, line: Line) -> None:
        cells, spans, position = [], [], line.start
        for raw_cell in line.raw.split("\t"):
            text = normalize(raw_cell)
            if not text:
                continue
            found = self.text.index(text, position)
            cells.append(text)
            spans.append((found, found + len(text)))
            position = found + len(text)
        if not table.header or cells == table.header:
            table.header = cells
            table.header_rows.append(line.span)
            return
        table.rows.append((cells[0], line.span, spans))

    def _read_references(self) -> None:
        for number, level, name in self.headings:
            if _key(name) == "references":
                for index in self._section_lines(number, level):
                    if _LIST_ITEM.match(self.lines[index].raw):
                        self.references.append(index)

    # ---- resolving an `at` ---------------------------------------------------------------------
    def resolve(self, at: str) -> Region:
        parts = [part.strip() for part in at.split(",") if part.strip()]
        if not parts:
            raise PlaceError("`at` is empty")
        table = re.fullmatch(r"Table\s+([0-9]+|[IVX]+)", _strip_remark(parts[0])[0])
        if table:
            return self._table_region(at, _table_number(table.group(1)), parts[1:])
        if _key(parts[0]) == "references" and len(parts) == 2:
            return self._reference_region(at, parts[1])
        return self._section_region(at, parts)

    def _section_region(self, at: str, parts: list[str]) -> Region:
        start = 0
        spans: list[Span] = [(0, len(self.text))]
        for part in parts:
            name, _ = _strip_remark(part)
            start, spans = self._place(name, start, at)
        return Region(at, tuple(spans))

    def _place(self, name: str, after: int, at: str) -> tuple[int, list[Span]]:
        """The first place named `name` that starts at or after line `after`: its first line and spans."""
        if _key(name) == "title" and self.title is not None:
            return self.title, [self.lines[self.title].span]
        if _key(name) == "authors" and self.byline is not None:
            return self.byline, [self.lines[self.byline].span]
        for number, level, heading in self.headings:
            if number >= after and _names(heading, name):
                return number, self._spans(self._section_lines(number, level))
        for number, label in self.labels:
            if number >= after and _names(label, name):
                return number, self._spans(self._label_lines(number))
        if _key(name) == "abstract" and after == 0:
            return 0, [(0, len(self.text))]  # a document that is an abstract only
        raise PlaceError(f"{at!r}: no heading or labelled paragraph {name!r} in the document"
                         + (" after the place named before it" if after else ""))

    def _section_lines(self, number: int, level: int) -> list[int]:
        end = next((n for n, lvl, _ in self.headings if n > number and lvl <= level), len(self.lines))
        return [n for n in range(number, end) if n not in self.in_block]

    def _label_lines(self, number: int) -> list[int]:
        lines = [number]
        labelled = {n for n, _ in self.labels} | {n for n, _, _ in self.headings}
        for n in range(number + 1, len(self.lines)):
            if n in labelled or n in self.in_block or self.lines[n].after_blank:
                break  # a label's paragraph ends at the next label, heading, block or blank line
            lines.append(n)
        return lines

    def _spans(self, lines: list[int]) -> list[Span]:
        """Consecutive lines joined into spans (a table inside a section splits it in two)."""
        spans: list[Span] = []
        for n in lines:
            start, end = self.lines[n].span
            if spans and spans[-1][1] + 1 == start:
                spans[-1] = (spans[-1][0], end)
            else:
                spans.append((start, end))
        return spans

    def _reference_region(self, at: str, number: str) -> Region:
        if not number.isdigit() or not 1 <= int(number) <= len(self.references):
            raise PlaceError(f"{at!r}: the reference list has entries 1 to {len(self.references)}")
        line = self.lines[self.references[int(number) - 1]]
        stated = _LIST_ITEM.match(line.raw).group(1)
        if stated and stated != number:
            raise PlaceError(f"{at!r}: entry {number} of the list is numbered {stated}")
        return Region(at, (line.span,))

    def _table_region(self, at: str, number: int, parts: list[str]) -> Region:
        table = self.tables.get(number)
        if table is None:
            raise PlaceError(f"{at!r}: the document has no Table {number} (tables: "
                             f"{', '.join(map(str, sorted(self.tables))) or 'none'})")
        rows, columns, whole = list(table.rows), list(range(len(table.header))), True
        for part in parts:
            name, remark = _strip_remark(part)
            key = _key(name)
            if key == "title":
                return Region(at, (table.caption,))
            if key == "header":
                return Region(at, tuple(table.header_rows))
            if any(_names(label, name) for label in table.labels):
                return Region(at, tuple(span for label, span in table.labels.items() if _names(label, name)))
            if remark:
                rows = [row for row in rows if _names(row[0], remark)] or rows
            if (row := re.fullmatch(r"row\s+(\d+)", key)) or any(_names(r[0], name) for r in rows):
                rows = [r for r in rows if (row and _key(r[0]).startswith(row.group(1) + ".")) or
                        (not row and _names(r[0], name))]
            else:
                wanted = [name[len("column "):] if key.startswith("column ") else name]
                wanted = re.split(r"\s+and\s+", wanted[0]) if " and " in wanted[0] and not any(
                    _names(h, wanted[0]) for h in table.header) else wanted
                columns = [i for i, h in enumerate(table.header) if any(_names(h, w) for w in wanted)]
                if len(columns) != len(wanted):
                    raise PlaceError(f"{at!r}: Table {number} has no column {name!r} (columns: "
                                     f"{'; '.join(table.header)})")
            whole = False
            if not rows:
                raise PlaceError(f"{at!r}: Table {number} has no row {name!r}")
        if whole:
            return Region(at, tuple(self._spans(table.lines)))
        cells = tuple((row[2][i], row[1]) for row in rows for i in columns if i < len(row[2]))
        return Region(at, cells=cells)

    # ---- finding a quote ---------------------------------------------------------------------
    def occurrences(self, quote: str) -> list[Span]:
        wanted = normalize(quote)
        found, start = [], self.text.find(wanted)
        while wanted and start >= 0:
            found.append((start, start + len(wanted)))
            start = self.text.find(wanted, start + 1)
        return found

    def place_of(self, offset: int) -> str:
        """A readable name of the place holding an offset: table cell, reference or section."""
        for number, table in self.tables.items():
            for label, (start, end), cells in table.rows:
                if start <= offset < end:
                    column = next((table.header[i] for i, (a, b) in enumerate(cells) if a <= offset < b + 1), "?")
                    return f"Table {number}, row {label!r}, column {column!r}"
            if any(start <= offset < end for start, end in table.header_rows):
                return f"Table {number}, header"
        for position, index in enumerate(self.references, start=1):
            start, end = self.lines[index].span
            if start <= offset < end:
                return f"References, {position}"
        line = next((n for n, ln in enumerate(self.lines) if ln.start <= offset <= ln.start + len(ln.text)), 0)
        heading = [name for n, _, name in self.headings if n <= line]
        label = [name for n, name in self.labels if n <= line and line in self._label_lines(n)]
        return ", ".join(filter(None, [heading[-1] if heading else "", label[-1] if label else ""])) or "(start)"


def _strip_remark(part: str) -> tuple[str, str]:
    """`Study Design (Gentile et al)` → ("Study Design", "Gentile et al")."""
    match = re.fullmatch(r"(.*?)\s*\(([^()]*)\)\s*", part)
    return (match.group(1), match.group(2)) if match else (part, "")


def _table_number(text: str) -> int:
    return int(text) if text.isdigit() else _ROMAN[text]


@lru_cache(maxsize=16)
def places_of(path: Path) -> SourcePlaces:
    return SourcePlaces(path.read_text(encoding="utf-8"))

"""The saved queries in queries/: each file's header (summary, parameters, columns) parsed once.

queries/*.rq are the questions a user asks (`exograph query NAME`); queries/page/*.rq are the facts the
page and the analyses read (`exograph query page/NAME`), with the same headers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from exograph.errors import QueryError

PARAM_TYPES = ("uri", "string", "integer", "decimal")
PAGE = "page"  # queries/page/: one query per kind of fact the page shows, with its provenance
GROUPS = ("", PAGE)  # "": the saved queries at the top of queries/
_NAME = re.compile(rf"^(?:({PAGE})/)?([A-Za-z0-9][\w-]*)$")  # NAME or page/NAME, nothing that leaves queries/
_HEADER = re.compile(r"^#\+\s*(\w+)\s*:\s*(.*)$")
# The outer projection: up to the first WHERE, FROM or "{" (a variable named ?where is not WHERE).
_SELECT = re.compile(r"\bSELECT\s+(DISTINCT\s+|REDUCED\s+)?(.*?)\s*((?<![?$\w])WHERE\b|\{|(?<![?$\w])FROM\b)",
                     re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class Parameter:
    """A query parameter. Its value is bound to the query variable `?param_NAME` when the query uses
    one (so a parameter may share its name with an output column, as `source` does), else to `?NAME`."""

    name: str
    type: str
    default: str | None
    description: str
    variable: str = ""


@dataclass(frozen=True)
class SavedQuery:
    name: str
    path: Path
    summary: str
    parameters: tuple[Parameter, ...]
    columns: tuple[str, ...]
    text: str = field(repr=False)

    def parameter(self, name: str) -> Parameter:
        for parameter in self.parameters:
            if parameter.name == name:
                return parameter
        known = ", ".join(p.name for p in self.parameters) or "none"
        raise QueryError(f"query {self.name!r} has no parameter {name!r}; its parameters: {known}")


def parse_query_file(path: Path, name: str | None = None) -> SavedQuery:
    """The query of one file; `name` is how commands call it (default: the file name without .rq)."""
    text = path.read_text(encoding="utf-8")
    summary, columns, parameters = "", (), []
    for number, line in enumerate(text.splitlines(), start=1):
        match = _HEADER.match(line.strip())
        if not match:
            continue
        key, value = match.group(1).lower(), match.group(2).strip()
        if key == "summary":
            summary = value
        elif key == "columns":
            columns = tuple(c.strip() for c in value.split(",") if c.strip())
        elif key == "param":
            parameters.append(_parse_param(path, number, value))
        else:
            raise QueryError(f"{path}:{number}: unknown header key {key!r}; expected summary, param or columns")
    if not summary:
        raise QueryError(f"{path}: missing '#+ summary:' header line")
    if not columns:
        raise QueryError(f"{path}: missing '#+ columns:' header line")
    _check_columns(path, text, columns)
    body = _body(text)
    parameters = [_with_variable(path, p, body) for p in parameters]
    return SavedQuery(name or path.stem, path, summary, tuple(parameters), columns, text)


def _with_variable(path: Path, parameter: Parameter, body: str) -> Parameter:
    for variable in (f"param_{parameter.name}", parameter.name):
        if re.search(rf"[?$]{variable}\b", body):
            return replace(parameter, variable=variable)
    raise QueryError(f"{path}: parameter {parameter.name!r} is declared but the query never uses "
                     f"?param_{parameter.name} or ?{parameter.name}")


def _body(text: str) -> str:
    """The query without its comment lines."""
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


def _parse_param(path: Path, number: int, value: str) -> Parameter:
    parts = value.split(None, 3)
    if len(parts) < 3 or parts[1] not in PARAM_TYPES:
        raise QueryError(f"{path}:{number}: a param line reads 'NAME TYPE DEFAULT DESCRIPTION' with TYPE one of "
                         f"{', '.join(PARAM_TYPES)} and DEFAULT '-' for none; got {value!r}")
    name, kind, default = parts[0], parts[1], parts[2]
    return Parameter(name, kind, None if default == "-" else default, parts[3] if len(parts) > 3 else "")


def selected_variables(select_clause: str) -> list[str]:
    """The projected variable names of a SELECT clause: `?x` at top level, `(... AS ?y)` in brackets."""
    names, depth, expression = [], 0, ""
    for token in re.findall(r"\(|\)|[?$]\w+|[^\s()?$]+", select_clause):
        if token == "(":
            depth += 1
        elif token == ")":
            depth -= 1
            if depth == 0:
                alias = re.search(r"AS\s+[?$](\w+)\s*$", expression, re.IGNORECASE)
                if alias:
                    names.append(alias.group(1))
                expression = ""
        elif depth:
            expression += " " + token
        elif token[0] in "?$":
            names.append(token[1:])
    return names


def _check_columns(path: Path, text: str, columns: tuple[str, ...]) -> None:
    match = _SELECT.search(_body(text))
    if not match or match.group(2).strip() == "*":
        return
    names = selected_variables(match.group(2))
    if tuple(names) != columns:
        raise QueryError(f"{path}: '#+ columns:' lists {', '.join(columns)} but the query selects {', '.join(names)}")


def load_catalog(queries_dir: Path, group: str = "") -> dict[str, SavedQuery]:
    """Every query of a group by name: queries/NAME.rq as NAME, queries/page/NAME.rq as page/NAME."""
    return {name: parse_query_file(path, name) for name, path in _files(queries_dir, group).items()}


def get_query(queries_dir: Path, name: str) -> SavedQuery:
    """The query called `name` (NAME or page/NAME), or an error with the nearest name."""
    match = _NAME.match(name)
    path = queries_dir.joinpath(*(match.groups(""))).with_suffix(".rq") if match else None
    if path is None or not path.is_file():
        import difflib

        names = [known for each in GROUPS for known in _files(queries_dir, each)]
        close = difflib.get_close_matches(name, names, n=1)
        hint = f"did you mean {close[0]!r}?" if close else "see `exograph query --list`"
        raise QueryError(f"no saved query named {name!r} in {queries_dir}; {hint}")
    return parse_query_file(path, name)


def _files(queries_dir: Path, group: str) -> dict[str, Path]:
    """A group's query files by name, sorted by name (not file name: "studies" comes before
    "studies-by-…" although "." sorts after "-")."""
    folder, prefix = (queries_dir / group, f"{group}/") if group else (queries_dir, "")
    return {prefix + path.stem: path for path in sorted(folder.glob("*.rq"), key=lambda p: p.stem)}

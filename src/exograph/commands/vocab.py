"""exograph vocab [KIND] [--format table|csv|json]: the value sets a record's keys come from (designs,
measures, units, routes, methods, adverse events, ...), each key with its label and ontology term;
without KIND, the value sets and where records use them."""

from __future__ import annotations

import argparse
import difflib

from exograph.commands._common import project
from exograph.errors import ExographError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("kind", nargs="?", help="a value set, e.g. measures, units, routes (default: list them)")
    parser.add_argument("--format", choices=["table", "csv", "json"], default="table")
    parser.add_argument("--wide", action="store_true",
                        help="table: every cell on one line, however wide (default: fit the terminal, wrapping cells)")


def run(args: argparse.Namespace) -> int:
    from exograph.graphs import ontology_graph
    from exograph.records.value_sets import kinds, labelled

    paths = project(args)
    value_sets = kinds(paths.imports / "terms.tsv")
    if not args.kind:
        rows = [{"kind": k.name, "keys": len(k.entries()), "used_in": k.used_in} for k in value_sets.values()]
        print(_render(rows, ["kind", "keys", "used_in"], args))
        return 0
    if args.kind not in value_sets:
        close = difflib.get_close_matches(args.kind, list(value_sets), n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise ExographError(f"no value set {args.kind!r}; {hint}expected one of: {', '.join(value_sets)}")
    rows = labelled(value_sets[args.kind], ontology_graph(paths))
    print(_render(rows, ["key", "label", "term", "note"], args))
    return 0


def _render(rows: list[dict], columns: list[str], args: argparse.Namespace) -> str:
    """As `exograph query` renders rows: a table fits the terminal (cells wrapped, never cut) unless --wide."""
    from exograph.query.run import render
    from exograph.query.table import terminal_width

    return render(rows, columns, args.format, None if args.wide else terminal_width())

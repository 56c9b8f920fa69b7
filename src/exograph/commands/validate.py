"""exograph validate [PATH ...] [--format text|json|ttl] [--engine native|pyshacl] [--strict-quotes]: exit 0
conforms (warnings allowed), 1 a violation, 2 a tool error (a shapes or ontology file that is not valid Turtle,
a broken shape). Quotes whose source text is not available are listed on stderr, per document."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from exograph.commands._common import add_strict_quotes, project, strict_quotes

if TYPE_CHECKING:  # imported lazily at run time: `exograph --help` stays fast
    from exograph.errors import Problem
    from exograph.records.load import LoadedRecord


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", type=Path, help="record files or folders (default: all of data/)")
    parser.add_argument("--format", choices=["text", "json", "ttl"], default="text",
                        help="text grouped by file, a JSON list of problems, or the SHACL report graph in Turtle")
    parser.add_argument("--engine", choices=["native", "pyshacl"], default="native",
                        help="native (fast; the same results as pySHACL, see docs/shapes.md) or pyshacl (the reference)")
    add_strict_quotes(parser)


def run(args: argparse.Namespace) -> int:
    from exograph.records.load import check_references, iter_paths, load_all, record_files
    from exograph.validate.report import CURATION_FORMAT, add_results, as_json, as_text, as_turtle, set_conforms
    from exograph.build.validation import validate_many
    from exograph.validate.quotes import report_unchecked, strict as make_strict
    from exograph.validate.shacl import deduplicated

    paths = project(args)
    _check_named(args.paths)
    files = list(iter_paths(args.paths, paths.data))
    records, problems = load_all(files, paths.root)
    context = _context(record_files(paths.data), records, paths.root) if args.paths else []
    problems = list(dict.fromkeys(problems + _references(check_references(records + context), records)))
    report = validate_many(paths, records, context=context, engine=args.engine)
    add_results(report.report_graph, problems, CURATION_FORMAT)
    problems = deduplicated(problems + report.problems)
    strict = strict_quotes(args)
    if strict:
        problems = make_strict(problems)
    report_unchecked(problems, strict)
    set_conforms(report.report_graph, not problems)  # SHACL §3.6.1: false with any result (exit code: violations)
    if args.format == "json":
        print(as_json(problems))
    elif args.format == "ttl":
        print(as_turtle(report.report_graph))
    else:
        print(as_text(problems, len(files)))
    return 1 if any(p.severity == "Violation" for p in problems) else 0


def _check_named(named: list[Path]) -> None:
    """A path named on the command line that does not exist is a usage error (exit 2), not a record
    that fails validation."""
    from exograph.errors import ExographError

    for path in named:
        if not path.exists() and not path.is_symlink():
            raise ExographError(f"{path}: no such file or folder (validate takes record files or folders)")


def _context(all_files: list[Path], named: list[LoadedRecord], root: Path) -> list[LoadedRecord]:
    """The records of data/ that were not named: what named records may refer to (their review, the
    studies a claim is about). Their own problems are not reported; they were not asked for."""
    from exograph.records.load import load_all

    known = {r.path.resolve() for r in named}
    others, _ = load_all([p for p in all_files if p.resolve() not in known], root)
    return others


def _references(found: list[Problem], named: list[LoadedRecord]) -> list[Problem]:
    """Cross-record problems of the named records only."""
    files = {r.rel_path for r in named}
    return [p for p in found if p.file in files]

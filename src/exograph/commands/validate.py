"""exograph validate [PATH ...]: exit 0 conforms, 1 does not, 2 tool error."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from exograph.commands._common import project


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", type=Path, help="record files or folders (default: all of data/)")
    parser.add_argument("--format", choices=["text", "json", "ttl"], default="text",
                        help="text grouped by file, JSON objects, or the SHACL report graph in Turtle")


def run(args: argparse.Namespace) -> int:
    from exograph.records.load import iter_paths, load_all, record_files
    from exograph.validate.report import as_json, as_text
    from exograph.validate.shacl import validate_records

    paths = project(args)
    files = list(iter_paths(args.paths, paths.data))
    records, problems = load_all(files, paths.root)
    if args.paths:  # a study named alone may refer to a review that was not named: load reviews too
        known = {r.path.resolve() for r in records}
        extra = [p for p in record_files(paths.data) if p.parent.name == "reviews" and p.resolve() not in known]
        reviews, _ = load_all(extra, paths.root)
        records, problems = load_all(files + [r.path for r in reviews], paths.root)
    report = validate_records(paths, records)
    problems = problems + report.problems
    if args.format == "json":
        print(as_json(problems))
    elif args.format == "ttl":
        print(report.report_graph.serialize(format="turtle"))
    else:
        print(as_text(problems, len(files)), file=sys.stdout)
    return 1 if any(p.severity == "Violation" for p in problems) else 0

"""`exograph imports`: extract ontology/imports/<prefix>_import.ttl from ontology files or an endpoint;
`--add CURIE ...` lists new real terms (with their labels from the source) and extracts their modules."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from exograph.commands._common import project
from exograph.errors import ExographError
from exograph.records.files import shown_path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--source-dir", type=Path,
                        help="folder of ontology files (default: ../shared/ontologies beside the project)")
    parser.add_argument("--terms", type=Path, help="term list (default: ontology/imports/terms.tsv)")
    parser.add_argument("--out", type=Path, help="where modules are written (default: ontology/imports/)")
    parser.add_argument("--endpoint", metavar="URL",
                        help="read terms from this SPARQL endpoint instead of files (labels, definitions, "
                             "rdfs:subClassOf* ancestors)")
    parser.add_argument("--only", nargs="+", metavar="PREFIX", default=[],
                        help="extract only these ontologies (e.g. UO CL)")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 when a module is out of date or a used term is unlisted")
    parser.add_argument("--add", nargs="+", metavar="CURIE", default=[],
                        help="add these terms (e.g. MONDO:0005340) to terms.tsv with the label their ontology gives "
                             "them, then extract their modules")


def run(args: argparse.Namespace) -> int:
    from exograph.ontology.imports import ImportsError, generate, read_term_list
    from exograph.ontology.usage import project_usage, unlisted

    paths = project(args)
    terms = args.terms or paths.imports / "terms.tsv"
    out = args.out or paths.imports
    source_dir = args.source_dir or paths.root.parent / "shared" / "ontologies"
    if not args.endpoint and not source_dir.is_dir():
        raise ExographError(f"ontology source folder {source_dir} does not exist (use --source-dir or --endpoint)")
    if args.add:
        return _add(args, paths, terms, out, source_dir)
    listed = {entry.iri for entry in read_term_list(terms)}
    missing = unlisted(project_usage(paths.root), listed)
    if missing and not args.only:
        lines = [f"  {curie}  (used in {', '.join(sorted(places))})" for curie, places in sorted(missing.items())]
        raise ImportsError(f"terms used by the project but not listed in {terms}; add each with its exact "
                           "label:\n" + "\n".join(lines))
    report = generate(terms, out, source_dir=None if args.endpoint else source_dir, endpoint=args.endpoint,
                      only=args.only, check=args.check)
    for path in report.written:
        print(f"wrote {shown_path(path, paths.root)} ({report.term_counts[path.name]} terms)")
    for path in report.removed:
        print(f"removed {shown_path(path, paths.root)} (no listed terms left)")
    for path in report.would_change:
        print(f"out of date: {shown_path(path, paths.root)}", file=sys.stderr)
    if report.unchanged:
        print(f"{len(report.unchanged)} module(s) unchanged")
    return 1 if report.would_change else 0


def _add(args: argparse.Namespace, paths, terms: Path, out: Path, source_dir: Path) -> int:
    from exograph.ontology.add import add_terms

    added, already, report = add_terms(terms, args.add, out, source_dir, args.endpoint)
    for curie in already:
        print(f"{curie} is already listed in {shown_path(terms, paths.root)}")
    for item in added:
        print(f"added {item.curie} {item.label!r} to {shown_path(terms, paths.root)}")
    for path in report.written:
        print(f"wrote {shown_path(path, paths.root)} ({report.term_counts[path.name]} terms)")
    if added:
        print("next: use the term in a record, then `exograph build`", file=sys.stderr)
    return 0


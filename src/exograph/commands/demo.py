"""exograph demo: build, validate, run every saved query and write the pages — the whole job."""

from __future__ import annotations

import argparse

from exograph.commands._common import add_strict_quotes, project, strict_quotes


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=["table", "csv", "json"], default="table")
    add_strict_quotes(parser)


def run(args: argparse.Namespace) -> int:
    from exograph.build import ALL_FORMATS, build
    from exograph.progress import progress
    from exograph.validate.quotes import report_unchecked
    from exograph.query.engine import embedded_backend
    from exograph.query.catalog import load_catalog
    from exograph.query.run import render, run_saved

    paths = project(args)
    strict = strict_quotes(args)
    built = build(paths, formats=ALL_FORMATS, strict_quotes=strict)  # the tour leaves every export
    backend = embedded_backend(paths)  # the same engine `exograph query` uses
    for name, query in load_catalog(paths.queries).items():
        progress(f"query {name}")
        print(f"\n## {name}: {query.summary}\n")
        print(render(run_saved(query, backend), list(query.columns), args.format))
    for verb in _page_verbs():
        verb.run(argparse.Namespace(root=args.root, out=None))
    report_unchecked(built.problems, strict)  # again at the end, where it is seen
    return 0


def _page_verbs() -> list:
    from exograph.commands import viz

    return [viz]

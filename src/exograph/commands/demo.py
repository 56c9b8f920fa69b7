"""exograph demo: build, validate, run every saved query and write the pages — the whole job."""

from __future__ import annotations

import argparse

from exograph.commands._common import project


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=["table", "csv", "json"], default="table")


def run(args: argparse.Namespace) -> int:
    from exograph.build import build
    from exograph.progress import progress
    from exograph.query.engine import embedded_backend
    from exograph.query.catalog import load_catalog
    from exograph.query.run import render, run_saved

    paths = project(args)
    build(paths)
    backend = embedded_backend(paths)  # the same engine `exograph query` uses
    for name, query in load_catalog(paths.queries).items():
        progress(f"query {name}")
        print(f"\n## {name}: {query.summary}\n")
        print(render(run_saved(query, backend), list(query.columns), args.format))
    for verb in _page_verbs():
        verb.run(argparse.Namespace(root=args.root, out=None))
    return 0


def _page_verbs() -> list:
    from exograph.commands import viz

    return [viz]

"""exograph viz [--out FILE]: the interactive source → outcome page."""

from __future__ import annotations

import argparse
from pathlib import Path

from exograph.commands._common import project


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, help="where to write the page (default: build/exograph.html)")


def run(args: argparse.Namespace) -> int:
    from exograph.analysis.network import evidence_network
    from exograph.pipeline import load_built_graph, progress
    from exograph.viz.page import write_page

    paths = project(args)
    graph = load_built_graph(paths)
    out = write_page(evidence_network(graph), args.out or paths.build / "exograph.html")
    progress(f"wrote {out}")
    return 0

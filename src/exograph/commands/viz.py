"""exograph viz [--out FILE] [--figures DIR]: the interactive source → outcome page, the evidence gap
map and the hair-density forest plot (PNG + SVG)."""

from __future__ import annotations

import argparse
from pathlib import Path

from exograph.commands._common import project

PAGE = "exograph.html"
GAP_MAP = "gap-map"
DENSITY = "density-forest"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, help=f"where to write the page (default: build/{PAGE})")
    parser.add_argument("--figures", type=Path, metavar="DIR",
                        help=f"where to write {GAP_MAP}.png/.svg and {DENSITY}.png/.svg (default: build/)")
    parser.add_argument("--seed", type=int, default=7, help="layout seed (default: 7)")


def run(args: argparse.Namespace) -> int:
    from exograph.analysis.density import write_density_forest
    from exograph.analysis.evidence import load_evidence
    from exograph.analysis.gapmap import write_gap_map
    from exograph.analysis.network import network_from_evidence
    from exograph.pipeline import load_built_graph, progress
    from exograph.viz.page import write_page

    paths = project(args)
    evidence = load_evidence(load_built_graph(paths))
    figures = getattr(args, "figures", None) or paths.build
    written = write_gap_map(evidence, figures / GAP_MAP) + write_density_forest(evidence, figures / DENSITY)
    density_png = (figures / f"{DENSITY}.png").read_bytes()
    out = args.out or paths.build / PAGE
    write_page(evidence, network_from_evidence(evidence), out, getattr(args, "seed", 7), density_png)
    for path in [out, *written]:
        progress(f"wrote {path}")
    return 0

"""exograph analyze [--graphml FILE] [--projection]: network analytics of sources and outcomes."""

from __future__ import annotations

import argparse
from pathlib import Path

from exograph.commands._common import project


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--graphml", type=Path, metavar="FILE", help="also write the network as GraphML")
    parser.add_argument("--projection", action="store_true",
                        help="with --graphml: write the source–outcome projection instead of the whole network")
    parser.add_argument("--limit", type=int, default=15, help="rows per ranking (default: 15)")


def run(args: argparse.Namespace) -> int:
    from exograph.analysis.metrics import source_outcome_projection, write_graphml
    from exograph.analysis.network import evidence_network
    from exograph.analysis.summary import summary
    from exograph.build.graph import load_built_graph
    from exograph.progress import progress

    net = evidence_network(load_built_graph(project(args)))
    print(summary(net, args.limit))
    if args.graphml:
        args.graphml.parent.mkdir(parents=True, exist_ok=True)
        write_graphml(source_outcome_projection(net) if args.projection else net, args.graphml)
        progress(f"wrote {args.graphml}")
    return 0

"""exograph analyze [--graphml FILE] [--projection]: network analytics of sources and outcomes."""

from __future__ import annotations

import argparse
from pathlib import Path

from exograph.commands._common import at_least, project


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--graphml", type=Path, metavar="FILE", help="also write the network as GraphML")
    parser.add_argument("--projection", action="store_true",
                        help="with --graphml: write the source–outcome projection instead of the whole network")
    parser.add_argument("--limit", type=at_least(1), default=15, help="rows per ranking (default: 15)")
    parser.add_argument("--wide", action="store_true", help="every cell on one line (default: fit the terminal)")


def run(args: argparse.Namespace) -> int:
    from exograph.analysis.metrics import source_outcome_projection, write_graphml
    from exograph.analysis.network import evidence_network
    from exograph.analysis.summary import summary
    from exograph.outputs import check_output
    from exograph.progress import progress
    from exograph.store.graph import built_graph

    graph = built_graph(project(args))  # a missing or stale build is an error before anything is written
    if args.graphml:
        check_output(args.graphml)
    net = evidence_network(graph)
    from exograph.query.table import terminal_width

    print(summary(net, args.limit, None if args.wide else terminal_width()))
    if args.graphml:
        write_graphml(source_outcome_projection(net) if args.projection else net, args.graphml)
        progress(f"wrote {args.graphml}")
    return 0

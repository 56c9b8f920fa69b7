"""exograph push --endpoint URL [--graph IRI]: load build/ into a SPARQL store through the Graph Store
Protocol (HTTP PUT replaces the named graph, so pushing twice leaves one copy)."""

from __future__ import annotations

import argparse

from exograph.commands._common import project


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from exograph.store import GRAPH_IRI

    parser.add_argument("--endpoint", required=True, metavar="URL",
                        help="the store: a server base (http://127.0.0.1:7878, /store is added), Oxigraph's "
                             ".../query URL, or a Graph Store Protocol URL such as .../store or Fuseki's /ds/data")
    parser.add_argument("--graph", default=GRAPH_IRI, metavar="IRI", help=f"named graph to replace (default {GRAPH_IRI})")
    parser.add_argument("--timeout", type=float, default=60.0,
                        help="seconds the whole push may take, retries included (default 60)")


def run(args: argparse.Namespace) -> int:
    from exograph.build import build
    from exograph.build.writer import OUTPUT_NT
    from exograph.progress import progress
    from exograph.store import push_ntriples

    paths = project(args)
    built = paths.build / OUTPUT_NT
    if not built.exists():
        build(paths)
    progress(f"pushing {built.relative_to(paths.root)} to {args.endpoint}")
    result = push_ntriples(built.read_bytes(), args.endpoint, args.graph, timeout=args.timeout)
    print(f"pushed {result.triples} triples into graph <{result.graph}> at {result.url} (HTTP {result.status})")
    return 0

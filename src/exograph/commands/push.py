"""exograph push --endpoint URL [--graph IRI]: load the built graph into a SPARQL store through the
Graph Store Protocol (HTTP PUT replaces the named graph, so pushing twice leaves one copy)."""

from __future__ import annotations

import argparse

from exograph.commands._common import project


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from exograph.store.push import GRAPH_IRI

    parser.add_argument("--endpoint", required=True, metavar="URL",
                        help="the store: a server base (http://127.0.0.1:7878, /store is added), Oxigraph's "
                             ".../query URL, or a Graph Store Protocol URL such as .../store or Fuseki's /ds/data")
    parser.add_argument("--graph", default=GRAPH_IRI, metavar="IRI", help=f"named graph to replace (default {GRAPH_IRI})")
    parser.add_argument("--timeout", type=float, default=60.0,
                        help="seconds the whole push may take, retries included (default 60)")


def run(args: argparse.Namespace) -> int:
    import pyoxigraph

    from exograph.progress import progress
    from exograph.store.published import open_store
    from exograph.store.push import push_ntriples

    store = open_store(project(args))
    progress(f"pushing build/store to {args.endpoint}")
    data = store.dump(format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=pyoxigraph.DefaultGraph())
    result = push_ntriples(data, args.endpoint, args.graph, timeout=args.timeout)
    print(f"pushed {result.triples} triples into graph <{result.graph}> at {result.url} (HTTP {result.status})")
    return 0

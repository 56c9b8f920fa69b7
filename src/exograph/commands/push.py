"""exograph push --endpoint URL [--store oxigraph|virtuoso] [--gsp URL] [--user NAME] [--graph IRI]: load the
built graph into a SPARQL store through the Graph Store Protocol (HTTP PUT replaces the named graph, so
pushing twice leaves one copy). The password of --user is read from EXOGRAPH_PASSWORD (or asked for on a
terminal), never from the command line, where other users of the machine could read it."""

from __future__ import annotations

import argparse

from exograph.commands._common import PASSWORD_VARIABLE, credentials, project


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from exograph.store.push import GRAPH_IRI, PROFILES

    parser.add_argument("--endpoint", required=True, metavar="URL",
                        help="the store: a server base (http://127.0.0.1:7878; the profile's Graph Store path is "
                             "added), its query URL (Oxigraph's .../query, Virtuoso's .../sparql), or the Graph Store "
                             "service itself (.../store, Fuseki's /ds/data)")
    parser.add_argument("--store", choices=sorted(PROFILES), default="oxigraph",
                        help="the kind of store, which says where its Graph Store service is (oxigraph: /store; "
                             "virtuoso: /sparql-graph-crud-auth, with --user); default oxigraph")
    parser.add_argument("--gsp", metavar="URL", help="the Graph Store Protocol service's URL, for any other store")
    parser.add_argument("--user", metavar="NAME",
                        help=f"authenticate as NAME (HTTP Digest or Basic, as the store asks); the password is read "
                             f"from {PASSWORD_VARIABLE}, or asked for on a terminal")
    parser.add_argument("--graph", default=GRAPH_IRI, metavar="IRI", help=f"named graph to replace (default {GRAPH_IRI})")
    parser.add_argument("--timeout", type=float, default=60.0,
                        help="seconds the whole push may take, retries included (default 60)")


def run(args: argparse.Namespace) -> int:
    import pyoxigraph

    from exograph.progress import progress
    from exograph.store.published import open_store
    from exograph.store.push import GRAPH_IRI, push_ntriples, query_url

    login = credentials(args.user)
    store = open_store(project(args))
    progress(f"pushing build/store to {args.gsp or args.endpoint}")
    data = store.dump(format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=pyoxigraph.DefaultGraph())
    result = push_ntriples(data, args.endpoint, args.graph, timeout=args.timeout, profile=args.store, gsp=args.gsp,
                           credentials=login)
    print(f"pushed {result.triples} triples into graph <{result.graph}> at {result.url} (HTTP {result.status})")
    graph = "" if args.graph == GRAPH_IRI else f" --graph {args.graph}"
    progress(f"query it with: exograph query NAME --endpoint {query_url(args.endpoint, args.store)}{graph}")
    return 0

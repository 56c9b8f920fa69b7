"""exograph query NAME [--param KEY=VALUE ...] [--format table|csv|json] [--endpoint URL [--graph IRI |
--default-graph] [--user NAME]]; --list lists the saved queries; --docs rewrites docs/queries.md from their
headers and results. On an endpoint the graph `exograph push` writes is queried unless told otherwise."""

from __future__ import annotations

import argparse

from exograph.commands._common import PASSWORD_VARIABLE, at_least, credentials, project
from exograph.errors import QueryError
from exograph.httpclient import DEFAULT_MAX_BYTES
from exograph.paths import ProjectPaths
from exograph.query.backends import Backend, EndpointBackend
from exograph.store.push import GRAPH_IRI


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", nargs="?", help="saved query name (a file queries/NAME.rq)")
    parser.add_argument("--list", action="store_true", help="list every saved query with its summary")
    parser.add_argument("--docs", action="store_true",
                        help="write docs/queries.md: every query's header and its result on the current data")
    parser.add_argument("--param", action="append", default=[], metavar="KEY=VALUE", help="bind a parameter")
    parser.add_argument("--format", choices=["table", "csv", "json"], default="table")
    parser.add_argument("--wide", action="store_true",
                        help="table: every cell on one line, however wide (default: fit the terminal, wrapping cells)")
    parser.add_argument("--endpoint", metavar="URL", help="run on this SPARQL 1.1 endpoint instead")
    parser.add_argument("--graph", metavar="IRI",
                        help=f"with --endpoint: query this named graph (sent as default-graph-uri; default "
                             f"{GRAPH_IRI}, the graph `exograph push` writes)")
    parser.add_argument("--default-graph", action="store_true",
                        help="with --endpoint: query the store's own default graph instead of a named graph")
    parser.add_argument("--user", metavar="NAME",
                        help=f"with --endpoint: authenticate as NAME (password from {PASSWORD_VARIABLE})")
    parser.add_argument("--backend", choices=["rdflib", "oxigraph", "auto"], default="auto",
                        help="engine for the embedded graph (auto: an in-process Oxigraph store)")
    parser.add_argument("--timeout", type=float, default=30.0,
                        help="with --endpoint: seconds the whole request may take, retries included (default 30)")
    parser.add_argument("--retries", type=at_least(1), default=3, help="endpoint attempts on transient failures")
    parser.add_argument("--max-response", type=float, default=DEFAULT_MAX_BYTES / 2**20, metavar="MB",
                        help=f"with --endpoint: refuse answers larger than this (default {DEFAULT_MAX_BYTES // 2**20} MB)")


def run(args: argparse.Namespace) -> int:
    from exograph.query.catalog import get_query, load_catalog
    from exograph.query.params import parse_assignments
    from exograph.query.run import render, run_saved

    paths = project(args)
    if args.list:
        print(catalog_listing(load_catalog(paths.queries)))
        return 0
    if args.docs:
        return _write_docs(paths, make_backend(args, paths))
    if not args.name:
        raise QueryError("name a saved query (see `exograph query --list`)")
    query = get_query(paths.queries, args.name)
    given = parse_assignments(args.param)
    backend = make_backend(args, paths)
    rows = run_saved(query, backend, given)
    if not rows and isinstance(backend, EndpointBackend):
        _warn_if_empty(backend)
    from exograph.query.table import terminal_width

    print(render(rows, list(query.columns), args.format, None if args.wide else terminal_width()))
    return 0


def _warn_if_empty(backend: EndpointBackend) -> None:
    """No rows may mean the query asked the wrong graph: say so when the queried graph holds nothing."""
    import sys

    if not backend.is_empty():
        return
    if backend.graph:
        where = f"graph <{backend.graph}> at {backend.url} holds no triples"
    else:
        where = f"the default graph of {backend.url} holds no triples"
    others = [g for g in backend.named_graphs() if g != backend.graph]
    hint = (f"; the store's named graphs include {', '.join(f'<{g}>' for g in others)} (choose one with --graph IRI)"
            if others else "; load it with `exograph push --endpoint URL`")
    print(f"warning: no rows: {where}{hint}", file=sys.stderr)


def catalog_listing(catalog: dict) -> str:
    """Each saved query's name and summary, then its parameters (name, type, default, what it does)."""
    lines = []
    for name, query in catalog.items():
        lines.append(f"{name:32} {query.summary}")
        for parameter in query.parameters:
            default = f" (default {parameter.default})" if parameter.default is not None else ""
            lines.append(f"{'':34}--param {parameter.name}=<{parameter.type}>{default}: {parameter.description}")
    return "\n".join(lines)


def _write_docs(paths: ProjectPaths, backend: Backend) -> int:
    from exograph.progress import progress
    from exograph.query.docs import write_docs

    target = write_docs(paths, backend)
    progress(f"wrote {target.relative_to(paths.root)}")
    return 0


def make_backend(args: argparse.Namespace, paths: ProjectPaths) -> Backend:
    from exograph.query.engine import embedded_backend

    if (args.graph or args.default_graph or args.user) and args.endpoint is None:
        raise QueryError("--graph, --default-graph and --user apply to --endpoint; the embedded graph has one "
                         "default graph")
    if args.graph and args.default_graph:
        raise QueryError("--graph IRI and --default-graph name two different graphs; give one")
    if args.endpoint is not None:  # an empty --endpoint is an error, never the embedded graph
        if not args.max_response > 0:
            raise QueryError(f"--max-response must be a positive number of megabytes, got {args.max_response}")
        graph = None if args.default_graph else args.graph or GRAPH_IRI
        return EndpointBackend(args.endpoint, timeout=args.timeout, retries=max(1, args.retries), graph=graph,
                               max_bytes=int(args.max_response * 2**20), credentials=credentials(args.user))
    return embedded_backend(paths, args.backend)

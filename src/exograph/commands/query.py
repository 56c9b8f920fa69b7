"""exograph query NAME [--param KEY=VALUE ...] [--format table|csv|json] [--endpoint URL [--graph IRI]];
--list lists the saved queries; --docs rewrites docs/queries.md from their headers and results."""

from __future__ import annotations

import argparse

from exograph.commands._common import at_least, project
from exograph.errors import QueryError
from exograph.httpclient import DEFAULT_MAX_BYTES
from exograph.paths import ProjectPaths
from exograph.query.backends import Backend


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", nargs="?", help="saved query name (a file queries/NAME.rq)")
    parser.add_argument("--list", action="store_true", help="list every saved query with its summary")
    parser.add_argument("--docs", action="store_true",
                        help="write docs/queries.md: every query's header and its result on the current data")
    parser.add_argument("--param", action="append", default=[], metavar="KEY=VALUE", help="bind a parameter")
    parser.add_argument("--format", choices=["table", "csv", "json"], default="table")
    parser.add_argument("--endpoint", metavar="URL", help="run on this SPARQL 1.1 endpoint instead")
    parser.add_argument("--graph", metavar="IRI",
                        help="with --endpoint: query this named graph (sent as default-graph-uri)")
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
        for name, query in load_catalog(paths.queries).items():
            print(f"{name:32} {query.summary}")
        return 0
    if args.docs:
        return _write_docs(paths, make_backend(args, paths))
    if not args.name:
        raise QueryError("name a saved query (see `exograph query --list`)")
    query = get_query(paths.queries, args.name)
    given = parse_assignments(args.param)
    rows = run_saved(query, make_backend(args, paths), given)
    print(render(rows, list(query.columns), args.format))
    return 0


def _write_docs(paths: ProjectPaths, backend: Backend) -> int:
    from exograph.progress import progress
    from exograph.query.docs import write_docs

    target = write_docs(paths, backend)
    progress(f"wrote {target.relative_to(paths.root)}")
    return 0


def make_backend(args: argparse.Namespace, paths: ProjectPaths) -> Backend:
    from exograph.query.backends import EndpointBackend
    from exograph.query.engine import embedded_backend

    if args.graph and args.endpoint is None:
        raise QueryError("--graph applies to --endpoint; the embedded graph has one default graph")
    if args.endpoint is not None:  # an empty --endpoint is an error, never the embedded graph
        if not args.max_response > 0:
            raise QueryError(f"--max-response must be a positive number of megabytes, got {args.max_response}")
        return EndpointBackend(args.endpoint, timeout=args.timeout, retries=max(1, args.retries), graph=args.graph,
                               max_bytes=int(args.max_response * 2**20))
    return embedded_backend(paths, args.backend)

"""exograph query NAME [--param KEY=VALUE ...] [--format table|csv|json] [--endpoint URL]; --list."""

from __future__ import annotations

import argparse

from exograph.commands._common import project
from exograph.errors import QueryError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", nargs="?", help="saved query name (a file queries/NAME.rq)")
    parser.add_argument("--list", action="store_true", help="list every saved query with its summary")
    parser.add_argument("--param", action="append", default=[], metavar="KEY=VALUE", help="bind a parameter")
    parser.add_argument("--format", choices=["table", "csv", "json"], default="table")
    parser.add_argument("--endpoint", metavar="URL", help="run on this SPARQL 1.1 endpoint instead")
    parser.add_argument("--backend", choices=["rdflib", "oxigraph", "auto"], default="auto",
                        help="engine for the embedded graph (auto: oxigraph above a size threshold)")
    parser.add_argument("--timeout", type=float, default=30.0, help="endpoint timeout in seconds")


def run(args: argparse.Namespace) -> int:
    from exograph.query.catalog import get_query, load_catalog
    from exograph.query.params import parse_assignments
    from exograph.query.run import render, run_saved

    paths = project(args)
    if args.list:
        for name, query in load_catalog(paths.queries).items():
            print(f"{name:32} {query.summary}")
        return 0
    if not args.name:
        raise QueryError("name a saved query (see `exograph query --list`)")
    query = get_query(paths.queries, args.name)
    given = parse_assignments(args.param)
    backend = make_backend(args, paths)
    rows = run_saved(query, backend, given)
    print(render(rows, list(query.columns), args.format))
    return 0


def make_backend(args: argparse.Namespace, paths):  # noqa: ANN001, ANN201 - returns a query Backend
    from exograph.query.backends import EndpointBackend
    from exograph.query.engine import embedded_backend

    if args.endpoint:
        return EndpointBackend(args.endpoint, timeout=args.timeout)
    return embedded_backend(paths, args.backend)

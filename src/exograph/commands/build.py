"""exograph build: load, convert, validate, reason; publish the store and its exports in build/ as one
unit (the previous build stays as it was when anything fails)."""

from __future__ import annotations

import argparse

from exograph.commands._common import add_strict_quotes, project, strict_quotes


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--no-reason", action="store_true", help="skip the OWL reasoner")
    parser.add_argument("--formats", default="nt", metavar="LIST",
                        help="exports written beside build/store, comma-separated: nt, ttl, jsonld "
                             "(default: nt; the store is always written)")
    add_strict_quotes(parser)


def run(args: argparse.Namespace) -> int:
    from exograph.build import build

    formats = [part.strip() for part in args.formats.split(",") if part.strip()]
    build(project(args), reason=not args.no_reason, formats=formats, strict_quotes=strict_quotes(args))
    return 0

"""exograph build: load, convert, merge, reason, validate, write build/ atomically."""

from __future__ import annotations

import argparse

from exograph.commands._common import project


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--no-reason", action="store_true", help="skip the OWL reasoner")


def run(args: argparse.Namespace) -> int:
    from exograph.build import build

    build(project(args), reason=not args.no_reason)
    return 0

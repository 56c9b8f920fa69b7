"""Helpers the verbs share."""

from __future__ import annotations

import argparse

from exograph.paths import ProjectPaths


def project(args: argparse.Namespace) -> ProjectPaths:
    return ProjectPaths.given(getattr(args, "root", None))


def at_least(low: int):  # noqa: ANN201 - an argparse type
    """An argparse type: a whole number of at least `low` (argparse reports anything else in one line)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
        if value < low:
            raise argparse.ArgumentTypeError(f"expected at least {low}, got {value}")
        return value

    return parse


STRICT_QUOTES_ENV = "EXOGRAPH_STRICT_QUOTES"


def add_strict_quotes(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--strict-quotes", action="store_true",
                        help="a quote whose source text is not available is a violation, not a warning "
                             f"(also when ${STRICT_QUOTES_ENV}=1; CI checks the curated data this way)")


def strict_quotes(args: argparse.Namespace) -> bool:
    import os

    return bool(getattr(args, "strict_quotes", False)) or os.environ.get(STRICT_QUOTES_ENV, "") in ("1", "true", "yes")

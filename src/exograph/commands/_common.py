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

"""Helpers the verbs share."""

from __future__ import annotations

import argparse

from exograph.paths import ProjectPaths


def project(args: argparse.Namespace) -> ProjectPaths:
    return ProjectPaths.discover(getattr(args, "root", None))

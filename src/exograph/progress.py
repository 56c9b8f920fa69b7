"""Progress messages: to stderr, so stdout stays clean for results."""

from __future__ import annotations

import sys


def progress(message: str) -> None:
    print(f"[exograph] {message}", file=sys.stderr, flush=True)

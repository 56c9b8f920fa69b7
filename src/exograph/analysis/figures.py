"""Deterministic matplotlib output: one style, no dates or versions in the files, PNG and SVG together.

Figures are made with `matplotlib.figure.Figure` (never pyplot), so no global state or GUI backend is
involved; saving renders with Agg for PNG and the SVG backend for SVG.
"""

from __future__ import annotations

import io
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from matplotlib.figure import Figure

from exograph.outputs import write_output

STYLE = {
    "svg.hashsalt": "exograph",  # stable ids inside the SVG
    "svg.fonttype": "path",  # glyphs as paths: no dependence on the viewer's fonts
    "font.family": "DejaVu Sans",  # bundled with matplotlib
    "font.size": 9,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "figure.dpi": 100,
    "savefig.dpi": 150,
}
METADATA = {"svg": {"Date": None, "Creator": "exograph"}, "png": {"Software": "exograph"}}

# Evidence levels (OCEBM) from strongest to weakest: darker is stronger.
LEVEL_COLOURS = {"I": "#08306b", "II": "#2171b5", "III": "#6baed6", "IV": "#c6dbef", "V": "#eef3fa"}
LEVEL_MARKERS = {"I": "s", "II": "D", "III": "o", "IV": "^", "V": "v"}
NO_LEVEL = "#d9d9d9"
# Overall risk of bias: traffic lights.
ROB_COLOURS = {"low": "#2f9e44", "moderate": "#f08c00", "unclear": "#868e96", "no-information": "#868e96",
               "high": "#e03131", "serious": "#e03131", "serious-to-critical": "#a51111", "critical": "#5c0a0a"}


@contextmanager
def style() -> Iterator[None]:
    import matplotlib

    with matplotlib.rc_context(STYLE):
        yield


def text_colour(background: str) -> str:
    """Black or white, whichever reads better on the background."""
    r, g, b = (int(background[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return "white" if 0.299 * r + 0.587 * g + 0.114 * b < 0.55 else "black"


def plain_text(text: str) -> str:
    """Data text as literal text for matplotlib: `$` would otherwise start mathtext."""
    return text.replace("$", r"\$")


def save(figure: Figure, stem: Path) -> list[Path]:
    """Write `stem`.png and `stem`.svg atomically; the same figure gives the same bytes."""
    written = []
    with style():
        for fmt in ("png", "svg"):
            buffer = io.BytesIO()
            figure.savefig(buffer, format=fmt, metadata=METADATA[fmt], bbox_inches="tight")
            path = stem.with_suffix(f".{fmt}")
            write_output(path, buffer.getvalue())
            written.append(path)
    return written

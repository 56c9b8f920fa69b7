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
# No diamond: a diamond marks a pooled estimate, and these are single studies' results.
LEVEL_MARKERS = {"I": "s", "II": "o", "III": "^", "IV": "v", "V": "X"}
NO_LEVEL = "#d9d9d9"
# Overall risk of bias: one colour-blind-safe ramp (ColorBrewer YlOrBr, light = low concern), always with
# a letter, so the judgement never rests on hue alone.
ROB_COLOURS = {"low": "#fed98e", "moderate": "#fe9929", "unclear": "#ffffff", "no-information": "#ffffff",
               "high": "#d95f0e", "serious": "#d95f0e", "serious-to-critical": "#a63603", "critical": "#000000"}
ROB_CODES = {"low": "L", "moderate": "M", "unclear": "?", "no-information": "NI", "high": "H", "serious": "S",
             "serious-to-critical": "SC", "critical": "C"}


@contextmanager
def style() -> Iterator[None]:
    import matplotlib

    with matplotlib.rc_context(STYLE):
        yield


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a `#rrggbb` colour."""
    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(int(colour[i:i + 2], 16) / 255) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two colours (1 to 21; 4.5 is the minimum for small text)."""
    light, dark = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_colour(background: str) -> str:
    """Black or white text, whichever contrasts more with the background (WCAG 2)."""
    return "#ffffff" if contrast_ratio(background, "#ffffff") > contrast_ratio(background, "#000000") else "#000000"


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

"""The gap map and the hair-density forest plot: PNG and SVG, byte-identical on every run."""

from __future__ import annotations

from pathlib import Path

from exograph.analysis.density import write_density_forest
from exograph.analysis.evidence import Evidence
from exograph.analysis.gapmap import write_gap_map

FIGURES = ("gap-map.png", "gap-map.svg", "density-forest.png", "density-forest.svg")


def _write_all(evidence: Evidence, folder: Path) -> dict[str, bytes]:
    written = write_gap_map(evidence, folder / "gap-map") + write_density_forest(evidence, folder / "density-forest")
    return {path.name: path.read_bytes() for path in written}


def test_figures_are_png_and_svg_and_deterministic(tiny_evidence: Evidence, tmp_path: Path) -> None:
    first = _write_all(tiny_evidence, tmp_path / "one")
    second = _write_all(tiny_evidence, tmp_path / "two")
    assert sorted(first) == sorted(FIGURES)
    assert first == second
    for name, payload in first.items():
        if name.endswith(".png"):
            assert payload.startswith(b"\x89PNG")
        else:
            assert payload.lstrip().startswith(b"<?xml") and b"<svg" in payload
            assert b"<dc:date>" not in payload, f"{name} records a date"


def test_text_from_the_data_is_literal_in_plots(tiny_evidence: Evidence, tmp_path: Path) -> None:
    """A `$` in a label would start matplotlib's mathtext; it must print as a dollar sign."""
    tiny_evidence.labels[("source", "S1")] = "cost $5 $x^2$ <b>bold</b>"
    written = write_gap_map(tiny_evidence, tmp_path / "gap-map") + write_density_forest(tiny_evidence, tmp_path / "d")
    assert all(path.stat().st_size > 1000 for path in written)


def test_viz_writes_the_page_and_both_figures_into_build(viz_project: Path) -> None:
    build = viz_project / "build"
    for name in ("exograph.html", *FIGURES):
        assert (build / name).stat().st_size > 1000, f"build/{name} is missing or empty"

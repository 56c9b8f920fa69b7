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


def test_summary_of_findings_csv_writes_labels_units_and_durations_as_read(viz_project: Path) -> None:
    """`exograph viz` writes the summary of findings as the terminal shows it: outcome labels, unit
    symbols (hairs/cm², µm) and durations in words (12 weeks), never the records' keys."""
    import csv
    import re

    from exograph import vocab

    path = next((viz_project / "build").rglob("summary-of-findings.csv"))
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert rows and {row["outcome"] for row in rows} >= {"hair density", "growth response rate"}
    assert not {row["outcome"] for row in rows} & set(vocab.MEASURES)
    effects = " ".join(row["effect_as_reported"] for row in rows)
    assert "+35 hairs/cm² (p = 0.001) at 12 weeks" in effects
    assert not re.search(r"\d (hairs/cm2|um|ug)\b", effects) and not re.search(r"(?<![\w.])(?!1 )\d+ (week|month|day)\b", effects)

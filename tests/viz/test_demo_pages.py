"""The README's main command writes the page, the gap map, the density plot and every export of the graph."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from support import run_cli

OUTPUTS = ("exograph.html", "gap-map.png", "gap-map.svg", "density-forest.png", "density-forest.svg",
           "exograph.nt", "exograph.ttl", "exograph.jsonld")


@pytest.mark.slow
def test_demo_writes_page_gap_map_and_density_plot(scratch_project: Path) -> None:
    """In a copy without ../shared (as a user's clone), demo works and ends saying which quotes are unchecked."""
    result = run_cli("demo", cwd=scratch_project)
    assert result.returncode == 0, result.stderr[-3000:]
    for name in OUTPUTS:
        assert (scratch_project / "build" / name).stat().st_size > 1000, f"demo did not write build/{name}"
    notice = result.stderr[result.stderr.rindex("QUOTES NOT CHECKED"):]  # the last thing demo says
    assert re.search(r"hair-review-2025: \d+ quote\(s\) unchecked", notice)
    assert re.search(r"skin-review-2025: \d+ quote\(s\) unchecked", notice)
    assert "../shared/seeds/" in notice and "--strict-quotes" in notice


def test_viz_out_and_figures_options(viz_project: Path, tmp_path: Path) -> None:
    out = tmp_path / "elsewhere" / "page.html"
    result = run_cli("viz", "--out", str(out), "--figures", str(tmp_path / "figs"), cwd=viz_project, check=True)
    assert out.exists() and (tmp_path / "figs" / "gap-map.svg").exists()
    assert str(out) in result.stderr and result.stdout == ""

"""The hair-density plot at scale: above MAX_STUDY_ROWS results it shows one summary row per source
(median, quartiles, range, counts) instead of a figure thousands of rows tall."""

from __future__ import annotations

import statistics

from PIL import Image

from exograph.analysis.density import MAX_STUDY_ROWS, density_rows, draw_density_forest, source_summaries
from exograph.analysis.evidence import load_evidence
from exograph.paths import ProjectPaths
from exograph.store.graph import built_graph


def test_many_results_are_summarized_per_source(synthetic_viz) -> None:  # noqa: ANN001
    evidence = load_evidence(built_graph(ProjectPaths(synthetic_viz.root)))
    rows = density_rows(evidence)
    assert len(rows) > MAX_STUDY_ROWS
    summaries = source_summaries(rows)
    assert sorted(s.source for s in summaries) == sorted({r.source for r in rows})
    assert sum(s.results for s in summaries) == len(rows)
    for summary in summaries:
        changes = sorted(r.change for r in rows if r.source == summary.source)
        assert summary.median == statistics.median(changes)
        assert (summary.smallest, summary.largest) == (changes[0], changes[-1])
        assert summary.smallest <= summary.low_quartile <= summary.median <= summary.high_quartile <= summary.largest
        assert summary.studies == len({r.study for r in rows if r.source == summary.source})
    height = draw_density_forest(evidence).get_size_inches()[1]
    assert height < 2 + 0.32 * (len(summaries) + 1), "one line per source, not per result"


def test_the_written_plot_is_the_summary(synthetic_viz) -> None:  # noqa: ANN001
    png = synthetic_viz.root / "build" / "density-forest.png"
    svg = (synthetic_viz.root / "build" / "density-forest.svg").read_text(encoding="utf-8")
    assert "summarized per source" in svg
    assert Image.open(png).size[1] < 2000


def test_the_curated_plot_keeps_a_row_per_result(built_graph) -> None:  # noqa: ANN001
    evidence = load_evidence(built_graph)
    rows = density_rows(evidence)
    assert 0 < len(rows) <= MAX_STUDY_ROWS
    assert draw_density_forest(evidence).get_size_inches()[1] >= 0.32 * len(rows)

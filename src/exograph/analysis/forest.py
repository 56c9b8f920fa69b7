"""The forest plot of every pooled estimate: each study's effect and 95% CI (box sized by its
random-effects weight) and the pooled random-effects mean difference as a diamond. Computed values,
never stated by a source; nothing is drawn where nothing could be pooled."""

from __future__ import annotations

from pathlib import Path

from exograph.analysis.appraisal import Appraisal, Pooling

ROW = 0.32  # inches per row


def draw_pooled_forest(appraisal: Appraisal):
    """One panel per pooled estimate, stacked; None when nothing was pooled."""
    from matplotlib.figure import Figure

    from exograph.analysis.figures import style

    pooled = appraisal.pooled
    if not pooled:
        return None
    heights = [len(p.studies) + 2.5 for p in pooled]
    with style():
        figure = Figure(figsize=(8.5, 0.8 + ROW * sum(heights)))
        axes = figure.subplots(len(pooled), 1, squeeze=False, gridspec_kw={"height_ratios": heights})
        for ax, pooling in zip(axes[:, 0], pooled):
            _panel(ax, pooling)
        figure.suptitle("Pooled estimates (random effects, DerSimonian–Laird; computed, not stated by any source)",
                        fontsize=10, fontweight="bold")
        figure.tight_layout()
    return figure


def _panel(ax, pooling: Pooling) -> None:
    from matplotlib.patches import Polygon

    studies = pooling.studies
    for y, study in enumerate(studies):
        ax.plot([study.low, study.high], [y, y], color="#495057", linewidth=1)
        ax.plot([study.effect], [y], marker="s", color="#1c7ed6", markersize=4 + 10 * study.weight, linestyle="")
    y = len(studies) + 0.5
    if pooling.low is not None and pooling.high is not None:
        ax.add_patch(Polygon([(pooling.low, y), (pooling.effect, y - 0.35), (pooling.high, y), (pooling.effect, y + 0.35)],
                             closed=True, color="#c92a2a"))
    else:  # no interval to draw: the effect alone, and the label says why
        ax.plot([pooling.effect], [y], marker="D", color="#c92a2a", linestyle="")
    ax.axvline(0, color="#adb5bd", linewidth=0.8, linestyle="--")
    ax.set_yticks(list(range(len(studies))) + [y])
    ax.set_yticklabels([f"{s.label} ({s.weight:.0%})" for s in studies] +
                       [f"pooled {pooling.effect:.3g} ({pooling.interval}); I² {pooling.i2:.0%}, τ² {pooling.tau2:.3g}"],
                       fontsize=8)
    ax.set_ylim(y + 1, -1)
    finding = pooling.finding
    ax.set_title(f"{finding.outcome} · {finding.source} · {finding.indication} — {pooling.comparison} "
                 f"({pooling.unit})", fontsize=9, loc="left")
    ax.set_xlabel(f"mean difference ({pooling.unit})", fontsize=8)


def write_pooled_forest(appraisal: Appraisal, stem: Path) -> list[Path]:
    """`stem`.png and `stem`.svg, or nothing when no estimate was pooled (a stale plot is removed)."""
    from exograph.analysis.figures import save

    figure = draw_pooled_forest(appraisal)
    if figure is None:
        for suffix in (".png", ".svg"):
            stem.with_suffix(suffix).unlink(missing_ok=True)
        return []
    return save(figure, stem)

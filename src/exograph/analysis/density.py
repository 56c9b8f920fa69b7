"""The hair-density forest plot: each study's change in hair density (hairs/cm², measure
`hair-density` only — never hair counts or percentages), grouped by exosome source, with ± SD where the
source reports one and the study's evidence level marked. These are before–after changes in treated
patients, not differences from a control group, and no result is pooled: markers are squares, circles
and triangles, never the diamond of a pooled estimate. Every study that measured hair density but is
not drawn is listed with the reason (omissions)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from exograph.analysis.evidence import Evidence, Measurement, describe, outcome_key
from exograph.formatting import readable

MEASURE, UNIT = "hair-density", "hairs/cm2"
PERCENT_MEASURE = "hair-density-percent-change"
AXIS_LABEL = "before–after change in hair density in treated patients (hairs/cm²)"
OMISSIONS_SHOWN = 20  # omissions listed in the figure before it counts the rest
# Above this many results a row per study is unreadable (and a figure thousands of inches tall): the
# plot shows one summary row per source instead.
MAX_STUDY_ROWS = 80


@dataclass(frozen=True)
class DensityRow:
    source: str
    study: str
    label: str
    change: float
    sd: float | None
    level: str | None
    patients: int | None
    subgroup: str
    timepoint: str
    measurements: tuple[Measurement, ...]


def density_measurements(evidence: Evidence) -> list[Measurement]:
    """Hair-density changes in hairs/cm² (stated, or follow-up minus baseline)."""
    return [m for m in evidence.measurements if m.measure == MEASURE and m.unit == UNIT and m.effect is not None]


def _merge(found: list[Measurement]) -> list[tuple[Measurement, ...]]:
    """One row per distinct result: statements of one study with the same change, SD and subgroup are the
    same result stated twice (a table and the text); a stated time point beats none."""
    groups: dict[tuple, list[Measurement]] = {}
    for m in found:
        groups.setdefault((m.study, m.subgroup, m.effect, m.sd), []).append(m)
    merged = []
    for same in groups.values():
        timed = sorted({m.timepoint for m in same if m.timepoint})
        for timepoint in timed or [""]:
            merged.append(tuple(m for m in same if m.timepoint in (timepoint, "")))
    return merged


def _primary_sources(evidence: Evidence) -> dict[str, str]:
    """Each study's primary source key: the first, by key, of the sources it names without detail."""
    sources: dict[str, list[str]] = {}
    for m in evidence.mentions:
        if m.kind == "source" and not m.detail:
            sources.setdefault(m.study, []).append(m.key)
    return {study: sorted(keys)[0] for study, keys in sources.items()}


def density_rows(evidence: Evidence) -> list[DensityRow]:
    rows = []
    primary = _primary_sources(evidence)
    for same in _merge(density_measurements(evidence)):
        first = next((m for m in same if m.timepoint), same[0])
        study = evidence.studies[first.study]
        source = primary.get(study.id, "")
        label = evidence.label("source", source) if source else "source not stated"
        rows.append(DensityRow(label, study.id, study.label, float(first.effect), first.sd, study.best_level,
                               study.patients, first.subgroup, first.timepoint, same))
    return sorted(rows, key=lambda r: (r.source.lower(), r.label, r.subgroup, r.timepoint))


@dataclass(frozen=True)
class Omission:
    """A study that measured hair density but is not in the plot, and why."""

    study: str
    label: str
    level: str | None
    reason: str

    @property
    def text(self) -> str:
        level = f" (Level {self.level})" if self.level else ""
        return f"{self.label}{level}: {self.reason}"


def _density_studies(evidence: Evidence) -> set[str]:
    """Studies that measured hair density: a result in any unit, a percentage change, or a statement
    that they measured it."""
    measured = {m.study for m in evidence.measurements if m.measure in (MEASURE, PERCENT_MEASURE)}
    key = outcome_key(MEASURE)
    return measured | {m.study for m in evidence.mentions if m.kind == "outcome" and m.key == key}


def _reason(evidence: Evidence, study: str) -> str:
    found = [m for m in evidence.measurements if m.study == study]
    percent = [m for m in found if m.measure == PERCENT_MEASURE]
    if percent:
        return f"a percentage change ({describe(percent[0])}), not hairs/cm²"
    density = [m for m in found if m.measure == MEASURE]
    other_units = [m for m in density if m.unit != UNIT and m.effect is not None]
    if other_units:
        return f"a change in {other_units[0].unit}, not hairs/cm² ({describe(other_units[0])})"
    if density:
        return f"result in words only, no number (“{readable(density[0].text)}”)"
    counts = sorted((m for m in found if m.measure in ("hair-count", "hair-loss-count") and describe(m)),
                    key=lambda m: (not m.p_value, not m.timepoint))
    by_arm: dict[str, str] = {}
    for m in counts:
        by_arm.setdefault(m.arm, f"{m.arm + ' ' if m.arm else ''}{describe(m)}")
    shown = f"; reports hair counts instead ({'; '.join(by_arm.values())})" if by_arm else ""
    return "measured, but no hair-density result is reported" + shown


def not_plotted(evidence: Evidence) -> list[Omission]:
    """Every study that measured hair density but gives no change in hairs/cm², with the reason."""
    plotted = {m.study for m in density_measurements(evidence)}
    found = [Omission(s, evidence.studies[s].label, evidence.studies[s].best_level, _reason(evidence, s))
             for s in _density_studies(evidence) - plotted if s in evidence.studies]
    return sorted(found, key=lambda o: (o.label, o.study))


# ---- drawing ------------------------------------------------------------------------------------


def _row_text(row: DensityRow) -> str:
    parts = [row.label]
    if row.subgroup:
        parts.append(row.subgroup)
    if row.timepoint:
        parts.append(row.timepoint.replace(" week", " wk").replace(" month", " mo"))
    return " · ".join(parts)


def _value_text(row: DensityRow) -> str:
    spread = f" ± {row.sd:g} SD" if row.sd is not None else ""
    stated = next((m.n for m in row.measurements if m.n), None) if not row.subgroup else None
    n = f"   n={stated or row.patients}" if (stated or row.patients) else ""
    n += " (study)" if row.subgroup and row.patients else ""
    level = f"   Level {row.level}" if row.level else ""
    return f"{row.change:+g}{spread}{n}{level}"


def _layout(rows: list[DensityRow]) -> list[tuple[str, DensityRow | None]]:
    """Source headings followed by their rows, top to bottom."""
    lines: list[tuple[str, DensityRow | None]] = []
    headed: set[str] = set()
    for row in rows:
        if row.source not in headed:
            headed.add(row.source)
            lines.append((row.source, None))
        lines.append((row.source, row))
    return lines


@dataclass(frozen=True)
class SourceSummary:
    """The results of one source at scale: median change, quartiles, range and counts."""

    source: str
    results: int
    studies: int
    median: float
    low_quartile: float
    high_quartile: float
    smallest: float
    largest: float


def source_summaries(rows: list[DensityRow]) -> list[SourceSummary]:
    import statistics

    by_source: dict[str, list[DensityRow]] = {}
    for row in rows:
        by_source.setdefault(row.source, []).append(row)
    found = []
    for source, members in sorted(by_source.items(), key=lambda item: item[0].lower()):
        changes = sorted(r.change for r in members)
        low, _, high = statistics.quantiles(changes, n=4, method="inclusive") if len(changes) > 1 else changes * 3
        found.append(SourceSummary(source, len(members), len({r.study for r in members}), statistics.median(changes),
                                   low, high, changes[0], changes[-1]))
    return found


def _draw_summaries(ax, summaries: list[SourceSummary]) -> None:
    from exograph.analysis.figures import plain_text

    for y, summary in enumerate(summaries):
        ax.hlines(y, summary.smallest, summary.largest, color="#adb5bd", linewidth=1)
        ax.errorbar(summary.median, y, xerr=[[summary.median - summary.low_quartile],
                                              [summary.high_quartile - summary.median]],
                    fmt="s", color="#1c7ed6", markeredgecolor="#212529", ecolor="#495057", elinewidth=2, capsize=4)
        ax.text(-0.02, y, plain_text(summary.source), transform=ax.get_yaxis_transform(), ha="right", va="center")
        ax.text(1.02, y, f"median {summary.median:+g} (IQR {summary.low_quartile:g} to {summary.high_quartile:g})"
                         f"   {summary.results} results, {summary.studies} studies",
                transform=ax.get_yaxis_transform(), ha="left", va="center", fontsize=8)
    _finish_axes(ax, len(summaries), AXIS_LABEL + ": median, interquartile range (bar) and range (line)")


def _draw(ax, rows: list[DensityRow]) -> None:
    from exograph.analysis.figures import LEVEL_COLOURS, LEVEL_MARKERS, NO_LEVEL, plain_text

    lines = _layout(rows)
    high = max([r.change + (r.sd or 0) for r in rows] + [1.0])
    for y, (source, row) in enumerate(lines):
        if row is None:
            ax.text(-0.02, y, plain_text(source), transform=ax.get_yaxis_transform(), ha="right", va="center",
                    fontweight="bold", fontsize=9)
            continue
        colour = LEVEL_COLOURS.get(row.level or "", NO_LEVEL)
        if row.sd is not None:
            ax.errorbar(row.change, y, xerr=row.sd, fmt="none", ecolor="#495057", elinewidth=1.2, capsize=3)
        ax.plot(row.change, y, marker=LEVEL_MARKERS.get(row.level or "", "o"), markersize=8, color=colour,
                markeredgecolor="#212529", linestyle="")
        ax.text(-0.02, y, plain_text(_row_text(row)), transform=ax.get_yaxis_transform(), ha="right", va="center")
        ax.text(1.02, y, _value_text(row), transform=ax.get_yaxis_transform(), ha="left", va="center")
    ax.set_xlim(min(0, min((r.change for r in rows), default=0)) - 2, high * 1.1)
    _finish_axes(ax, len(lines), AXIS_LABEL + ", ± SD where reported")


def _finish_axes(ax, lines: int, xlabel: str) -> None:
    """Zero line, one line per row top to bottom, no y ticks, light grid, open frame."""
    ax.axvline(0, color="#868e96", linewidth=0.8)
    ax.set_ylim(lines - 0.5, -0.5)
    ax.set_yticks([])
    ax.grid(axis="x", color="#e9ecef")
    ax.set_xlabel(xlabel)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)


def _legend(figure, rows: list[DensityRow], bottom: float = 0.0) -> None:
    from matplotlib.lines import Line2D

    from exograph.analysis.figures import LEVEL_COLOURS, LEVEL_MARKERS

    levels = sorted({r.level for r in rows if r.level}, key=list(LEVEL_COLOURS).index)
    handles = [Line2D([], [], marker=LEVEL_MARKERS[lvl], color=LEVEL_COLOURS[lvl], markeredgecolor="#212529",
                      linestyle="", markersize=8, label=f"Level {lvl}") for lvl in levels]
    if handles:
        figure.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.0, bottom), ncol=len(handles), frameon=False,
                      title="evidence level (OCEBM) of each study", title_fontsize=8, fontsize=8)


def omission_lines(omissions: list[Omission], limit: int = OMISSIONS_SHOWN) -> list[str]:
    """The figure's list of studies not plotted, one line each, wrapped; the rest counted."""
    import textwrap

    lines = [line for o in omissions[:limit] for line in textwrap.wrap("• " + o.text, 150, subsequent_indent="   ")]
    if len(omissions) > limit:
        lines.append(f"• and {len(omissions) - limit} more studies")
    return lines


def draw_density_forest(evidence: Evidence):
    """A row per study result; above MAX_STUDY_ROWS results, a summary row per source. Below the plot,
    every hair-density study it leaves out and why."""
    from matplotlib.figure import Figure

    from exograph.analysis.figures import plain_text, style

    rows = density_rows(evidence)
    summaries = source_summaries(rows) if len(rows) > MAX_STUDY_ROWS else None
    lines = max(len(summaries) if summaries is not None else len(_layout(rows)), 1)
    omitted = omission_lines(not_plotted(evidence))
    notes = 0.22 + 0.15 * len(omitted) if omitted else 0.0
    height = 1.9 + 0.32 * lines + notes
    with style():
        figure = Figure(figsize=(10, height))
        ax = figure.add_axes((0.36, (1.15 + notes) / height, 0.42, (height - 1.75 - notes) / height))
        if summaries is not None:
            _draw_summaries(ax, summaries)
        elif rows:
            _draw(ax, rows)
        else:
            ax.text(0.5, 0.5, "no hair-density change in hairs/cm² in the data", ha="center", transform=ax.transAxes)
        title = "Change in hair density by exosome source (before–after, treated patients; nothing pooled)"
        if summaries is not None:
            title += f" — {len(rows):,} results summarized per source"
        figure.suptitle(title, x=0.02, y=1 - 0.12 / height, ha="left", va="top", fontweight="bold")
        if omitted:
            figure.text(0.02, (notes - 0.05) / height, plain_text("\n".join(
                ["Not plotted — hair density measured, but no change in hairs/cm²:"] + omitted)),
                ha="left", va="top", fontsize=7.5, color="#343a40", linespacing=1.45)
        if summaries is None:
            _legend(figure, rows, notes / height)
    return figure


def write_density_forest(evidence: Evidence, stem: Path) -> list[Path]:
    from exograph.analysis.figures import save

    return save(draw_density_forest(evidence), stem)

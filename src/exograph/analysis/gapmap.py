"""The evidence gap map: exosome sources × indications (and × outcomes). Each cell counts the studies
and their patients; its colour is the evidence level of the cell's best study (highest level, then
lowest overall risk of bias) and its badge that study's risk of bias (a colour-blind-safe palette with a
letter). Where the review states conflicting levels for a study and the cell's best level depends on
which statement is right, the cell shows both levels as a conflict. Beside them, the highest computed
certainty of the cell's bodies of evidence (⊕◯◯◯ very low … ⊕⊕⊕⊕ high, computed by rule) and the median
EV product reporting score of its studies. An empty cell is a gap."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from exograph.analysis.evidence import LEVELS, Evidence, Study, rob_rank


@dataclass
class Cell:
    studies: list[str] = field(default_factory=list)
    patients: int = 0
    level: str | None = None  # the best level any statement gives a study of the cell
    risk_of_bias: str | None = None
    certain_level: str | None = None  # the best level of the cell when each study's weakest statement holds
    best: str = ""  # the best study's label, its patients and designs: what the cell's colour stands for
    certainty: str | None = None   # the highest computed certainty of the cell's bodies of evidence
    quality: float | None = None   # the median EV product reporting score of its studies

    @property
    def conflict(self) -> bool:
        """The best level depends on which of a study's conflicting level statements is right."""
        return self.level is not None and self.certain_level is not None and self.level != self.certain_level

    @property
    def levels_text(self) -> str:
        if not self.level:
            return "not stated"
        return f"{self.level} or {self.certain_level}" if self.conflict else self.level


@dataclass
class GapMap:
    column_kind: str
    rows: list[str]
    columns: list[str]
    row_labels: dict[str, str]
    column_labels: dict[str, str]
    cells: dict[tuple[str, str], Cell]

    def cell(self, row: str, column: str) -> Cell:
        return self.cells.get((row, column), Cell())


def _best(studies: list[Study]) -> Study:
    def rank(study: Study) -> tuple[int, int]:
        level = LEVELS.index(study.best_level) if study.best_level else len(LEVELS)
        return level, rob_rank(study.overall_risk_of_bias or "")

    return min(studies, key=lambda s: (*rank(s), s.id))


def _certain_level(studies: list[Study]) -> str | None:
    """The best of the studies' weakest stated levels."""
    weakest = [s.stated_levels[-1] for s in studies if s.stated_levels]
    return min(weakest, key=LEVELS.index) if weakest else None


def _describe(study: Study) -> str:
    from exograph.formatting import plural

    levels = " or ".join(f"Level {lvl}" for lvl in study.stated_levels) or "level not stated"
    parts = [study.label, levels, plural(study.patients, "patients") if study.patients is not None else "",
             "; ".join(study.values.get("design", []))]
    return ", ".join(p for p in parts if p)


def gap_map(evidence: Evidence, column_kind: str = "indication") -> GapMap:
    """Sources × `column_kind` (indication or outcome)."""
    rows, columns = evidence.keys("source"), evidence.keys(column_kind)
    cells: dict[tuple[str, str], Cell] = {}
    for row in rows:
        used = set(evidence.studies_of("source", row))
        for column in columns:
            ids = sorted(used & set(evidence.studies_of(column_kind, column)))
            if ids:
                studies = [evidence.studies[i] for i in ids]
                best = _best(studies)
                cells[row, column] = Cell(ids, sum(s.patients or 0 for s in studies), best.best_level,
                                          best.overall_risk_of_bias, certain_level=_certain_level(studies),
                                          best=_describe(best),
                                          certainty=_certainty(evidence, column_kind, column, studies),
                                          quality=_quality(evidence, studies))
    return GapMap(column_kind, rows, columns, {r: evidence.label("source", r) for r in rows},
                  {c: evidence.label(column_kind, c) for c in columns}, cells)


def _certainty(evidence: Evidence, column_kind: str, column: str, studies: list[Study]) -> str | None:
    """The highest certainty among the bodies of evidence (of this outcome or indication) the studies are in."""
    if evidence.appraisal is None:
        return None
    iris = {s.iri for s in studies}
    found = [f for f in evidence.appraisal.findings if iris & set(f.members)
             and (f.outcome_iri if column_kind == "outcome" else f.indication_iri) == column]
    return max(found, key=lambda f: f.rank).certainty if found else None


def _quality(evidence: Evidence, studies: list[Study]) -> float | None:
    if evidence.appraisal is None:
        return None
    scores = sorted(evidence.appraisal.quality[s.iri].score for s in studies if s.iri in evidence.appraisal.quality)
    return scores[len(scores) // 2] if len(scores) % 2 else (sum(scores[len(scores) // 2 - 1:len(scores) // 2 + 1]) / 2
                                                             if scores else None)


# ---- drawing ------------------------------------------------------------------------------------


def _draw_panel(ax, gaps: GapMap, title: str, show_rows: bool) -> None:
    from matplotlib.patches import Circle, Polygon, Rectangle

    from exograph.analysis.appraisal import SYMBOLS
    from exograph.analysis.figures import LEVEL_COLOURS, NO_LEVEL, ROB_CODES, ROB_COLOURS, plain_text, text_colour

    ax.set_xlim(0, max(len(gaps.columns), 1))
    ax.set_ylim(max(len(gaps.rows), 1), 0)
    for y, row in enumerate(gaps.rows):
        for x, column in enumerate(gaps.columns):
            cell = gaps.cell(row, column)
            colour = LEVEL_COLOURS.get(cell.level or "", NO_LEVEL) if cell.studies else "white"
            ax.add_patch(Rectangle((x, y), 1, 1, facecolor=colour, edgecolor="#bbbbbb", linewidth=0.6))
            if not cell.studies:
                continue
            if cell.conflict:  # lower-right half: the level if the weaker statement is right
                other = LEVEL_COLOURS.get(cell.certain_level or "", NO_LEVEL)
                ax.add_patch(Polygon([(x + 1, y), (x + 1, y + 1), (x, y + 1)], closed=True, facecolor=other,
                                     edgecolor="none"))
                ax.add_patch(Rectangle((x + 0.04, y + 0.04), 0.92, 0.92, facecolor="none", edgecolor=CONFLICT_COLOUR,
                                       linewidth=1.4, linestyle="--"))
            label = f"{len(cell.studies)} stud{'y' if len(cell.studies) == 1 else 'ies'}\n{cell.patients} pt" + \
                ("" if cell.patients == 1 else "s")
            if cell.conflict:
                label += f"\n{cell.level}≠{cell.certain_level}"
            if cell.certainty:
                label += f"\n{SYMBOLS[cell.certainty]}"
            if cell.quality is not None:
                label += f"\nEV {cell.quality:.0%}"
            ax.text(x + 0.5, y + 0.56, label, ha="center", va="center", fontsize=6, color=text_colour(colour),
                    bbox={"facecolor": colour, "edgecolor": "none", "pad": 0.6} if cell.conflict else None)
            if cell.risk_of_bias:
                fill = ROB_COLOURS.get(cell.risk_of_bias, "#ffffff")
                ax.add_patch(Circle((x + 0.82, y + 0.18), 0.14, facecolor=fill, edgecolor="#343a40", linewidth=0.6))
                ax.text(x + 0.82, y + 0.185, ROB_CODES.get(cell.risk_of_bias, "?"), ha="center", va="center",
                        fontsize=5, fontweight="bold", color=text_colour(fill))
    ax.set_xticks([x + 0.5 for x in range(len(gaps.columns))])
    ax.set_xticklabels([plain_text(textwrap.shorten(gaps.column_labels[c], 34, placeholder="…"))
                        for c in gaps.columns], rotation=45, ha="left", va="bottom", rotation_mode="anchor", fontsize=8)
    ax.set_yticks([y + 0.5 for y in range(len(gaps.rows))])
    ax.set_yticklabels([plain_text(textwrap.fill(gaps.row_labels[r], 34)) for r in gaps.rows] if show_rows else [],
                       fontsize=8)
    ax.tick_params(length=0)
    ax.xaxis.tick_top()
    for side in ax.spines.values():
        side.set_visible(False)
    ax.xaxis.set_label_position("bottom")
    ax.set_xlabel(title, fontsize=10, fontweight="bold", labelpad=6)


ROB_SHOWN = ("low", "moderate", "unclear", "serious", "serious-to-critical", "critical")
CONFLICT_COLOUR = "#e8590c"


def _legend(figure, left: float) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    from exograph.analysis.figures import LEVEL_COLOURS, ROB_CODES, ROB_COLOURS

    handles = [Patch(facecolor=c, edgecolor="#bbbbbb", label=f"Level {lvl}") for lvl, c in LEVEL_COLOURS.items()]
    handles.append(Patch(facecolor="white", edgecolor=CONFLICT_COLOUR, linestyle="--", label="conflicting levels"))
    handles += [Line2D([], [], marker="o", linestyle="", markerfacecolor=ROB_COLOURS[j], markeredgecolor="#343a40",
                       markersize=8, label=f"{ROB_CODES[j]} RoB {j}") for j in ROB_SHOWN]
    figure.legend(handles=handles, loc="lower left", bbox_to_anchor=(left, 0.0), ncol=len(handles), frameon=False,
                  fontsize=8, alignment="left",
                  title="cell colour: best evidence level (OCEBM; split and dashed where the review states conflicting "
                        "levels); badge: that study's overall risk of bias; ⊕: highest computed certainty (⊕⊕⊕⊕ high … "
                        "⊕◯◯◯ very low; computed by rule, not a guideline panel's judgement); EV: median MISEV reporting "
                        "score; blank: no study",
                  title_fontsize=8)


CELL = 0.75  # inches per cell
MARGINS = {"left": 2.9, "right": 0.3, "top": 2.0, "bottom": 1.1, "gap": 0.35}


def draw_gap_map(evidence: Evidence):
    """One figure: sources × indications beside sources × outcomes, cells of a fixed size."""
    from matplotlib.figure import Figure

    from exograph.analysis.figures import style

    by_indication, by_outcome = gap_map(evidence, "indication"), gap_map(evidence, "outcome")
    rows = max(len(by_indication.rows), 1)
    widths = [max(len(by_indication.columns), 1) * CELL, max(len(by_outcome.columns), 1) * CELL]
    m = MARGINS
    size = (m["left"] + widths[0] + m["gap"] + widths[1] + m["right"], m["top"] + rows * CELL + m["bottom"])
    with style():
        figure = Figure(figsize=size)
        x, y, height = m["left"], m["bottom"], rows * CELL
        for width, gaps, title, first in ((widths[0], by_indication, "Sources × indications", True),
                                          (widths[1], by_outcome, "Sources × outcomes", False)):
            ax = figure.add_axes((x / size[0], y / size[1], width / size[0], height / size[1]))
            _draw_panel(ax, gaps, title, show_rows=first)
            x += width + m["gap"]
        figure.suptitle(f"Evidence gap map: exosome sources × indications and outcomes ({len(evidence.studies)} studies)",
                        fontweight="bold", x=m["left"] / size[0], y=1 - 0.15 / size[1], ha="left", va="top")
        _legend(figure, m["left"] / size[0] - 0.01)
    return figure


def write_gap_map(evidence: Evidence, stem: Path) -> list[Path]:
    """`stem`.png and `stem`.svg."""
    from exograph.analysis.figures import save

    return save(draw_gap_map(evidence), stem)

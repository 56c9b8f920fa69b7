"""The forest plot says which hair-density studies it leaves out and why; the gap map shows a best
level that rests on conflicting level statements as a conflict."""

from __future__ import annotations

import pytest

from exograph.analysis.density import AXIS_LABEL, density_rows, draw_density_forest, not_plotted
from exograph.analysis.evidence import Evidence, load_evidence
from exograph.analysis.figures import LEVEL_MARKERS
from exograph.analysis.gapmap import gap_map


@pytest.fixture(scope="module")
def evidence(built_graph) -> Evidence:  # noqa: ANN001 - an rdflib Graph
    return load_evidence(built_graph)


def test_every_hair_density_study_is_plotted_or_listed_with_its_reason(evidence: Evidence) -> None:
    plotted = {row.study for row in density_rows(evidence)}
    omitted = {o.study: o for o in not_plotted(evidence)}
    assert not plotted & set(omitted)
    assert set(omitted) == {"amini-2025", "chen-2025", "lueangarun-2022", "sasaki-2022"}
    assert omitted["amini-2025"].level == "I" and "hair counts" in omitted["amini-2025"].reason
    assert "+9.5 hairs" in omitted["amini-2025"].reason  # what the Level I trial did report
    assert "percentage change" in omitted["sasaki-2022"].reason and "+11.1 to +24.2%" in omitted["sasaki-2022"].reason
    assert "words only" in omitted["chen-2025"].reason and "increased density" in omitted["chen-2025"].reason
    measured = {m.study for m in evidence.mentions if m.kind == "outcome" and m.key.endswith("#HairDensity")}
    assert measured <= plotted | set(omitted)


def test_the_plot_names_its_scale_and_draws_no_diamond(evidence: Evidence) -> None:
    figure = draw_density_forest(evidence)
    texts = " ".join(t.get_text() for t in figure.findobj(lambda a: hasattr(a, "get_text")))
    assert "before–after change in hair density in treated patients" in AXIS_LABEL and AXIS_LABEL in texts
    assert "Not plotted" in texts and "Amini et al. 2025 (Level I)" in texts
    markers = {line.get_marker() for ax in figure.axes for line in ax.get_lines()}
    assert "D" not in markers and "d" not in markers and "D" not in LEVEL_MARKERS.values()


def test_conflicting_levels_make_a_conflicting_cell(evidence: Evidence) -> None:
    gaps = gap_map(evidence, "indication")
    placenta = next(r for r in gaps.rows if gaps.row_labels[r] == "human placental mesenchymal stem cells")
    chemo = next(c for c in gaps.columns if gaps.column_labels[c] == "chemotherapy-induced alopecia")
    cell = gaps.cell(placenta, chemo)
    assert cell.studies == ["norooznejhad-2023"]
    assert (cell.level, cell.certain_level, cell.conflict, cell.levels_text) == ("II", "IV", True, "II or IV")
    assert "Norooznejhad et al. 2023" in cell.best and "1 patient" in cell.best
    aga = next(c for c in gaps.columns if gaps.column_labels[c] == "androgenetic alopecia")
    assert not gaps.cell(placenta, aga).conflict  # Dehghani's Level II is never contradicted

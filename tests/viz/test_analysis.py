"""The networkx analytics: the evidence network, the source–outcome projection, centrality,
components, the gap map and the hair-density rows — on a tiny hand-made evidence set and on the
real built graph."""

from __future__ import annotations

import re
from pathlib import Path

import networkx as nx
import pytest

from support import run_cli
from exograph.analysis.density import density_rows, not_plotted
from exograph.analysis.evidence import Evidence, Provenance, load_evidence
from exograph.analysis.gapmap import gap_map
from exograph.analysis.metrics import centrality, components, source_outcome_projection
from exograph.analysis.network import evidence_network, network_from_evidence

PLAIN_ID = re.compile(r"^(source|study|indication|outcome|adverse_event|review):[a-z0-9][a-z0-9-]*$")


# ---- the tiny evidence set ---------------------------------------------------------------------


def test_network_links_every_target_through_a_study(tiny_evidence: Evidence) -> None:
    net = network_from_evidence(tiny_evidence)
    kinds = nx.get_node_attributes(net, "kind")
    assert sorted(kinds.values()).count("study") == 3
    for a, b in net.edges():
        assert (kinds[a] == "study") != (kinds[b] == "study"), f"{a} — {b} does not run through a study"
    assert all(PLAIN_ID.match(node) for node in net), sorted(net)
    source = next(n for n, d in net.nodes(data=True) if d["label"] == "source one")
    assert net.nodes[source]["patients"] == 30 and net.nodes[source]["studies"] == 2


def test_projection_weighs_links_by_patients(tiny_evidence: Evidence) -> None:
    projection = source_outcome_projection(network_from_evidence(tiny_evidence))
    label = {d["label"]: n for n, d in projection.nodes(data=True)}
    assert nx.is_bipartite(projection)
    assert projection.edges[label["source one"], label["hair density"]] == {"weight": 30, "studies": 2}
    assert projection.edges[label["source two"], label["hair count"]] == {"weight": 5, "studies": 1}
    assert not projection.has_edge(label["source one"], label["hair count"])


def test_centrality_ranks_sources_and_components_cover_the_network(tiny_evidence: Evidence) -> None:
    net = network_from_evidence(tiny_evidence)
    ranked = centrality(source_outcome_projection(net), "source")
    assert [c.label for c in ranked] == ["source one", "source two"]
    assert ranked[0].weighted_degree == 30 and ranked[1].degree == 2
    found = components(net)
    assert sum(c.size for c in found) == net.number_of_nodes() and found[0].studies == 3


def test_gap_map_cells_count_studies_and_keep_the_best_evidence(tiny_evidence: Evidence) -> None:
    gaps = gap_map(tiny_evidence, "outcome")
    s1, o1 = "S1", "O1"
    cell = gaps.cell(s1, o1)
    assert cell.studies == ["a", "b"] and cell.patients == 30
    assert (cell.level, cell.risk_of_bias) == ("I", "low")
    assert gaps.cell(s1, "O2").studies == []


def test_a_conflict_counts_only_when_the_best_level_depends_on_it(tiny_evidence: Evidence) -> None:
    here = Provenance("q", "Results", "review")
    tiny_evidence.studies["a"].levels.append(("IV", here))  # a: I or IV; b (same cell): III
    cell = gap_map(tiny_evidence, "indication").cell("S1", "I1")
    assert (cell.level, cell.certain_level, cell.levels_text) == ("I", "III", "I or III")
    tiny_evidence.studies["b"].levels[0] = ("I", here)  # b is Level I without doubt: no conflict left
    cell = gap_map(tiny_evidence, "indication").cell("S1", "I1")
    assert (cell.level, cell.conflict) == ("I", False)


def test_density_rows_are_hair_density_in_hairs_per_cm2_only(tiny_evidence: Evidence) -> None:
    rows = density_rows(tiny_evidence)
    changes = sorted((r.study, r.change, r.sd) for r in rows)
    # a's table and text state the same +10 once; c's 100 → 112.5 is a change of 12.5; c's hair count
    # (+4 hairs) and its percentage (+12 %) are never plotted.
    assert changes == [("a", 10.0, None), ("b", 30.0, 5.0), ("c", 12.5, None)]
    assert next(r for r in rows if r.study == "a").timepoint == "12 week"
    assert all(m.measure == "hair-density" and m.unit == "hairs/cm2" for r in rows for m in r.measurements)
    assert not_plotted(tiny_evidence) == []


# ---- the real graph ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real(built_graph) -> tuple[Evidence, nx.Graph]:
    evidence = load_evidence(built_graph)
    return evidence, network_from_evidence(evidence)


def test_every_curated_study_is_a_node_with_a_source_and_an_indication(real, built_project: Path) -> None:
    evidence, net = real
    curated = sorted(p.stem for p in (built_project / "data" / "studies").glob("*.yaml"))
    assert sorted(evidence.studies) == curated
    for node, data in net.nodes(data=True):
        if data["kind"] == "study":
            linked = {net.nodes[n]["kind"] for n in net.neighbors(node)}
            assert {"source", "indication"} <= linked, f"{node} links only to {sorted(linked)}"
    assert all(PLAIN_ID.match(node) for node in net)


def test_every_mention_keeps_its_provenance(real) -> None:
    evidence, _ = real
    missing = [(m.kind, m.study, m.text) for m in evidence.mentions if not (m.provenance.quote and m.provenance.locator)]
    assert not missing, missing[:5]


def test_park_density_change_is_plotted(real) -> None:
    evidence, _ = real
    rows = density_rows(evidence)
    assert any(r.study == "park-2022" and r.change == pytest.approx(24.9) for r in rows)
    assert all(m.measure == "hair-density" and m.unit == "hairs/cm2" for r in rows for m in r.measurements)


def test_analyze_prints_a_summary_and_exports_graphml(built_project: Path, built_graph, tmp_path: Path) -> None:
    out = tmp_path / "network.graphml"
    result = run_cli("analyze", "--graphml", str(out), cwd=built_project, check=True)
    assert "evidence network:" in result.stdout and "source–outcome projection" in result.stdout
    assert "connected components" in result.stdout and "Traceback" not in result.stderr
    exported = nx.read_graphml(out)
    expected = evidence_network(built_graph)
    assert exported.number_of_nodes() == expected.number_of_nodes()
    assert exported.number_of_edges() == expected.number_of_edges()
    projection = tmp_path / "projection.graphml"
    run_cli("analyze", "--graphml", str(projection), "--projection", cwd=built_project, check=True)
    assert nx.is_bipartite(nx.read_graphml(projection))

"""Folding the evidence network above a node budget, and drilling back down."""

from __future__ import annotations

import networkx as nx

from exograph.analysis.fold import drill_down, fold_network


def _network(studies: int) -> nx.Graph:
    """Studies alternating between two sources; every study measures density, odd ones also count."""
    net = nx.Graph()
    for kind, node in (("source", "source:adipose"), ("source", "source:placenta"), ("outcome", "outcome:density"),
                       ("outcome", "outcome:count"), ("indication", "indication:aga")):
        net.add_node(node, kind=kind, label=node.split(":")[1])
    for i in range(studies):
        study = f"study:{i:03d}"
        net.add_node(study, kind="study", label=f"Study {i}", patients=10 + i)
        net.add_edge(study, "source:adipose" if i % 2 == 0 else "source:placenta", weight=10 + i)
        net.add_edge(study, "outcome:density", weight=10 + i)
        net.add_edge(study, "indication:aga", weight=10 + i)
        if i % 2:
            net.add_edge(study, "outcome:count", weight=10 + i)
    return net


def test_a_network_within_budget_is_drawn_as_it_is() -> None:
    net = _network(10)
    assert fold_network(net, budget=100) is net


def test_above_budget_studies_become_weighted_edges_that_remember_them() -> None:
    net = _network(40)
    folded = fold_network(net, budget=20)
    assert not [n for n, d in folded.nodes(data=True) if d["kind"] == "study"]
    assert folded.graph["folded"] and folded.graph["studies"] == 40
    edge = folded.edges["source:adipose", "outcome:density"]
    assert edge["study_count"] == edge["weight"] == 20
    assert edge["patients"] == sum(10 + i for i in range(0, 40, 2))
    assert edge["studies"] == sorted(f"study:{i:03d}" for i in range(0, 40, 2))
    assert "20 studies" in edge["title"] and "Study 0" in edge["title"]
    assert not folded.has_edge("source:adipose", "outcome:count")
    assert folded.nodes["outcome:density"]["study_count"] == 40


def test_every_study_is_reachable_from_some_folded_edge() -> None:
    net = _network(40)
    folded = fold_network(net, budget=20)
    behind = {s for _, _, d in folded.edges(data=True) for s in d["studies"]}
    assert behind == {n for n, d in net.nodes(data=True) if d["kind"] == "study"}


def test_drill_down_gives_the_studies_behind_one_edge() -> None:
    net = _network(40)
    detail = drill_down(net, ["source:placenta", "outcome:count"], budget=100)
    studies = sorted(n for n, d in detail.nodes(data=True) if d["kind"] == "study")
    assert studies == [f"study:{i:03d}" for i in range(1, 40, 2)]
    assert "source:adipose" not in detail


def test_long_drill_down_lists_are_cut_with_a_count() -> None:
    folded = fold_network(_network(200), budget=20)
    title = folded.edges["source:adipose", "outcome:density"]["title"]
    assert title.endswith("... and 50 more")

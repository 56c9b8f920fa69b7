"""Where the page puts its nodes: columns by kind, ordered to cut edge crossings, the same every run."""

from __future__ import annotations

import itertools

import networkx as nx
import pytest

from exograph.analysis.evidence import load_evidence
from exograph.analysis.fold import fold_network
from exograph.analysis.network import network_from_evidence
from exograph.viz.layout import COLUMNS, alphabetical_positions, column_positions, edge_crossings


@pytest.fixture(scope="module")
def net(built_graph) -> nx.Graph:  # noqa: ANN001 - an rdflib Graph
    return network_from_evidence(load_evidence(built_graph))


def _crossings_by_hand(net: nx.Graph, positions: dict[str, tuple[float, float]]) -> int:
    def side(p, q, r) -> int:  # noqa: ANN001
        value = (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])
        return (value > 0) - (value < 0)

    found = 0
    for (a, b), (c, d) in itertools.combinations(net.edges, 2):
        if len({a, b, c, d}) == 4:
            p, q, r, s = (positions[n] for n in (a, b, c, d))
            found += side(p, q, r) * side(p, q, s) < 0 and side(r, s, p) * side(r, s, q) < 0
    return found


def test_the_ordering_cuts_crossings_against_label_order(net: nx.Graph) -> None:
    ordered, baseline = column_positions(net), alphabetical_positions(net)
    crossings, naive = edge_crossings(net, ordered), edge_crossings(net, baseline)
    assert crossings == _crossings_by_hand(net, ordered)  # the fast count is the plain geometric one
    print(f"edge crossings: {crossings} (label order: {naive}) for {net.number_of_edges()} edges")
    assert crossings <= 0.6 * naive


def test_columns_by_kind_distinct_places_and_the_same_every_run(net: nx.Graph) -> None:
    positions = column_positions(net)
    assert positions == column_positions(net)
    assert len(set(positions.values())) == len(positions)
    for node, (x, _) in positions.items():
        column = COLUMNS[net.nodes[node]["kind"]]
        assert (x < 0, x == 0, x > 0)[column], f"{node} is not in column {column}"


def test_a_folded_network_puts_the_sources_in_the_middle(net: nx.Graph) -> None:
    folded = fold_network(net, budget=10)
    positions = column_positions(folded)
    assert {positions[n][0] for n, d in folded.nodes(data=True) if d["kind"] == "source"} == {0.0}
    assert all(positions[n][0] < 0 for n, d in folded.nodes(data=True) if d["kind"] == "indication")

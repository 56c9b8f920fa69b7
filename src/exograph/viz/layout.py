"""Where nodes start: columns that read left to right — what was given and for what (exosome sources,
indications), the studies, what happened (outcomes, adverse events). Within a column nodes are ordered
by the mean position of their studies, so links run mostly level; long columns split into staggered lanes so labels fit.
The page then lets physics move nodes up and down only (x is fixed) until they settle. A folded network
(analysis/fold.py: no study nodes) puts the sources in the middle column instead."""

from __future__ import annotations

import networkx as nx

COLUMNS = {"source": -1, "indication": -1, "study": 0, "outcome": 1, "adverse_event": 1}
COLUMN_GAP = 560
ROW_GAP = 78
PER_LANE = 9  # nodes in a column before it splits into staggered lanes
LANE_GAP = 165
MAX_LANES = 4


def _study_order(net: nx.Graph) -> dict[str, float]:
    """Studies top to bottom, grouped by their first exosome source."""
    def first_source(study: str) -> str:
        sources = sorted(net.nodes[n]["label"].lower() for n in net.neighbors(study) if net.nodes[n]["kind"] == "source")
        return sources[0] if sources else "~"

    studies = sorted((n for n, d in net.nodes(data=True) if d["kind"] == "study"),
                     key=lambda n: (first_source(n), net.nodes[n]["label"]))
    return {study: float(index) for index, study in enumerate(studies)}


def _barycentre(net: nx.Graph, node: str, rank: dict[str, float]) -> float:
    linked = [rank[n] for n in net.neighbors(node) if n in rank]
    return sum(linked) / len(linked) if linked else 0.0


def _column(net: nx.Graph, kinds: list[str], rank: dict[str, float]) -> list[list[str]]:
    """The column's nodes, one group per kind, each ordered by the mean rank of its studies."""
    groups = []
    for kind in kinds:
        members = [n for n, d in net.nodes(data=True) if d["kind"] == kind]
        groups.append(sorted(members, key=lambda n: (_barycentre(net, n, rank), net.nodes[n]["label"])))
    return [group for group in groups if group]


def _lanes(groups: list[list[str]], most: int = MAX_LANES) -> int:
    return min(most, max(1, -(-sum(len(g) for g in groups) // PER_LANE)))


def _slots(groups: list[list[str]], lanes: int) -> list[tuple[str, int]]:
    """(node, slot) top to bottom; one lane-width of empty slots between groups."""
    slots, slot = [], 0
    for group in groups:
        for node in group:
            slots.append((node, slot))
            slot += 1
        slot += lanes
    return slots


def _place(groups: list[list[str]], x: float, height: float, most: int) -> dict[str, tuple[float, float]]:
    """Groups of nodes spread over `height` at `x` (at least ROW_GAP apart within a lane); a long column
    becomes up to `most` staggered lanes, outward from the centre."""
    lanes = _lanes(groups, most)
    slots = _slots(groups, lanes)
    last = slots[-1][1] if slots else 0
    step = max(ROW_GAP / lanes, height / last if last else 0.0)
    top = -step * last / 2
    outward = 1 if x >= 0 else -1
    return {node: (x + outward * LANE_GAP * (slot % lanes), top + slot * step) for node, slot in slots}


def _height(groups: list[list[str]], most: int) -> float:
    lanes = _lanes(groups, most)
    slots = _slots(groups, lanes)
    return (slots[-1][1] if slots else 0) * ROW_GAP / lanes


def column_positions(net: nx.Graph) -> dict[str, tuple[float, float]]:
    if net.graph.get("folded"):
        return _folded_positions(net)
    rank = _study_order(net)
    # x -> (groups, most lanes): studies stay in one lane, the sides may stagger
    return _positions({-COLUMN_GAP: (_column(net, ["source", "indication"], rank), MAX_LANES),
                       0.0: ([sorted(rank, key=rank.get)], 1),
                       COLUMN_GAP: (_column(net, ["outcome", "adverse_event"], rank), MAX_LANES)})


def _folded_positions(net: nx.Graph) -> dict[str, tuple[float, float]]:
    """Studies folded into source → X links: the sources take the middle column, what they were used
    for on the left and what happened on the right, each ordered by the mean rank of its sources."""
    sources = sorted((n for n, d in net.nodes(data=True) if d["kind"] == "source"),
                     key=lambda n: (net.nodes[n]["label"].lower(), n))
    rank = {source: float(index) for index, source in enumerate(sources)}
    return _positions({-COLUMN_GAP: (_column(net, ["indication"], rank), MAX_LANES),
                       0.0: ([sources], 1),
                       COLUMN_GAP: (_column(net, ["outcome", "adverse_event"], rank), MAX_LANES)})


def _positions(columns: dict[float, tuple[list[list[str]], int]]) -> dict[str, tuple[float, float]]:
    height = max(_height(groups, most) for groups, most in columns.values())
    positions: dict[str, tuple[float, float]] = {}
    for x, (groups, most) in columns.items():
        positions |= _place(groups, x, height, most)
    return {node: (round(x, 1), round(y, 1)) for node, (x, y) in positions.items()}

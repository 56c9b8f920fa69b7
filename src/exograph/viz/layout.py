"""Where nodes go: columns that read left to right — what was given and for what (exosome sources,
indications), the studies (and reviews reporting results of their own), what happened (outcomes,
adverse events). A folded network (analysis/fold.py: no study nodes) puts the sources in the middle.

Within a column nodes are ordered to cut edge crossings: barycentre sweeps (each node moves to the mean
height of its neighbours, column after column) followed by swaps of neighbouring nodes that remove
crossings, counting the crossings of the straight edges as the page draws them. Long columns split into
staggered lanes so labels have room. The layout is computed, not simulated: the page draws it as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import networkx as nx
import numpy as np

# Canvas units: the page draws them at about one pixel each at 1440×900, where labels are 14 units high.
COLUMN_GAP = 210  # from the middle column to the nearest lane of a side column: half a study label, half
# a side label (105 + 70) and room for the edges between them
LANE_GAP = 150  # between the lanes of a side column: a label's width and a margin
LABEL_WIDTH = {"study": 210, "review": 210}  # the widest a label may grow before it wraps; 140 otherwise
DEFAULT_LABEL_WIDTH = 140
FONT = 14
CONFLICT_MARK = "⚠ "  # before the label of a node whose statements conflict
LINE_HEIGHT = FONT  # vis-network draws a label line FONT units high
NODE_SIZES = (7, 17)  # vis-network's scaling of `value` (patients) into a node's radius
ROW_MARGIN = 5  # between one node's label and the next node of its lane
GROUP_GAP = 26  # between two groups of a column (sources and indications)
MIN_STEP = 8  # between consecutive nodes of a staggered column
PER_LANE = 11  # nodes in a side column before it splits into staggered lanes: more lanes make the
# drawing wider and shorter, as windows are (it fits 1024×700 under the filters with labels ≥ 11 px)
# A folded page's links fan out from each source to many nodes: its columns stand further apart, with
# longer lanes, so the links stay apart enough to point at.
FOLDED_COLUMN_GAP = 270
FOLDED_PER_LANE = 14
MAX_LANES = 4
SWEEPS = 12
SWAP_EDGE_LIMIT = 3000  # above this many edges only the sweeps run (each swap pass is O(edges²))

# kind -> column (0 left, 1 middle, 2 right), for a network with study nodes and for a folded one
COLUMNS = {"source": 0, "indication": 0, "study": 1, "review": 1, "outcome": 2, "adverse_event": 2}
FOLDED_COLUMNS = {"indication": 0, "source": 1, "review": 1, "outcome": 2, "adverse_event": 2}
# the groups of each column, top to bottom
GROUPS = ((("source",), ("indication",)), (("study",), ("review",)), (("outcome",), ("adverse_event",)))
FOLDED_GROUPS = ((("indication",),), (("source",), ("review",)), (("outcome",), ("adverse_event",)))


@dataclass
class Column:
    x: float
    outward: int  # -1: lanes grow to the left, 1: to the right, 0: one lane
    groups: list[list[str]]
    lanes: int = 1



def _columns(net: nx.Graph) -> list[Column]:
    folded = bool(net.graph.get("folded"))
    kinds, groups = (FOLDED_COLUMNS, FOLDED_GROUPS) if folded else (COLUMNS, GROUPS)
    gap, per_lane = (FOLDED_COLUMN_GAP, FOLDED_PER_LANE) if folded else (COLUMN_GAP, PER_LANE)
    columns = []
    for index, column_groups in enumerate(groups):
        members = [sorted((n for n, d in net.nodes(data=True) if d["kind"] in kinds_of_group),
                          key=lambda n: (str(net.nodes[n]["label"]).lower(), n))
                   for kinds_of_group in column_groups]
        members = [group for group in members if group]
        outward = index - 1
        size = sum(len(g) for g in members)
        lanes = 1 if outward == 0 else min(MAX_LANES, max(1, -(-size // per_lane)))
        columns.append(Column(outward * gap, outward, members, lanes))
    return columns


def node_label(data: dict) -> str:
    """What a node says: its label; a review's up to its parenthesis ("Skin review 2025"), the card
    holding the whole."""
    label = str(data["label"])
    if data["kind"] == "review" and " (" in label:
        return label.split(" (", 1)[0]
    return label


def label_width(kind: str) -> int:
    return LABEL_WIDTH.get(kind, DEFAULT_LABEL_WIDTH)


@lru_cache(maxsize=1)
def _label_font():  # noqa: ANN202 - matplotlib's FT2Font
    """The page's label font, DejaVu Sans (bundled with matplotlib), to measure labels as the browser does."""
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    path = font_manager.findfont(font_manager.FontProperties(family="DejaVu Sans"), fallback_to_default=False)
    font = FT2Font(path)
    font.set_size(FONT, 72)  # FONT points at 72 dpi: FONT pixels, as the canvas draws them
    return font


@lru_cache(maxsize=65536)
def text_width(text: str) -> float:
    """The advance width of `text` in canvas units, unhinted, as the browser's canvas measures it."""
    from matplotlib import ft2font

    flags = ft2font.LoadFlags.NO_HINTING if hasattr(ft2font, "LoadFlags") else ft2font.LOAD_NO_HINTING
    font = _label_font()
    font.set_text(text, 0.0, flags=flags)
    return font.get_width_height()[0] / 64


def drawn_label(data: dict) -> str:
    """The node's label as the page draws it: marked when its statements conflict; a word too wide for
    one line broken after one of its hyphens ("chemotherapy-" / "induced"), since vis-network wraps only
    at spaces and cuts a longer word anywhere."""
    widest = label_width(data["kind"])

    def fit(word: str) -> str:
        if text_width(word) <= widest or "-" not in word:
            return word
        lines = [""]
        for piece in word.replace("-", "-\n").split("\n"):
            if lines[-1] and text_width(lines[-1] + piece) > widest:
                lines.append(piece)
            else:
                lines[-1] += piece
        return "\n".join(lines)

    mark = CONFLICT_MARK if data.get("conflict") else ""
    return mark + " ".join(fit(word) for word in node_label(data).split(" "))


def _wrapped(line: str, widest: float) -> int:
    """Lines vis-network (9.1) wraps one line of a label into: the most words that fit, measured with
    three spaces between words (it joins its word and space tokens with a space); a word wider than a
    line is cut where it overflows."""
    words, count = line.split(" "), 0
    while words:
        fits = 0
        while fits < len(words) and text_width("   ".join(words[:fits + 1])) <= widest:
            fits += 1
        if fits:
            words = words[fits:]
        else:
            cut = next((end for end in range(1, len(words[0]) + 1) if text_width(words[0][:end]) > widest),
                       len(words[0]))
            words[0] = words[0][cut:]
            if not words[0]:
                words.pop(0)
        count += 1
    return max(count, 1)


def label_lines(label: str, kind: str) -> int:
    """How many lines the page draws a label in (at its line breaks, then wrapped as vis-network wraps)."""
    return sum(_wrapped(line, label_width(kind)) for line in str(label).split("\n"))


class Extents:
    """Each node's reach above and below its centre: its shape (sized by patients, as vis-network
    scales `value`) above, the shape and its label below."""

    def __init__(self, net: nx.Graph):
        values = {n: max(d.get("patients", 0) or 0, 1) for n, d in net.nodes(data=True)}
        low, high = min(values.values(), default=1), max(values.values(), default=1)
        small, large = NODE_SIZES
        self.radius = {n: small + ((v - low) / (high - low) if high > low else 0.5) * (large - small)
                       for n, v in values.items()}
        self.label = {n: label_lines(drawn_label(d), d["kind"]) * LINE_HEIGHT for n, d in net.nodes(data=True)}

    def above(self, node: str) -> float:
        return self.radius[node]

    def below(self, node: str) -> float:
        return self.radius[node] + 4 + self.label[node]


def _stack(column: Column, extents: Extents) -> list[tuple[str, float, int]]:
    """(node, y, lane) top to bottom, as tight as the labels allow: a node sits below the previous node
    of its lane (and its label), and a little below the previous node of the column."""
    placed: list[tuple[str, float, int]] = []
    last_in_lane: dict[int, tuple[str, float]] = {}
    index = 0
    for number, group in enumerate(column.groups):
        for position, node in enumerate(group):
            lane = index % column.lanes
            y = placed[-1][1] + MIN_STEP if placed else 0.0
            if number and not position:
                y += GROUP_GAP
            if lane in last_in_lane:
                previous, at = last_in_lane[lane]
                y = max(y, at + extents.below(previous) + ROW_MARGIN + extents.above(node))
            placed.append((node, y, lane))
            last_in_lane[lane] = (node, y)
            index += 1
        index += (-index) % column.lanes  # the next group starts in the first lane
    return placed


def _place(columns: list[Column], extents: Extents) -> dict[str, tuple[float, float]]:
    """Every column stacked, then spread evenly over the tallest column's height, centred on y = 0."""
    positions: dict[str, tuple[float, float]] = {}
    stacks = [_stack(column, extents) for column in columns]
    height = max((stack[-1][1] for stack in stacks if stack), default=0.0)
    for column, stack in zip(columns, stacks):
        if not stack:
            continue
        own = stack[-1][1]
        stretch = height / own if own else 1.0
        for node, y, lane in stack:
            positions[node] = (column.x + column.outward * LANE_GAP * lane, (y - own / 2) * stretch if own else 0.0)
    return positions


# ---- counting crossings ---------------------------------------------------------------------------


class Edges:
    """The network's edges as index pairs, to count crossings of straight segments fast (numpy)."""

    def __init__(self, net: nx.Graph):
        self.nodes = list(net.nodes)
        self.index = {node: i for i, node in enumerate(self.nodes)}
        self.pairs = np.array([(self.index[a], self.index[b]) for a, b in net.edges], dtype=int).reshape(-1, 2)
        self.incident: dict[str, np.ndarray] = {node: np.flatnonzero((self.pairs == self.index[node]).any(axis=1))
                                                for node in self.nodes}

    def segments(self, positions: dict[str, tuple[float, float]]) -> np.ndarray:
        xy = np.array([positions[node] for node in self.nodes], dtype=float).reshape(-1, 2)
        return np.concatenate([xy[self.pairs[:, 0]], xy[self.pairs[:, 1]]], axis=1)

    def crossings(self, positions: dict[str, tuple[float, float]], among: np.ndarray | None = None) -> int:
        """Crossings between edges (or between the edges `among` and all edges, each pair once)."""
        segments = self.segments(positions)
        chosen = np.arange(len(self.pairs)) if among is None else among
        crossing = crossing_matrix(segments[chosen], segments, self.pairs[chosen], self.pairs)
        if among is None:
            return int(np.triu(crossing, 1).sum())
        inside = np.isin(np.arange(len(self.pairs)), chosen)
        # pairs with both edges in `among` appear twice: count them once
        return int(crossing[:, ~inside].sum() + np.triu(crossing[:, chosen], 1).sum())


def crossing_matrix(a: np.ndarray, b: np.ndarray, a_ends: np.ndarray, b_ends: np.ndarray) -> np.ndarray:
    """Whether segment i of `a` properly crosses segment j of `b` (segments as x1, y1, x2, y2); segments
    sharing an end never cross."""
    def orient(p: tuple[np.ndarray, np.ndarray], q: tuple[np.ndarray, np.ndarray],
               r: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
        return np.sign((q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]))

    p1 = (a[:, 0, None], a[:, 1, None])
    p2 = (a[:, 2, None], a[:, 3, None])
    q1 = (b[None, :, 0], b[None, :, 1])
    q2 = (b[None, :, 2], b[None, :, 3])
    crosses = (orient(p1, p2, q1) * orient(p1, p2, q2) < 0) & (orient(q1, q2, p1) * orient(q1, q2, p2) < 0)
    shared = ((a_ends[:, 0, None] == b_ends[None, :, 0]) | (a_ends[:, 0, None] == b_ends[None, :, 1]) |
              (a_ends[:, 1, None] == b_ends[None, :, 0]) | (a_ends[:, 1, None] == b_ends[None, :, 1]))
    return crosses & ~shared


def edge_crossings(net: nx.Graph, positions: dict[str, tuple[float, float]]) -> int:
    """How many pairs of the network's straight edges cross, with nodes at `positions`."""
    return Edges(net).crossings(positions) if net.number_of_edges() else 0


# ---- ordering -------------------------------------------------------------------------------------


def _sweep(net: nx.Graph, columns: list[Column], extents: Extents) -> None:
    """Each group of each column, middle first, sorted by the mean height of its nodes' neighbours."""
    for index in (1, 0, 2):
        positions = _place(columns, extents)
        for group in columns[index].groups:
            def mean_height(node: str) -> tuple[float, float]:
                linked = [positions[n][1] for n in net.neighbors(node)]
                return (sum(linked) / len(linked) if linked else positions[node][1], positions[node][1])
            group.sort(key=mean_height)


def _snapshot(columns: list[Column]) -> list[list[list[str]]]:
    return [[list(group) for group in column.groups] for column in columns]


def _restore(columns: list[Column], saved: list[list[list[str]]]) -> None:
    for column, groups in zip(columns, saved):
        column.groups = [list(group) for group in groups]


def _swap_pass(columns: list[Column], extents: Extents, edges: Edges) -> bool:
    """Swap neighbouring nodes of a group wherever that removes crossings; True if any swap did."""
    improved = False
    for column in columns:
        for group in column.groups:
            for i in range(len(group) - 1):
                touched = np.union1d(edges.incident[group[i]], edges.incident[group[i + 1]])
                if not len(touched):
                    continue
                before = edges.crossings(_place(columns, extents), touched)
                group[i], group[i + 1] = group[i + 1], group[i]
                if edges.crossings(_place(columns, extents), touched) < before:
                    improved = True
                else:
                    group[i], group[i + 1] = group[i + 1], group[i]
    return improved


def _order(net: nx.Graph, columns: list[Column], extents: Extents) -> None:
    """Orders the columns' groups in place: the best of the barycentre sweeps, then neighbour swaps."""
    if not net.number_of_edges():
        return
    edges = Edges(net)
    best, fewest = _snapshot(columns), edges.crossings(_place(columns, extents))
    for _ in range(SWEEPS):
        _sweep(net, columns, extents)
        found = edges.crossings(_place(columns, extents))
        if found < fewest:
            best, fewest = _snapshot(columns), found
    _restore(columns, best)
    if net.number_of_edges() <= SWAP_EDGE_LIMIT:
        for _ in range(6):
            if not _swap_pass(columns, extents, edges):
                break


def column_positions(net: nx.Graph) -> dict[str, tuple[float, float]]:
    """Every node's (x, y), columns left to right, ordered to cut crossings."""
    columns, extents = _columns(net), Extents(net)
    _order(net, columns, extents)
    placed = _place(columns, extents)
    # whole canvas units, as the page reports positions (vis-network drops the fraction): crossings
    # counted here and on the page agree
    return {node: (float(round(x)), float(round(y))) for node, (x, y) in placed.items()}


def alphabetical_positions(net: nx.Graph) -> dict[str, tuple[float, float]]:
    """The same columns and lanes with every group in label order: the baseline the ordering improves on."""
    columns, extents = _columns(net), Extents(net)
    return _place(columns, extents)

"""Keep the page usable at scale: above a node budget, fold the studies of the evidence network into
weighted source → outcome (and source → indication, source → adverse event) edges, each remembering
the studies it stands for, so a reader can drill down from one edge to its studies.

A 10,000-study network drawn node by node is 10,000+ physics bodies: the browser never settles and no
one can read it. Folded, it is one node per source, outcome, indication and adverse event, and the
edges say how many studies (and patients) link them.
"""

from __future__ import annotations

from typing import Any, Iterable, Sequence

import networkx as nx

from exograph.errors import ExographError

PAGE_NODE_BUDGET = 300  # above this many nodes a force-directed page stops being readable
DRILL_DOWN_LIMIT = 50  # studies listed on a folded edge's tooltip before "... and N more"


def needs_folding(net: nx.Graph, budget: int = PAGE_NODE_BUDGET) -> bool:
    return net.number_of_nodes() > budget


def fold_network(net: nx.Graph, budget: int = PAGE_NODE_BUDGET) -> nx.Graph:
    """The network itself when it fits the budget; otherwise studies folded into weighted edges from each
    source to everything its studies link to. Each folded edge carries `studies` (the study node ids,
    sorted), `study_count`, `patients` and `weight` (= study count, what the page draws as width), and
    a `title` listing the studies — the drill-down."""
    if not needs_folding(net, budget):
        return net
    folded = nx.Graph(folded=True, studies=_count(net, "study"), budget=budget)
    for node, data in net.nodes(data=True):
        if data.get("kind") != "study":
            folded.add_node(node, **data)
    for study in sorted(n for n, d in net.nodes(data=True) if d.get("kind") == "study"):
        _fold_study(net, folded, study)
    for a, b, data in folded.edges(data=True):
        _finish_edge(net, a, b, data)
    for a, b, data in net.edges(data=True):
        if data.get("kind") == "review":  # a review's own results are not studies: they stay as drawn
            folded.add_edge(a, b, **data)
    for node, data in folded.nodes(data=True):
        data["study_count"] = len(data.pop("_studies", ()))
    return folded


def _count(net: nx.Graph, kind: str) -> int:
    return sum(1 for _, d in net.nodes(data=True) if d.get("kind") == kind)


def _fold_study(net: nx.Graph, folded: nx.Graph, study: str) -> None:
    """Add one study to the edge between each of its sources and each of its other neighbours."""
    patients = int(net.nodes[study].get("patients") or 0)
    neighbours = list(net.neighbors(study))
    sources = [n for n in neighbours if net.nodes[n].get("kind") == "source"]
    others = [n for n in neighbours if net.nodes[n].get("kind") != "source"]
    for node in neighbours:
        folded.nodes[node].setdefault("_studies", set()).add(study)
    for source in sources:
        for other in others:
            if not folded.has_edge(source, other):
                folded.add_edge(source, other, studies=[], patients=0)
            edge = folded.edges[source, other]
            edge["studies"].append(study)
            edge["patients"] += patients


def _finish_edge(net: nx.Graph, a: str, b: str, data: dict[str, Any]) -> None:
    data["studies"] = sorted(data["studies"])
    data["study_count"] = len(data["studies"])
    data["weight"] = data["study_count"]
    data["title"] = drill_down_text(net, a, b, data["studies"])


def drill_down_text(net: nx.Graph, a: str, b: str, studies: list[str], limit: int = DRILL_DOWN_LIMIT) -> str:
    """Plain text (the page escapes it) naming the studies behind one folded edge."""
    labels = [str(net.nodes[s].get("label", s)) for s in studies[:limit]]
    more = f"\n... and {len(studies) - limit} more" if len(studies) > limit else ""
    head = f"{net.nodes[a].get('label', a)} — {net.nodes[b].get('label', b)}: {len(studies)} studies"
    return head + "\n" + "\n".join(labels) + more


def _studies_of(net: nx.Graph, node: str) -> set[str]:
    """The studies linked to `node` (a study stands for itself)."""
    if net.nodes[node].get("kind") == "study":
        return {node}
    return {s for s in net.neighbors(node) if net.nodes[s].get("kind") == "study"}


def linked_studies(net: nx.Graph, nodes: Sequence[str]) -> set[str]:
    """The studies linked to every one of `nodes`."""
    return set.intersection(*(_studies_of(net, n) for n in nodes)) if nodes else set()


def drill_down(net: nx.Graph, nodes: Iterable[str], budget: int = PAGE_NODE_BUDGET) -> nx.Graph:
    """The unfolded network around `nodes` (e.g. the two ends of a folded edge, or one source): the
    studies linked to all of them and those studies' neighbours, folded again if still over budget."""
    wanted = list(nodes)
    studies = linked_studies(net, wanted)
    keep = set(studies) | set(wanted)
    for study in studies:
        keep.update(net.neighbors(study))
    return fold_network(net.subgraph(keep).copy(), budget)


def find_nodes(net: nx.Graph, names: Iterable[str]) -> list[str]:
    """Node ids for names given by a reader: a node id, else a label (case-insensitive), else the one
    label containing the name. Unknown or ambiguous names are an error that lists the candidates."""
    return [_find_node(net, name) for name in names]


def _find_node(net: nx.Graph, name: str) -> str:
    if name in net:
        return name
    wanted = name.strip().lower()
    labels = {node: str(data.get("label", node)).lower() for node, data in net.nodes(data=True)}
    exact = sorted(node for node, label in labels.items() if label == wanted)
    found = exact or sorted(node for node, label in labels.items() if wanted and wanted in label)
    if len(found) == 1:
        return found[0]
    if not found:
        raise ExographError(f"--focus {name!r}: no node has this id or label")
    shown = ", ".join(found[:10]) + (f" and {len(found) - 10} more" if len(found) > 10 else "")
    raise ExographError(f"--focus {name!r} matches {len(found)} nodes: {shown}; give a node id")


def page_network(net: nx.Graph, budget: int | None = PAGE_NODE_BUDGET, focus: Sequence[str] = ()) -> nx.Graph:
    """What the page draws: the neighbourhood of `focus` (node ids) when given, else the whole network;
    folded when over `budget` (None: never folded)."""
    limit = budget if budget is not None else max(net.number_of_nodes(), 1)
    if focus:
        if not linked_studies(net, focus):
            raise ExographError(f"no study links {' and '.join(focus)}")
        return drill_down(net, focus, limit)
    return fold_network(net, limit)

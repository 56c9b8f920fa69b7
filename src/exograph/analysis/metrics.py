"""Network analytics: the bipartite source–outcome projection weighted by patients, degree and
centrality of sources and outcomes, and connected components."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
from networkx.algorithms import bipartite


def nodes_of(net: nx.Graph, kind: str) -> list[str]:
    return sorted(n for n, data in net.nodes(data=True) if data["kind"] == kind)


def source_outcome_projection(net: nx.Graph) -> nx.Graph:
    """Sources and outcomes (bipartite=0 and 1), linked when a study used the source and measured the
    outcome; an edge's weight is the patients of those studies, `studies` how many there were."""
    projection = nx.Graph()
    for kind, side in (("source", 0), ("outcome", 1)):
        for node in nodes_of(net, kind):
            projection.add_node(node, bipartite=side, **net.nodes[node])
    for study in nodes_of(net, "study"):
        patients = max(net.nodes[study]["patients"], 1)
        neighbours = sorted(net.neighbors(study))
        for source in (n for n in neighbours if net.nodes[n]["kind"] == "source"):
            for outcome in (n for n in neighbours if net.nodes[n]["kind"] == "outcome"):
                edge = projection.get_edge_data(source, outcome) or {"weight": 0, "studies": 0}
                projection.add_edge(source, outcome, weight=edge["weight"] + patients,
                                    studies=edge["studies"] + 1)
    return projection


@dataclass(frozen=True)
class Centrality:
    node: str
    label: str
    kind: str
    degree: int
    weighted_degree: int
    studies: int
    patients: int
    degree_centrality: float
    betweenness: float


def centrality(projection: nx.Graph, kind: str) -> list[Centrality]:
    """Sources (or outcomes) ranked by patient-weighted degree in the projection (the patients behind
    each of their links, summed), with their studies and patients, bipartite degree centrality and
    betweenness (distance = 1 / patients, so well-populated links are short)."""
    members = nodes_of(projection, kind)
    if not members:
        return []
    degree = bipartite.degree_centrality(projection, members)
    weighted = projection.copy()
    distance = {(a, b): 1.0 / max(d["weight"], 1) for a, b, d in weighted.edges(data=True)}
    nx.set_edge_attributes(weighted, distance, "distance")
    between = nx.betweenness_centrality(weighted, weight="distance", normalized=True)
    found = [Centrality(n, data["label"], kind, projection.degree(n), int(projection.degree(n, weight="weight")),
                        data["studies"], data["patients"], round(degree[n], 4), round(between[n], 4))
             for n, data in ((n, projection.nodes[n]) for n in members)]
    return sorted(found, key=lambda c: (-c.weighted_degree, -c.patients, c.label))


@dataclass(frozen=True)
class Component:
    size: int
    studies: int
    labels: list[str]


def components(net: nx.Graph) -> list[Component]:
    """Connected components of the evidence network, largest first."""
    found = []
    for nodes in nx.connected_components(net):
        studies = [n for n in nodes if net.nodes[n]["kind"] == "study"]
        labels = sorted(net.nodes[n]["label"] for n in studies)
        found.append(Component(len(nodes), len(studies), labels))
    return sorted(found, key=lambda c: (-c.size, c.labels))


def graphml_ready(net: nx.Graph) -> nx.Graph:
    """A copy whose attributes GraphML can hold (strings, numbers, booleans; no None)."""
    copy = nx.Graph()
    for node, data in net.nodes(data=True):
        copy.add_node(node, **{k: v for k, v in data.items() if isinstance(v, (str, int, float, bool))})
    for a, b, data in net.edges(data=True):
        copy.add_edge(a, b, **{k: v for k, v in data.items() if isinstance(v, (str, int, float, bool))})
    return copy


def write_graphml(net: nx.Graph, path: Path) -> Path:
    from exograph.outputs import write_output

    buffer = io.BytesIO()
    nx.write_graphml(graphml_ready(net), buffer)
    return write_output(path, buffer.getvalue())

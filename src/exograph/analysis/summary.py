"""A plain-text summary of the evidence network, for `exograph analyze`."""

from __future__ import annotations

import networkx as nx

from exograph.analysis.evidence import KINDS, counted
from exograph.analysis.metrics import Centrality, centrality, components, nodes_of, source_outcome_projection


def _table(rows: list[list[str]], header: list[str]) -> list[str]:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    line = lambda r: "  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip()  # noqa: E731
    return [line(header), line(["-" * w for w in widths]), *(line(r) for r in rows)]


def _ranking(title: str, found: list[Centrality], limit: int) -> list[str]:
    rows = [[c.label[:48], str(c.studies), str(c.patients), str(c.degree), str(c.weighted_degree),
             f"{c.degree_centrality:.3f}", f"{c.betweenness:.3f}"] for c in found[:limit]]
    header = [title, "studies", "patients", "links", "weighted degree", "degree centrality", "betweenness"]
    return _table(rows, header) if rows else [f"{title}: none"]


def summary(net: nx.Graph, limit: int = 15) -> str:
    counts = ", ".join(counted(len(nodes_of(net, kind)), kind) for kind in KINDS)
    projection = source_outcome_projection(net)
    lines = [f"evidence network: {net.number_of_nodes()} nodes, {net.number_of_edges()} edges ({counts})",
             f"source–outcome projection: {projection.number_of_nodes()} nodes, "
             f"{projection.number_of_edges()} links weighted by patients", ""]
    lines += _ranking("exosome source", centrality(projection, "source"), limit) + [""]
    lines += _ranking("outcome", centrality(projection, "outcome"), limit) + [""]
    found = components(net)
    lines.append(f"connected components: {len(found)}")
    for index, component in enumerate(found, 1):
        names = ", ".join(component.labels[:6]) + (", …" if len(component.labels) > 6 else "")
        lines.append(f"  {index}. {component.size} nodes, {component.studies} studies: {names}")
    return "\n".join(lines)

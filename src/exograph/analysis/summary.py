"""A plain-text summary of the evidence network, for `exograph analyze`."""

from __future__ import annotations

import textwrap

import networkx as nx

from exograph.analysis.evidence import KINDS, counted
from exograph.analysis.metrics import Centrality, centrality, components, nodes_of, source_outcome_projection


# What each column of a ranking means, printed under the rankings.
COLUMNS = (
    ("studies", "studies that link the node"),
    ("patients", "patients in those studies (sum of their sample sizes)"),
    ("links", "sources or outcomes it is linked to in the projection"),
    ("weighted", "patients behind each of its links, summed (the ranking's order)"),
    ("centrality", "share of the other side's nodes it is linked to (0–1)"),
    ("betweenness", "share of shortest paths between other nodes that pass through it (0–1; "
                    "a link's length is 1 / its patients)"),
)


def _ranking(title: str, found: list[Centrality], limit: int, width: int | None) -> list[str]:
    from exograph.query.table import render_table

    if not found:
        return [f"{title}: none"]
    rows = [[c.label, str(c.studies), str(c.patients), str(c.degree), str(c.weighted_degree),
             f"{c.degree_centrality:.3f}", f"{c.betweenness:.3f}"] for c in found[:limit]]
    header = [title, *(name for name, _ in COLUMNS)]
    lines = render_table(header, rows, width)
    if len(found) > limit:
        lines.append(f"(the first {limit} of {len(found)} by weighted degree; --limit {len(found)} shows all)")
    return lines


def _legend(width: int | None) -> list[str]:
    lines = ["columns:"]
    for name, meaning in COLUMNS:
        text = f"  {name:12} {meaning}"
        lines += textwrap.wrap(text, width, subsequent_indent=" " * 15) if width else [text]
    return lines


def summary(net: nx.Graph, limit: int = 15, width: int | None = None) -> str:
    counts = ", ".join(counted(len(nodes_of(net, kind)), kind) for kind in KINDS)
    projection = source_outcome_projection(net)
    lines = [f"evidence network: {net.number_of_nodes()} nodes, {net.number_of_edges()} edges ({counts})",
             f"source–outcome projection: {projection.number_of_nodes()} nodes, "
             f"{projection.number_of_edges()} links weighted by patients", ""]
    lines += _ranking("exosome source", centrality(projection, "source"), limit, width) + [""]
    lines += _ranking("outcome", centrality(projection, "outcome"), limit, width) + [""]
    lines += _legend(width) + [""]
    found = components(net)
    lines.append(f"connected components: {len(found)}")
    for index, component in enumerate(found, 1):
        names = ", ".join(component.labels[:6]) + (f", … ({len(component.labels) - 6} more)" if len(component.labels) > 6 else "")
        line = f"  {index}. {component.size} node{'s' if component.size != 1 else ''}, {counted(component.studies, 'study')}: {names}"
        lines += textwrap.wrap(line, width, subsequent_indent=" " * 5) if width else [line]
    return "\n".join(lines)

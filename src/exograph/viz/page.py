"""Write the source → outcome network as one self-contained HTML page (scripts inline, no network)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import networkx as nx

from exograph.graphs import write_atomically

STYLE = {
    "source": ("#2b8a3e", "diamond"),
    "study": ("#1c7ed6", "dot"),
    "indication": ("#e8590c", "square"),
    "outcome": ("#7048e8", "triangle"),
    "adverse_event": ("#c92a2a", "star"),
}


def _network_html(net: nx.Graph, seed: int) -> str:
    from pyvis.network import Network

    page = Network(height="800px", width="100%", cdn_resources="in_line", notebook=False)
    for node, data in sorted(net.nodes(data=True)):
        color, shape = STYLE.get(data["kind"], ("#868e96", "dot"))
        label = html.escape(data["label"])
        page.add_node(node, label=label, title=f"{html.escape(data['kind'])}: {label}", color=color, shape=shape,
                      group=data["kind"])
    for a, b, data in sorted(net.edges(data=True)):
        page.add_edge(a, b, value=data.get("weight", 1))
    page.set_options('{"layout": {"randomSeed": %d}, "physics": {"stabilization": {"iterations": 300}}}' % seed)
    return page.generate_html()


def strip_remote_references(page: str) -> str:
    """pyvis still links Bootstrap from a CDN even in-line: drop every remote <link>/<script src>."""
    page = re.sub(r'<link[^>]+href="https?://[^"]*"[^>]*>', "", page)
    return re.sub(r'<script[^>]+src="https?://[^"]*"[^>]*>\s*</script>', "", page)


def write_page(net: nx.Graph, out: Path, seed: int = 7) -> Path:
    page = strip_remote_references(_network_html(net, seed))
    write_atomically(out, page.encode("utf-8"))
    return out

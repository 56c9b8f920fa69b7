"""Write the source → outcome network as one self-contained HTML page.

pyvis builds the vis-network nodes and edges and provides the vis-network script, which is inlined with
everything else: the page works from file:// and its Content-Security-Policy forbids any request.
Text from the data reaches the page three ways, each safe: autoescaped HTML (filters, legend, gap map,
headings), JSON inside scripts with `<`, `>` and `&` escaped, and DOM text nodes built by the script.
"""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path
from typing import Any

import networkx as nx

from exograph.analysis.evidence import LEVELS, PLURALS, Evidence, counted
from exograph.analysis.gapmap import ROB_SHOWN, GapMap, gap_map
from exograph.graphs import write_atomically
from exograph.viz.cards import cards
from exograph.viz.filters import facets, study_nodes

# kind -> (colour, vis shape, legend glyph)
STYLE = {
    "source": ("#2b8a3e", "diamond", "◆"),
    "study": ("#1c7ed6", "dot", "●"),
    "indication": ("#e8590c", "square", "■"),
    "outcome": ("#7048e8", "triangle", "▲"),
    "adverse_event": ("#c92a2a", "star", "★"),
}
TITLE = "exograph: exosome sources → studies → outcomes"


def script_json(value: Any) -> str:
    """JSON safe inside a <script> element: no `<`, `>` or `&` can end it or start markup."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _node(node: str, data: dict[str, Any]) -> dict[str, Any]:
    colour, shape, _ = STYLE[data["kind"]]
    study = data["kind"] == "study"
    return {"label": data["label"], "title": data["label"], "shape": shape, "kind": data["kind"],
            "color": {"background": colour, "border": "#343a40",
                      "highlight": {"background": colour, "border": "#000000"}},
            "value": max(data.get("patients", 0), 1),
            "font": {"size": 17 if study else 15, "bold": study, "strokeWidth": 4, "strokeColor": "#ffffff"},
            "widthConstraint": {"maximum": 230 if study else 175}}


def _edge_title(net: nx.Graph, a: str, b: str, weight: int) -> str:
    study, other = (a, b) if net.nodes[a]["kind"] == "study" else (b, a)
    return f"{net.nodes[study]['label']} — {net.nodes[other]['label']}: {weight} patients"


def vis_data(net: nx.Graph) -> tuple[list[dict], list[dict]]:
    """The vis-network nodes and edges, built with pyvis."""
    from pyvis.network import Network

    from exograph.viz.layout import column_positions

    page = Network(cdn_resources="in_line")
    positions = column_positions(net)
    for node, data in net.nodes(data=True):
        x, y = positions[node]
        fixed = {"x": True, "y": data["kind"] in ("study", "indication")}
        page.add_node(node, x=x, y=y, fixed=fixed, **_node(node, data))
    for a, b, data in net.edges(data=True):
        page.add_edge(a, b, value=data["weight"], title=_edge_title(net, a, b, data["weight"]))
    nodes, edges, *_ = page.get_network_data()
    return nodes, edges


def options(seed: int) -> dict[str, Any]:
    """A fixed seed and a stabilisation run; the page switches physics off once it has settled."""
    return {
        "layout": {"randomSeed": seed, "improvedLayout": True},
        "physics": {"enabled": True, "solver": "repulsion",
                    "repulsion": {"nodeDistance": 120, "centralGravity": 0.0, "springLength": 100,
                                  "springConstant": 0.0004, "damping": 0.6},
                    "stabilization": {"enabled": True, "iterations": 1500, "updateInterval": 50, "fit": True},
                    "minVelocity": 0.5},
        "nodes": {"scaling": {"min": 9, "max": 20}, "borderWidth": 1.5,
                  "font": {"face": "DejaVu Sans, Helvetica Neue, Arial, sans-serif", "color": "#212529"}},
        "edges": {"color": {"color": "#adb5bd", "highlight": "#343a40", "hover": "#495057", "inherit": False},
                  "scaling": {"min": 1, "max": 8}, "smooth": False, "selectionWidth": 1.5},
        "interaction": {"hover": True, "tooltipDelay": 120, "multiselect": True, "hideEdgesOnDrag": False},
    }


# ---- the static parts -----------------------------------------------------------------------------


def legend(net: nx.Graph) -> list[dict[str, Any]]:
    kinds = [data["kind"] for _, data in net.nodes(data=True)]
    return [{"name": PLURALS[kind], "colour": colour, "glyph": glyph, "count": kinds.count(kind)}
            for kind, (colour, _, glyph) in STYLE.items()]


def gap_table(gaps: GapMap, caption: str) -> dict[str, Any]:
    rows = []
    for row in gaps.rows:
        cells = []
        for column in gaps.columns:
            cell = gaps.cell(row, column)
            if not cell.studies:
                cells.append(None)
                continue
            text = f"{len(cell.studies)} · {cell.patients} pts"
            title = f"{len(cell.studies)} stud{'y' if len(cell.studies) == 1 else 'ies'}, {cell.patients} patients; " \
                    f"best: Level {cell.level or 'not stated'}, risk of bias {cell.risk_of_bias or 'not assessed'}"
            cells.append({"text": text, "title": title, "level": cell.level or "none", "rob": cell.risk_of_bias})
        rows.append({"label": gaps.row_labels[row], "cells": cells})
    return {"kind": gaps.column_kind, "caption": caption, "rows": rows,
            "columns": [gaps.column_labels[c] for c in gaps.columns]}


def subtitle(evidence: Evidence, net: nx.Graph) -> str:
    counts = ", ".join(counted(sum(1 for _, d in net.nodes(data=True) if d["kind"] == k), k) for k in STYLE)
    reviews = "; ".join(evidence.reviews)
    return f"{counts}" + (f", from {reviews}" if reviews else "")


# ---- the page -------------------------------------------------------------------------------------


def _vis_library() -> tuple[str, str]:
    import pyvis

    lib = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
    return (lib / "vis-network.min.js").read_text(encoding="utf-8"), (lib / "vis-network.css").read_text(encoding="utf-8")


def _csp(scripts: list[str]) -> str:
    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(s.encode('utf-8')).digest()).decode()}'"
                      for s in scripts)
    return f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; img-src data:"


def render_page(evidence: Evidence, net: nx.Graph, seed: int = 7, density_png: bytes | None = None) -> str:
    from jinja2 import Environment
    from markupsafe import Markup

    from exograph.analysis.figures import LEVEL_COLOURS
    from exograph.viz.assets import CSS, SCRIPT
    from exograph.viz.template import PAGE

    nodes, edges = vis_data(net)
    vis_js, vis_css = _vis_library()
    draw_js = (f"var nodes = new vis.DataSet({script_json(nodes)});\n"
               f"var edges = new vis.DataSet({script_json(edges)});\n"
               f"var network = new vis.Network(document.getElementById('mynetwork'), "
               f"{{nodes: nodes, edges: edges}}, {script_json(options(seed))});")
    data = {"cards": cards(evidence, net), "facets": facets(evidence, net),
            "studies": sorted(study_nodes(net).values())}
    # One script: the page's handlers must attach in the same task that creates the network, before
    # stabilisation (run in timer batches) can finish.
    page_js = draw_js + "\n" + SCRIPT
    scripts = [vis_js, page_js]
    return Environment(autoescape=True).from_string(PAGE).render(
        title=TITLE, subtitle=subtitle(evidence, net), csp=_csp(scripts),
        vis_js=Markup(vis_js), vis_css=Markup(vis_css), css=Markup(CSS), page_js=Markup(page_js), data_json=Markup(script_json(data)), facets=data["facets"], legend=legend(net),
        gap_tables=[gap_table(gap_map(evidence, "indication"), "Exosome sources × indications"),
                    gap_table(gap_map(evidence, "outcome"), "Exosome sources × outcomes")],
        level_colours=[(lvl, LEVEL_COLOURS[lvl]) for lvl in LEVELS],
        rob_keys=list(ROB_SHOWN),
        density_png=f"data:image/png;base64,{base64.b64encode(density_png).decode()}" if density_png else "")


def write_page(evidence: Evidence, net: nx.Graph, out: Path, seed: int = 7, density_png: bytes | None = None) -> Path:
    write_atomically(out, render_page(evidence, net, seed, density_png).encode("utf-8"))
    return out

"""Write the source → outcome network as one self-contained HTML page.

pyvis builds the vis-network nodes and edges and provides the vis-network script, which is inlined with
everything else: the page works from file:// and its Content-Security-Policy forbids any request.
Text from the data reaches the page three ways, each safe: autoescaped HTML (filters, legend, gap map,
headings), JSON inside scripts with `<`, `>` and `&` escaped, and DOM text nodes built by the script.

The page draws one network (`drawn`: the evidence network, a neighbourhood of it, or either folded by
analysis/fold.py) while its filters come from the full one, so they also work on a folded page.
"""

from __future__ import annotations

import base64
import hashlib
import json
import textwrap
from dataclasses import replace
from pathlib import Path
from typing import Any

import networkx as nx

from exograph.analysis.appraisal import SYMBOLS
from exograph.analysis.evidence import LEVELS, PLURALS, Evidence, counted
from exograph.analysis.density import not_plotted
from exograph.appraisal import COMPUTED_BY_RULE
from exograph.analysis.gapmap import ROB_SHOWN, GapMap, gap_map
from exograph.formatting import unit, units_in_text
from exograph.outputs import write_output
from exograph.viz.cards import cards, study_facts
from exograph.viz.filters import facets, shown_studies

# kind -> (colour, vis shape, legend glyph)
STYLE = {
    "source": ("#2b8a3e", "diamond", "◆"),
    "study": ("#1c7ed6", "dot", "●"),
    "indication": ("#e8590c", "square", "■"),
    "outcome": ("#7048e8", "triangle", "▲"),
    "adverse_event": ("#c92a2a", "star", "★"),
    "review": ("#0b7285", "hexagon", "⬢"),
}
CONFLICT_BORDER = "#e8590c"
TITLE = "exograph: exosome sources → studies → outcomes"
FOLDED_CARD_ITEMS = 100  # statements per card on a folded page (a source may stand for thousands)
SUBTITLE_REVIEWS = 5  # reviews named in the subtitle before it only counts them
HEADER_CHARS = 34  # a gap-map column heading longer than this is shortened (its title keeps it whole)
DENSITY_INLINE_LIMIT = 2_000_000  # bytes: a forest plot of thousands of studies stays beside the page


def script_json(value: Any) -> str:
    """JSON safe inside a <script> element: no `<`, `>` or `&` can end it or start markup."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _node(node: str, data: dict[str, Any], column: int) -> dict[str, Any]:
    """A vis-network node: colour and shape by kind; size by patients (for an adverse event, the
    patients it affected where a source says); a conflict of statements marked on the node."""
    from exograph.viz.layout import CONFLICT_MARK, FONT, drawn_label, label_width, node_label

    colour, shape, _ = STYLE[data["kind"]]
    conflict = bool(data.get("conflict"))
    return {"label": drawn_label(data), "title": (CONFLICT_MARK if conflict else "") + node_label(data),
            "shape": shape, "kind": data["kind"], "column": column, "conflict": conflict,
            "color": {"background": colour, "border": CONFLICT_BORDER if conflict else "#343a40",
                      "highlight": {"background": colour, "border": "#000000"}},
            "borderWidth": 1.5,
            "value": max(data.get("patients", 0), 1),
            "font": {"size": FONT, "strokeWidth": 4, "strokeColor": "#ffffff"},
            "widthConstraint": {"maximum": label_width(data["kind"])}}


def _edge_title(net: nx.Graph, a: str, b: str, data: dict[str, Any]) -> str:
    if data.get("kind") == "review":
        review, other = (a, b) if net.nodes[a]["kind"] == "review" else (b, a)
        return f"{net.nodes[review]['label']} — {net.nodes[other]['label']}: review-level result (no per-study data)"
    study, other = (a, b) if net.nodes[a]["kind"] == "study" else (b, a)
    if net.nodes[other]["kind"] == "adverse_event":
        weight = data["weight"]
        affected = f"{weight:g} patients affected" if weight > 1 or net.nodes[other].get("affected_known") else \
            "no count or percentage stated"
        return f"{net.nodes[study]['label']} — {net.nodes[other]['label']}: {affected}"
    return f"{net.nodes[study]['label']} — {net.nodes[other]['label']}: {data['weight']} patients"


def _folded_edge(net: nx.Graph, a: str, b: str, data: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
    """A folded edge, source first, with the studies it stands for (the page's drill-down and filters
    read them); its id is plain because node ids are."""
    source, other = (a, b) if net.nodes[a]["kind"] == "source" else (b, a)
    title = (f"{net.nodes[source]['label']} — {net.nodes[other]['label']}: "
             f"{counted(data['study_count'], 'study')}, {data['patients']} patients")
    return source, other, {"id": f"{source}|{other}", "value": data["study_count"], "title": title,
                           "studies": data["studies"], "patients": data["patients"]}


def vis_data(net: nx.Graph) -> tuple[list[dict], list[dict]]:
    """The vis-network nodes and edges, built with pyvis, at the positions of viz/layout.py."""
    from pyvis.network import Network

    from exograph.viz.layout import COLUMNS, FOLDED_COLUMNS, column_positions

    page = Network(cdn_resources="in_line")
    positions = column_positions(net)
    folded = bool(net.graph.get("folded"))
    columns = FOLDED_COLUMNS if folded else COLUMNS
    for node, data in net.nodes(data=True):
        x, y = positions[node]
        page.add_node(node, x=x, y=y, **_node(node, data, columns[data["kind"]]))
    for a, b, data in net.edges(data=True):
        if data.get("kind") == "review":
            page.add_edge(a, b, value=1, title=_edge_title(net, a, b, data), dashes=True, kind="review")
        elif folded:
            source, other, edge = _folded_edge(net, a, b, data)
            page.add_edge(source, other, **edge)
        else:
            page.add_edge(a, b, value=data["weight"], title=_edge_title(net, a, b, data))
    nodes, edges, *_ = page.get_network_data()
    return nodes, edges


def options() -> dict[str, Any]:
    """The positions are computed (viz/layout.py), so physics stays off and the page never moves by
    itself; the page's own script handles the keyboard."""
    return {
        "layout": {"improvedLayout": False},
        "physics": {"enabled": False},
        "nodes": {"scaling": {"min": 7, "max": 17}, "borderWidth": 1.5,
                  "font": {"face": "DejaVu Sans, Helvetica Neue, Arial, sans-serif", "color": "#212529"}},
        "edges": {"color": {"color": "#adb5bd", "highlight": "#343a40", "hover": "#495057", "inherit": False},
                  "scaling": {"min": 1, "max": 7}, "smooth": False, "selectionWidth": 1.5},
        "interaction": {"hover": True, "tooltipDelay": 120, "multiselect": True, "hideEdgesOnDrag": False},
    }


# ---- the static parts -----------------------------------------------------------------------------


def kind_counts(drawn: nx.Graph, shown: set[str]) -> dict[str, int]:
    """Nodes per kind on the page; studies counted whether drawn as nodes or folded into edges."""
    kinds = [data["kind"] for _, data in drawn.nodes(data=True)]
    return {kind: len(shown) if kind == "study" else kinds.count(kind) for kind in STYLE}


def legend(counts: dict[str, int]) -> list[dict[str, Any]]:
    return [{"name": PLURALS[kind], "colour": colour, "glyph": glyph, "count": counts[kind]}
            for kind, (colour, _, glyph) in STYLE.items() if counts[kind] or kind != "review"]


def _gap_cell(gaps: GapMap, row: str, column: str) -> dict[str, Any] | None:
    from exograph.analysis.figures import ROB_CODES
    from exograph.formatting import plural

    cell = gaps.cell(row, column)
    if not cell.studies:
        return None
    n = len(cell.studies)
    text = [plural(n, "studies"), f"{cell.patients} pt" + ("" if cell.patients == 1 else "s")]
    title = (f"{gaps.row_labels[row]} × {gaps.column_labels[column]}: {plural(n, 'studies')}, "
             f"{plural(cell.patients, 'patients')}; best evidence: Level {cell.levels_text}"
             + (" (the review states conflicting levels)" if cell.conflict else "")
             + f", risk of bias {cell.risk_of_bias or 'not assessed'} — {cell.best}")
    if cell.certainty:
        title += f"; computed certainty (by rule): {cell.certainty}"
    if cell.quality is not None:
        title += f"; median EV product reporting: {cell.quality:.0%} of MISEV items"
    return {"text": text, "title": title, "level": cell.level or "none", "rob": cell.risk_of_bias,
            "rob_code": ROB_CODES.get(cell.risk_of_bias or "", ""), "conflict": cell.conflict,
            "levels": f"{cell.level}≠{cell.certain_level}" if cell.conflict else "",
            "certainty": SYMBOLS.get(cell.certainty or "", ""),
            "quality": f"EV {cell.quality:.0%}" if cell.quality is not None else ""}


def gap_table(gaps: GapMap, caption: str) -> dict[str, Any]:
    """The gap map as a table; with more columns than rows it is turned, so it fits the page (outcomes
    down the side, sources across)."""
    turned = len(gaps.columns) > len(gaps.rows)
    outer, inner = (gaps.columns, gaps.rows) if turned else (gaps.rows, gaps.columns)
    outer_labels, inner_labels = (gaps.column_labels, gaps.row_labels) if turned else (gaps.row_labels, gaps.column_labels)
    rows = [{"label": outer_labels[a],
             "cells": [_gap_cell(gaps, b, a) if turned else _gap_cell(gaps, a, b) for b in inner]} for a in outer]
    if turned:
        first, second = caption.split(" × ")
        caption = f"{second.capitalize()} × {first.lower()}"
    columns = [{"label": textwrap.shorten(inner_labels[c], HEADER_CHARS, placeholder="…"), "title": inner_labels[c]}
               for c in inner]
    return {"kind": gaps.column_kind, "caption": caption, "rows": rows, "columns": columns,
            "corner": gaps.column_kind if turned else "source"}


def appraisal_sections(evidence: Evidence) -> dict[str, Any]:
    """The summary of findings, the EV product quality table and the pooled estimates (or why none)."""
    appraisal = evidence.appraisal
    if appraisal is None:
        return {"findings": [], "quality_rows": [], "poolings": [], "verdicts": {}}
    quality_rows = []
    for study in sorted(evidence.studies.values(), key=lambda s: s.label):
        quality = appraisal.quality.get(study.iri)
        if quality is not None:
            quality_rows.append({"study": study.label, "score": f"{quality.score:.0%}", "summary": quality.summary,
                                 "missing": "; ".join(quality.missing) or "none",
                                 "rob": study.overall_risk_of_bias or "not assessed"})
    poolings = [{"title": f"{p.finding.outcome} · {p.finding.source} · {p.finding.indication} "
                          f"({p.comparison}, {unit(p.unit) or p.unit})",
                 "text": (f"{p.effect:.3g} ({p.interval}; τ² = {p.tau2:.3g}; I² = {p.i2:.0%})"
                          if p.effect is not None else f"not pooled: {p.reason}")} for p in appraisal.poolings]
    findings = [replace(f, effect=units_in_text(f.effect)) for f in appraisal.findings]
    return {"findings": findings, "quality_rows": quality_rows, "poolings": poolings,
            "verdicts": appraisal.verdicts}


def subtitle(evidence: Evidence, counts: dict[str, int]) -> str:
    text = ", ".join(counted(counts[kind], kind) for kind in STYLE if counts[kind] or kind != "review")
    # a synthetic or pooled set may cite hundreds of reviews: name a few, count the rest
    reviews = "; ".join(evidence.reviews) if len(evidence.reviews) <= SUBTITLE_REVIEWS else f"{len(evidence.reviews)} reviews"
    return f"{text}" + (f", from {reviews}" if reviews else "")


DOCUMENT_KINDS = {"systematic-review": "systematic review", "journal-article": "journal article",
                  "preprint": "preprint", "conference-abstract": "conference abstract",
                  "registry-record": "trial registry record", "curator-notes": "curators' notes"}


def documents_table(evidence: Evidence) -> list[dict[str, Any]]:
    """Each source document with its identifiers (a link where one is well-formed) and the records that
    quote it."""
    from exograph.viz.identifiers import RESOLVERS, identifier_fact

    return [{"label": d.label, "kind": DOCUMENT_KINDS.get(d.kind, d.kind),
             "identifiers": [identifier_fact(kind, d.identifiers[kind]) for kind in RESOLVERS if kind in d.identifiers],
             "cited_by": d.cited_by} for d in evidence.documents]


def page_data(evidence: Evidence, net: nx.Graph, drawn: nx.Graph, shown: set[str]) -> dict[str, Any]:
    """What the page's script reads: cards of the drawn nodes, the filters, how many studies the page
    shows and, when folded, each study's key facts for the drill-down lists."""
    folded = bool(drawn.graph.get("folded"))
    from exograph.viz.identifiers import resolvers

    data = {"cards": cards(evidence, drawn, FOLDED_CARD_ITEMS if folded else None), "resolvers": resolvers(),
            "facets": facets(evidence, net, shown), "total": len(shown), "folded": folded}
    if folded:
        data["studies"] = study_facts(net, shown)
    return data


# ---- the page -------------------------------------------------------------------------------------


def _vis_library() -> tuple[str, str]:
    import pyvis

    lib = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
    return (lib / "vis-network.min.js").read_text(encoding="utf-8"), (lib / "vis-network.css").read_text(encoding="utf-8")


def _csp(scripts: list[str]) -> str:
    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(s.encode('utf-8')).digest()).decode()}'"
                      for s in scripts)
    return f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; img-src data:"


def render_page(evidence: Evidence, net: nx.Graph, density_png: bytes | None = None,
                drawn: nx.Graph | None = None, pooled_png: bytes | None = None) -> str:
    """The page for the evidence network `net`, drawing `drawn` (default: `net` itself; else what
    analysis.fold.page_network gives: folded and/or a neighbourhood)."""
    from jinja2 import Environment
    from markupsafe import Markup

    from exograph.analysis.figures import LEVEL_COLOURS
    from exograph.viz.assets import CSS, SCRIPT
    from exograph.viz.template import PAGE

    drawn = net if drawn is None else drawn
    shown = shown_studies(drawn)
    counts = kind_counts(drawn, shown)
    nodes, edges = vis_data(drawn)
    vis_js, vis_css = _vis_library()
    draw_js = (f"var nodes = new vis.DataSet({script_json(nodes)});\n"
               f"var edges = new vis.DataSet({script_json(edges)});\n"
               f"var network = new vis.Network(document.getElementById('mynetwork'), "
               f"{{nodes: nodes, edges: edges}}, {script_json(options())});")
    data = page_data(evidence, net, drawn, shown)
    # One script: the page's handlers must attach in the same task that creates the network, before
    # stabilisation (run in timer batches) can finish.
    page_js = draw_js + "\n" + SCRIPT
    scripts = [vis_js, page_js]
    return Environment(autoescape=True).from_string(PAGE).render(
        title=TITLE, subtitle=subtitle(evidence, counts), csp=_csp(scripts),
        vis_js=Markup(vis_js), vis_css=Markup(vis_css), css=Markup(CSS + palette_css()), page_js=Markup(page_js),
        data_json=Markup(script_json(data)), facets=data["facets"], legend=legend(counts),
        conflicts=sum(1 for _, d in drawn.nodes(data=True) if d.get("conflict")), reviews=counts["review"],
        folded=data["folded"], budget=drawn.graph.get("budget"), links=drawn.number_of_edges(),
        gap_tables=[gap_table(gap_map(evidence, "indication"), "Exosome sources × indications"),
                    gap_table(gap_map(evidence, "outcome"), "Exosome sources × outcomes")],
        rob_codes=_rob_key(), omissions=[o.text for o in not_plotted(evidence)],
        level_colours=[(lvl, LEVEL_COLOURS[lvl]) for lvl in LEVELS],
        computed_by=COMPUTED_BY_RULE, pooled_png=_png(pooled_png), documents=documents_table(evidence),
        **appraisal_sections(evidence), **_density(density_png))


def palette_css() -> str:
    """The gap map's colours, from the palettes the plots use: evidence levels on the cells, risk of bias
    on the badges, each with the text colour that contrasts more (WCAG 2)."""
    from exograph.analysis.figures import LEVEL_COLOURS, NO_LEVEL, ROB_COLOURS, text_colour

    rules = [f"td.level-{level} {{ background: {colour}; color: {text_colour(colour)}; }}"
             for level, colour in [*LEVEL_COLOURS.items(), ("none", NO_LEVEL)]]
    rules += [f".rob-{judgement} {{ background: {colour}; color: {text_colour(colour)}; }}"
              for judgement, colour in ROB_COLOURS.items()]
    return "\n".join(rules) + "\n"


def _rob_key() -> list[tuple[str, str]]:
    from exograph.analysis.figures import ROB_CODES

    return [(judgement, ROB_CODES[judgement]) for judgement in ROB_SHOWN]


def _density(png: bytes | None) -> dict[str, str]:
    """The density plot inlined as a data: URL, or, when too large to inline, a note saying so."""
    if png and len(png) > DENSITY_INLINE_LIMIT:
        return {"density_png": "", "density_note": f"The forest plot ({len(png) / 1e6:.1f} MB, one row per study) "
                                                   "is too large to inline: exograph viz writes it as "
                                                   "density-forest.png (in build/, or --figures DIR)."}
    return {"density_png": _png(png), "density_note": ""}


def _png(png: bytes | None) -> str:
    return f"data:image/png;base64,{base64.b64encode(png).decode()}" if png else ""


def write_page(evidence: Evidence, net: nx.Graph, out: Path, density_png: bytes | None = None,
               drawn: nx.Graph | None = None, pooled_png: bytes | None = None) -> Path:
    return write_output(out, render_page(evidence, net, density_png, drawn, pooled_png).encode("utf-8"))

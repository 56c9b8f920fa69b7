"""exograph viz [--out FILE] [--figures DIR] [--node-budget N | --no-fold] [--focus NODE ...]: the
interactive source → outcome page, the evidence gap map, the hair-density forest plot and, where studies
could be pooled, the forest plot of the pooled estimates (PNG + SVG).
Above the node budget the page folds its studies into weighted source → outcome links."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from exograph.analysis.fold import PAGE_NODE_BUDGET
from exograph.commands._common import at_least, project

if TYPE_CHECKING:
    import networkx as nx

PAGE = "exograph.html"
GAP_MAP = "gap-map"
DENSITY = "density-forest"
POOLED = "pooled-forest"
FINDINGS = "summary-of-findings.csv"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, help=f"where to write the page (default: build/{PAGE})")
    parser.add_argument("--figures", type=Path, metavar="DIR",
                        help=f"where to write {GAP_MAP}.png/.svg and {DENSITY}.png/.svg (default: build/)")
    parser.add_argument("--node-budget", type=at_least(1), default=PAGE_NODE_BUDGET, metavar="N",
                        help=f"above N nodes, fold the studies into source → outcome links (default: {PAGE_NODE_BUDGET})")
    parser.add_argument("--no-fold", action="store_true", help="draw every study, however many nodes")
    parser.add_argument("--focus", action="append", default=[], metavar="NODE",
                        help="draw only the studies linked to NODE (a node id, or a label or part of one), "
                             "study by study; repeat to keep the studies linked to all of them")


def run(args: argparse.Namespace) -> int:
    from exograph.analysis.density import write_density_forest
    from exograph.analysis.evidence import load_evidence
    from exograph.analysis.fold import find_nodes, page_network
    from exograph.analysis.forest import write_pooled_forest
    from exograph.analysis.gapmap import write_gap_map
    from exograph.analysis.network import network_from_evidence
    from exograph.outputs import check_output, check_output_folder
    from exograph.store.graph import built_graph
    from exograph.progress import progress
    from exograph.viz.page import write_page

    paths = project(args)
    graph = built_graph(paths)  # a missing or stale build is an error before anything is written
    out = args.out or paths.build / PAGE
    check_output(out)
    figures = check_output_folder(getattr(args, "figures", None) or paths.build)
    evidence = load_evidence(graph)
    net = network_from_evidence(evidence)
    focus = find_nodes(net, getattr(args, "focus", []))
    budget = None if getattr(args, "no_fold", False) else getattr(args, "node_budget", PAGE_NODE_BUDGET)
    drawn = page_network(net, budget, focus)
    written = write_gap_map(evidence, figures / GAP_MAP) + write_density_forest(evidence, figures / DENSITY)
    pooled = write_pooled_forest(evidence.appraisal, figures / POOLED)
    written += pooled + [write_findings_csv(evidence.appraisal, figures / FINDINGS)]
    density_png = (figures / f"{DENSITY}.png").read_bytes()
    pooled_png = (figures / f"{POOLED}.png").read_bytes() if pooled else None
    write_page(evidence, net, out, density_png, drawn, pooled_png)
    for path in [out, *written]:
        progress(f"wrote {path}")
    for line in fold_report(net, drawn, focus):
        progress(line)
    return 0


def write_findings_csv(appraisal, path: Path) -> Path:  # noqa: ANN001 - an analysis.appraisal.Appraisal
    """The summary-of-findings table as CSV (the rows `exograph query summary-of-findings` gives)."""
    import csv
    import io

    from exograph.outputs import write_text_output

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["outcome", "source", "indication", "studies", "patients", "effect_as_reported", "certainty",
                     "reasons", "computed_by"])
    for f in appraisal.findings:
        writer.writerow([f.outcome, f.source, f.indication, f.studies, f.patients, f.effect, f.certainty, f.reasons,
                         f.computed_by])
    return write_text_output(path, out.getvalue())


def fold_report(net: nx.Graph, drawn: nx.Graph, focus: list[str]) -> list[str]:
    """What a reader should know when the page does not draw every study one by one."""
    lines = []
    if focus:
        lines.append(f"drew the {drawn.number_of_nodes()} nodes around {' + '.join(focus)} "
                     f"(of {net.number_of_nodes()})")
    if drawn.graph.get("folded"):
        lines += [f"folded the page: {drawn.graph['studies']} studies over the {drawn.graph['budget']}-node "
                  f"budget became {drawn.number_of_edges()} links between {drawn.number_of_nodes()} nodes",
                  f"click a link on the page to list its studies; drill down with {_focus_hint(drawn)} "
                  "(repeat --focus to narrow), or draw every study with --node-budget N or --no-fold"]
    return lines


def _focus_hint(drawn: nx.Graph) -> str:
    """An example drill-down: the source with the most studies."""
    sources = [n for n, d in drawn.nodes(data=True) if d["kind"] == "source"]
    if not sources:
        return "`exograph viz --focus NODE`"
    top = max(sources, key=lambda n: (drawn.degree(n, weight="weight"), n))
    return f"`exograph viz --focus {top}` ({drawn.nodes[top]['label']})"

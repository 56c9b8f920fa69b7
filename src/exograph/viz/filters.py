"""The page's filters: for each facet (indication, source, evidence level, outcome) its options and the
studies each option keeps. Options are shown by label and chosen by index, never by text.

Facets come from the full evidence network, so they work on a folded page too (its studies are not
nodes but lists on the folded edges); they offer only the studies the page shows."""

from __future__ import annotations

from typing import Any

import networkx as nx

from exograph.analysis.evidence import LEVELS, Evidence

FACETS = (("indication", "Indication"), ("source", "Exosome source"), ("level", "Evidence level"),
          ("outcome", "Outcome"))


def study_nodes(net: nx.Graph) -> dict[str, str]:
    """Study record id → node id."""
    return {data["key"]: node for node, data in net.nodes(data=True) if data["kind"] == "study"}


def shown_studies(drawn: nx.Graph) -> set[str]:
    """The study node ids a page shows: drawn as nodes, or folded into its edges."""
    shown = {node for node, data in drawn.nodes(data=True) if data["kind"] == "study"}
    for _, _, data in drawn.edges(data=True):
        shown.update(data.get("studies") or ())
    return shown


def _levels(evidence: Evidence, nodes: dict[str, str]) -> list[dict[str, Any]]:
    options = []
    for level in LEVELS:
        ids = sorted(nodes[s.id] for s in evidence.studies.values()
                     if s.id in nodes and level in {lvl for lvl, _ in s.levels})
        if ids:
            options.append({"label": f"Level {level}", "studies": ids})
    return options


def _review_nodes(evidence: Evidence, net: nx.Graph, name: str) -> dict[str, list[str]]:
    """Indication or outcome key → the review nodes whose own results name it (a review-level layer
    answers the indication and outcome filters as a study would)."""
    nodes = {data["key"]: node for node, data in net.nodes(data=True) if data["kind"] == "review"}
    found: dict[str, list[str]] = {}
    for review in evidence.review_layer:
        for result in review.results:
            key = getattr(result, name, "")
            if key and review.id in nodes and nodes[review.id] not in found.setdefault(key, []):
                found[key].append(nodes[review.id])
    return found


def facets(evidence: Evidence, net: nx.Graph, shown: set[str] | None = None) -> list[dict[str, Any]]:
    """[{name, title, options: [{label, studies: [node ids]}]}] in the order the page shows them; `net`
    is the full network, `shown` the study nodes the page shows (default: all). Options that would keep
    no shown study are left out. Review nodes count as studies for the indications and outcomes their own
    results name."""
    nodes = {key: node for key, node in study_nodes(net).items() if shown is None or node in shown}
    found = []
    for name, title in FACETS:
        if name == "level":
            options = _levels(evidence, nodes)
        else:
            reviews = _review_nodes(evidence, net, name) if name in ("indication", "outcome") else {}
            keys = sorted(set(evidence.keys(name)) | set(reviews), key=lambda k: (evidence.label(name, k).lower(), k))
            options = [{"label": evidence.label(name, key),
                        "studies": sorted(nodes[s] for s in evidence.studies_of(name, key) if s in nodes)
                        + reviews.get(key, [])}
                       for key in keys]
        options = [option for option in options if option["studies"]]
        for option in options:
            option["count"] = len(option["studies"])
        found.append({"name": name, "title": title, "options": options})
    return found

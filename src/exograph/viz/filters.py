"""The page's filters: for each facet (indication, source, evidence level, outcome) its options and the
studies each option keeps. Options are shown by label and chosen by index, never by text."""

from __future__ import annotations

from typing import Any

import networkx as nx

from exograph.analysis.evidence import LEVELS, Evidence

FACETS = (("indication", "Indication"), ("source", "Exosome source"), ("level", "Evidence level"),
          ("outcome", "Outcome"))


def study_nodes(net: nx.Graph) -> dict[str, str]:
    """Study record id → node id."""
    return {data["key"]: node for node, data in net.nodes(data=True) if data["kind"] == "study"}


def _levels(evidence: Evidence, nodes: dict[str, str]) -> list[dict[str, Any]]:
    options = []
    for level in LEVELS:
        ids = sorted(nodes[s.id] for s in evidence.studies.values() if level in {lvl for lvl, _ in s.levels})
        if ids:
            options.append({"label": f"Level {level}", "studies": ids})
    return options


def facets(evidence: Evidence, net: nx.Graph) -> list[dict[str, Any]]:
    """[{name, title, options: [{label, studies: [node ids]}]}] in the order the page shows them."""
    nodes = study_nodes(net)
    found = []
    for name, title in FACETS:
        if name == "level":
            options = _levels(evidence, nodes)
        else:
            options = [{"label": evidence.label(name, key),
                        "studies": sorted(nodes[s] for s in evidence.studies_of(name, key))}
                       for key in evidence.keys(name)]
        for option in options:
            option["count"] = len(option["studies"])
        found.append({"name": name, "title": title, "options": options})
    return found

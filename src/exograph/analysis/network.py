"""The evidence network: exosome sources, studies, indications, outcomes and adverse events as one
networkx graph. Every link runs through a study; edges weigh the study's patients."""

from __future__ import annotations

import re

import networkx as nx
from rdflib import Graph

from exograph.analysis.evidence import KINDS, Evidence, load_evidence

__all__ = ["KINDS", "evidence_network", "network_from_evidence", "node_id"]

_UNSAFE = re.compile(r"[^a-z0-9]+")


def node_id(kind: str, key: str) -> str:
    """A plain node id (`outcome:hairdensity`): lower-case letters, digits and dashes after the kind,
    so no text from the data can ever reach the page as markup through an id."""
    tail = re.split(r"[#/]", key.rstrip("/#"))[-1] if kind != "source" else key
    return f"{kind}:{_UNSAFE.sub('-', tail.lower()).strip('-') or 'x'}"


def evidence_network(graph: Graph) -> nx.Graph:
    """The network of the built RDF graph."""
    return network_from_evidence(load_evidence(graph))


def network_from_evidence(evidence: Evidence) -> nx.Graph:
    net = nx.Graph()
    ids = _unique_ids(evidence)
    for study in evidence.studies.values():
        net.add_node(ids["study", study.id], kind="study", key=study.id, label=study.label,
                     patients=study.patients or 0, studies=1, level=study.best_level or "",
                     risk_of_bias=study.overall_risk_of_bias or "")
    for mention in evidence.mentions:
        study = ids["study", mention.study]
        other = ids[mention.kind, mention.key]
        if other not in net:
            net.add_node(other, kind=mention.kind, key=mention.key, label=evidence.label(mention.kind, mention.key))
        net.add_edge(study, other, weight=max(net.nodes[study]["patients"], 1))
    for node, data in net.nodes(data=True):
        if data["kind"] != "study":
            studies = [net.nodes[s] for s in net.neighbors(node)]
            data["studies"] = len(studies)
            data["patients"] = sum(s["patients"] for s in studies)
    return net


def _unique_ids(evidence: Evidence) -> dict[tuple[str, str], str]:
    """kind + key → plain id, with a numeric suffix where two keys would share one."""
    targets = [("study", s) for s in evidence.studies]
    targets += sorted({(m.kind, m.key) for m in evidence.mentions})
    ids: dict[tuple[str, str], str] = {}
    used: set[str] = set()
    for kind, key in targets:
        candidate, suffix = node_id(kind, key), 2
        while candidate in used:
            candidate, suffix = f"{node_id(kind, key)}-{suffix}", suffix + 1
        used.add(candidate)
        ids[kind, key] = candidate
    return ids

"""The evidence network: exosome sources, studies, indications, outcomes and adverse events as one
networkx graph. Every link runs through a study; edges weigh the study's patients, except a study's
link to an adverse event, which weighs the patients the event affected where the source says (a sample
size is never read as patients affected).

Reviews that state results of their own, without per-study records, add a review-level layer: a review
node linked to the indications and outcomes of its comparisons and findings (edges of kind "review")."""

from __future__ import annotations

import re

import networkx as nx
from rdflib import Graph

from exograph.analysis.adverse import Conflict, affected, conflicts
from exograph.analysis.evidence import KINDS, Evidence, load_evidence

__all__ = ["KINDS", "evidence_network", "network_from_evidence", "node_id"]

_UNSAFE = re.compile(r"[^a-z0-9]+")


def node_id(kind: str, key: str) -> str:
    """A plain node id (`outcome:hairdensity`): lower-case letters, digits and dashes after the kind,
    so no text from the data can ever reach the page as markup through an id."""
    tail = re.split(r"[#/]", key.rstrip("/#"))[-1] if kind not in ("source", "review") else key
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
    affected_by = _affected(evidence)
    for mention in evidence.mentions:
        study = ids["study", mention.study]
        other = ids[mention.kind, mention.key]
        if other not in net:
            net.add_node(other, kind=mention.kind, key=mention.key, label=evidence.label(mention.kind, mention.key))
        if mention.kind == "adverse_event":
            weight = affected_by.get((mention.study, mention.key), 0)
        else:
            weight = net.nodes[study]["patients"]
        net.add_edge(study, other, weight=max(weight, 1))
    _summarise(net, affected_by, ids)
    _mark_conflicts(net, conflicts(evidence.adverse), ids)
    _add_review_layer(net, evidence, ids)
    return net


def _affected(evidence: Evidence) -> dict[tuple[str, str], float]:
    """(study, adverse-event key) → patients affected, where the source gives a count or a percentage
    (the largest of a study's statements of one event)."""
    found: dict[tuple[str, str], float] = {}
    for report in evidence.adverse:
        figure = affected(report, evidence.studies[report.study].patients)
        if figure is not None:
            key = (report.study, report.node_key)
            found[key] = max(found.get(key, 0), figure.patients)
    return found


def _summarise(net: nx.Graph, affected_by: dict[tuple[str, str], float], ids: dict[tuple[str, str], str]) -> None:
    """Studies and patients behind every node: for an adverse event, the patients it affected."""
    study_of = {node: key for (kind, key), node in ids.items() if kind == "study"}
    for node, data in net.nodes(data=True):
        if data["kind"] == "study":
            continue
        studies = [s for s in net.neighbors(node) if net.nodes[s]["kind"] == "study"]
        data["studies"] = len(studies)
        if data["kind"] == "adverse_event":
            figures = [affected_by[study_of[s], data["key"]] for s in studies if (study_of[s], data["key"]) in affected_by]
            data["patients"] = round(sum(figures))
            data["affected_known"] = len(figures)
        else:
            data["patients"] = sum(net.nodes[s]["patients"] for s in studies)


def _mark_conflicts(net: nx.Graph, found: list[Conflict], ids: dict[tuple[str, str], str]) -> None:
    for conflict in found:
        for node in (ids["study", conflict.study], ids["adverse_event", conflict.none.node_key],
                     ids["adverse_event", conflict.event.node_key]):
            net.nodes[node]["conflict"] = True


def _add_review_layer(net: nx.Graph, evidence: Evidence, ids: dict[tuple[str, str], str]) -> None:
    for review in evidence.review_layer:
        node = ids["review", review.id]
        net.add_node(node, kind="review", key=review.id, label=review.label, patients=review.participants or 0,
                     studies=review.studies or 0)
        for result in review.results:
            for kind, key in (("outcome", result.outcome), ("indication", result.indication)):
                if not key:
                    continue
                target = ids[kind, key]
                if target not in net:
                    net.add_node(target, kind=kind, key=key, label=evidence.label(kind, key), patients=0, studies=0)
                net.add_edge(node, target, weight=1, kind="review")


def _unique_ids(evidence: Evidence) -> dict[tuple[str, str], str]:
    """kind + key → plain id, with a numeric suffix where two keys would share one."""
    targets = [("study", s) for s in evidence.studies]
    targets += sorted({(m.kind, m.key) for m in evidence.mentions})
    targets += [("review", r.id) for r in evidence.review_layer]
    targets += sorted({(kind, key) for r in evidence.review_layer for result in r.results
                       for kind, key in (("outcome", result.outcome), ("indication", result.indication)) if key})
    ids: dict[tuple[str, str], str] = {}
    used: set[str] = set()
    for kind, key in targets:
        if (kind, key) in ids:
            continue
        candidate, suffix = node_id(kind, key), 2
        while candidate in used:
            candidate, suffix = f"{node_id(kind, key)}-{suffix}", suffix + 1
        used.add(candidate)
        ids[kind, key] = candidate
    return ids

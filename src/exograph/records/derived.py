"""Claims computed from the per-study facts (totals, counts by design, ranges), so the graph can set
them beside what a review states. Filled in by compute_claims; see docs/curation.md."""

from __future__ import annotations

from rdflib import Graph


def derived_claims(data: Graph) -> Graph:
    return Graph()

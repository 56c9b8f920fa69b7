"""Analytics of the built graph: the evidence as Python objects (evidence), the networkx network and
its source–outcome projection (network, metrics, summary), the evidence gap map (gapmap), the
hair-density forest plot (density), a per-source comparison (compare). Plots use matplotlib, imported
only when a plot is drawn (figures)."""

from exograph.analysis.evidence import Evidence, load_evidence
from exograph.analysis.metrics import centrality, components, source_outcome_projection
from exograph.analysis.network import evidence_network, network_from_evidence

__all__ = ["Evidence", "load_evidence", "evidence_network", "network_from_evidence", "source_outcome_projection",
           "centrality", "components"]

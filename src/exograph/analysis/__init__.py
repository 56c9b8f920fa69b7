"""networkx views of the evidence graph: who connects to what, weighted by patients."""

"""Saved SPARQL queries: the catalog of queries/, typed parameter binding, and the backends
(the embedded rdflib graph, an Oxigraph store, any SPARQL 1.1 endpoint) behind one interface."""

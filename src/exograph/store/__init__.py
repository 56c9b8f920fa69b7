"""The built graph as a store: the published Oxigraph store in build/ (published.py), opened read-only
by every reading command; an rdflib view of it (graph.py); a local SPARQL server over it (server.py);
and pushing it into any SPARQL store (push.py)."""

from exograph.store.push import GRAPH_IRI, PushResult, graph_store_url, graph_url, push_ntriples
from exograph.store.server import OxigraphServer, free_port, load_store, oxigraph_command

__all__ = ["GRAPH_IRI", "OxigraphServer", "PushResult", "free_port", "graph_store_url", "graph_url", "load_store",
           "oxigraph_command", "push_ntriples"]

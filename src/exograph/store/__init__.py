"""The built graph as a store: the published Oxigraph store in build/ (published.py), opened read-only
by every reading command; an rdflib view of it (graph.py); a local SPARQL server over it (server.py)
behind exograph's offline query page (front.py); and pushing it into any SPARQL store (push.py)."""

from exograph.store.push import GRAPH_IRI, PROFILES, PushResult, graph_store_url, graph_url, push_ntriples, query_url
from exograph.store.server import OxigraphServer, free_port, load_store, oxigraph_command

__all__ = ["GRAPH_IRI", "OxigraphServer", "PROFILES", "PushResult", "free_port", "graph_store_url", "graph_url", "load_store",
           "oxigraph_command", "push_ntriples", "query_url"]

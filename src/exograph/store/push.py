"""Push the built graph into any SPARQL store through the SPARQL 1.1 Graph Store Protocol.

Push replaces one named graph (HTTP PUT to <store>?graph=IRI), so pushing twice leaves one copy and
nothing else in the store is touched. A store answers queries over its *default* graph; Oxigraph's
``serve --union-default-graph`` makes the default graph the union of all graphs, so the saved queries
run unchanged on pushed data. On other stores, either enable their union default graph or pass the
graph to ``exograph query --endpoint URL --graph IRI`` (sent as the protocol's ``default-graph-uri``).
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass

from exograph.errors import EndpointError
from exograph.httpclient import request
from exograph.vocab import EXD

# The named graph exograph pushes to unless told otherwise.
GRAPH_IRI = str(EXD["graph"])
NTRIPLES = "application/n-triples"
PUSH_ANSWER_BYTES = 1024 * 1024  # a store answers a PUT with a status and a few words


# ---- Graph Store Protocol ------------------------------------------------------------------


def graph_store_url(endpoint: str) -> str:
    """The Graph Store Protocol URL for an endpoint given as a server base (``http://host:7878``),
    Oxigraph's query URL (``.../query``) or the store itself (``.../store``, ``/ds/data``)."""
    parts = urllib.parse.urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise EndpointError(f"expected an http(s) URL for the store, got {endpoint!r}")
    path = parts.path.rstrip("/")
    if path == "":
        path = "/store"
    elif path.endswith("/query"):
        path = path[: -len("/query")] + "/store"  # Oxigraph serves /query and /store side by side
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def graph_url(store: str, graph: str) -> str:
    return f"{store}?{urllib.parse.urlencode({'graph': graph})}"


@dataclass(frozen=True)
class PushResult:
    url: str
    graph: str
    triples: int
    status: int


def push_ntriples(ntriples: bytes, endpoint: str, graph: str = GRAPH_IRI, *, timeout: float = 60.0,
                  retries: int = 3, backoff: float = 0.5) -> PushResult:
    """PUT the triples as the whole content of `graph`: the store's previous copy is replaced. A PUT is
    idempotent, so transient failures are retried, all within one deadline of `timeout` seconds."""
    target = graph_url(graph_store_url(endpoint), graph)
    answer = request("PUT", target, body=ntriples, headers={"Content-Type": NTRIPLES}, timeout=timeout,
                     retries=retries, backoff=backoff, max_bytes=PUSH_ANSWER_BYTES)
    if not 200 <= answer.status < 300:
        detail = answer.first_line()
        raise EndpointError(f"{target} answered HTTP {answer.status}" + (f": {detail}" if detail else ""))
    return PushResult(target, graph, ntriples.count(b"\n"), answer.status)

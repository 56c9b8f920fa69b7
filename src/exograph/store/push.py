"""Push the built graph into any SPARQL store through the SPARQL 1.1 Graph Store Protocol.

Push replaces one named graph (HTTP PUT to <graph store>?graph=IRI), so pushing twice leaves one copy
and nothing else in the store is touched. Stores put the Graph Store service at different paths: a
store profile knows where (Oxigraph: /store beside /query; Virtuoso: /sparql-graph-crud-auth beside
/sparql, behind HTTP Digest authentication), and `--gsp URL` names it outright for any other store.
`exograph query --endpoint` queries the pushed graph by default (sent as the protocol's
default-graph-uri), so the saved queries run unchanged on pushed data.
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass

from exograph.errors import EndpointError
from exograph.httpclient import Credentials, request
from exograph.vocab import EXD

# The named graph exograph pushes to, and queries on an endpoint, unless told otherwise.
GRAPH_IRI = str(EXD["graph"])
# The charset travels with the data: without it a store may read the UTF-8 bytes as another encoding.
NTRIPLES = "application/n-triples; charset=utf-8"
PUSH_ANSWER_BYTES = 1024 * 1024  # a store answers a PUT with a status and a few words


@dataclass(frozen=True)
class StoreProfile:
    """Where a kind of store serves SPARQL queries and the Graph Store Protocol, as paths of its server."""

    name: str
    query: str
    graph_store: str


PROFILES = {
    "oxigraph": StoreProfile("oxigraph", "/query", "/store"),
    "virtuoso": StoreProfile("virtuoso", "/sparql", "/sparql-graph-crud-auth"),
}


# ---- Graph Store Protocol ------------------------------------------------------------------


def _http_parts(url: str, what: str) -> urllib.parse.SplitResult:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise EndpointError(f"expected an http(s) URL for the {what}, got {url!r}")
    return parts


def graph_store_url(endpoint: str, profile: str = "oxigraph") -> str:
    """The Graph Store Protocol URL for an endpoint given as a server base (``http://host:7878``), the
    store's query URL (Oxigraph's ``.../query``, Virtuoso's ``.../sparql``) or the Graph Store service
    itself (``.../store``, Fuseki's ``/ds/data``)."""
    store = PROFILES[profile]
    parts = _http_parts(endpoint, "store")
    path = parts.path.rstrip("/")
    if path == "":
        path = store.graph_store
    elif path.endswith(store.query):
        path = path[: -len(store.query)] + store.graph_store  # the two services side by side
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def query_url(endpoint: str, profile: str = "oxigraph") -> str:
    """The store's SPARQL query URL, for an endpoint given as a server base or a query URL."""
    store = PROFILES[profile]
    parts = _http_parts(endpoint, "store")
    path = parts.path.rstrip("/")
    if path in ("", store.graph_store):
        path = store.query
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def graph_url(store: str, graph: str) -> str:
    """The Graph Store URL of one graph (`graph=` added to any query the service URL already has)."""
    parts = urllib.parse.urlsplit(store)
    query = urllib.parse.parse_qsl(parts.query, keep_blank_values=True) + [("graph", graph)]
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


@dataclass(frozen=True)
class PushResult:
    url: str
    graph: str
    triples: int
    status: int


def push_ntriples(ntriples: bytes, endpoint: str, graph: str = GRAPH_IRI, *, timeout: float = 60.0,
                  retries: int = 3, backoff: float = 0.5, profile: str = "oxigraph", gsp: str | None = None,
                  credentials: Credentials | None = None) -> PushResult:
    """PUT the triples as the whole content of `graph`: the store's previous copy is replaced. A PUT is
    idempotent, so transient failures are retried, all within one deadline of `timeout` seconds.
    `gsp`, when given, is the Graph Store service's URL; else it is found from `endpoint` and `profile`."""
    service = _http_parts(gsp, "Graph Store service").geturl() if gsp else graph_store_url(endpoint, profile)
    target = graph_url(service, graph)
    answer = request("PUT", target, body=ntriples, headers={"Content-Type": NTRIPLES}, timeout=timeout,
                     retries=retries, backoff=backoff, max_bytes=PUSH_ANSWER_BYTES, credentials=credentials)
    if not 200 <= answer.status < 300:
        detail = answer.first_line()
        hint = ""
        if answer.status == 401:
            hint = (" (the store asks for credentials: pass --user NAME, with the password in EXOGRAPH_PASSWORD)"
                    if credentials is None else " (the store refused the user name or password)")
        raise EndpointError(f"{target} answered HTTP {answer.status}" + (f": {detail}" if detail else "") + hint)
    return PushResult(target, graph, ntriples.count(b"\n"), answer.status)

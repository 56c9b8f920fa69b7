"""Where a query runs: the embedded rdflib graph, an in-process Oxigraph store, or a remote SPARQL 1.1
endpoint. Each returns rows as dicts of plain Python values, so results compare across backends."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

from rdflib import BNode, Graph, Literal, URIRef

from exograph.errors import EndpointError
from exograph.httpclient import DEFAULT_MAX_BYTES, MAX_BACKOFF, Credentials, check_timeout, check_url, request

Row = dict[str, Any]


class Backend(Protocol):
    def select(self, text: str) -> list[Row]: ...


def python_value(term: Any) -> Any:
    """A result term as a plain value: IRIs as strings, numbers as numbers, booleans, strings."""
    if term is None:
        return None
    if isinstance(term, URIRef):
        return str(term)
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, (bool, int, float, Decimal, str)):
            return value
        return str(term)
    return str(term)


def literal_from_parts(lexical: str, datatype: str | None, language: str | None) -> Literal:
    return Literal(lexical, lang=language or None, datatype=URIRef(datatype) if datatype and not language else None)


class RdflibBackend:
    """rdflib's own engine over an in-memory graph (the default for small graphs)."""

    def __init__(self, graph: Graph):
        self.graph = graph

    def select(self, text: str) -> list[Row]:
        result = self.graph.query(text)
        names = [str(v) for v in result.vars or []]
        return [{name: python_value(row[i]) for i, name in enumerate(names)} for row in result]


class OxigraphBackend:
    """An in-process pyoxigraph store: linear loading and fast joins for large graphs."""

    def __init__(self, graph: Graph | None = None, ntriples: bytes | None = None, path: Path | None = None,
                 store: Any = None):
        """Over an open store (the published one, read-only), or loaded from an N-Triples file (`path`,
        streamed: the file is never held in memory whole), N-Triples bytes, or an rdflib graph."""
        import pyoxigraph

        if store is not None:
            self.store = store
            return
        self.store = pyoxigraph.Store()
        if path is not None:
            self.store.bulk_load(path=str(path), format=pyoxigraph.RdfFormat.N_TRIPLES)
            return
        data = ntriples if ntriples is not None else graph.serialize(format="nt", encoding="utf-8")
        self.store.bulk_load(data, pyoxigraph.RdfFormat.N_TRIPLES)

    def select(self, text: str) -> list[Row]:
        solutions = self.store.query(text)
        names = [v.value for v in solutions.variables]
        return [{name: _oxigraph_value(solution[name]) for name in names} for solution in solutions]


XSD = "http://www.w3.org/2001/XMLSchema#"
# Literals converted without building an rdflib Literal (most cells of a large result): the values
# rdflib's toPython gives for these datatypes; anything else, or a lexical form these reject, goes
# through rdflib.
_DIRECT = {XSD + "string": str, XSD + "integer": int, XSD + "decimal": Decimal}


def _oxigraph_value(term: Any) -> Any:
    import pyoxigraph

    if term is None:
        return None
    if isinstance(term, pyoxigraph.NamedNode):
        return term.value
    if isinstance(term, pyoxigraph.BlankNode):
        return f"_:{term.value}"
    datatype = term.datatype.value if term.datatype else None
    convert = _DIRECT.get(datatype) if not term.language else None
    if convert is not None and (convert is str or term.value.strip() == term.value):
        try:
            return convert(term.value)
        except (ValueError, ArithmeticError):
            pass
    return python_value(literal_from_parts(term.value, datatype, term.language))


class EndpointBackend:
    """Any SPARQL 1.1 endpoint: SPARQLWrapper words the protocol request, exograph.httpclient sends it
    within one deadline of `timeout` seconds (retries on transient failures included) and reads at most
    `max_bytes` of the answer. Other HTTP errors and answers that are not SPARQL JSON results fail at
    once with a message naming the endpoint and what came back. `graph` is sent as the protocol's
    default-graph-uri (the named graph `exograph push` wrote, on a store whose default graph is not the
    union of its graphs); without it the store's own default graph is queried."""

    def __init__(self, url: str, timeout: float = 30.0, retries: int = 3, backoff: float = 0.5,
                 graph: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES, max_backoff: float = MAX_BACKOFF,
                 credentials: Credentials | None = None):
        check_url(url)
        self.url, self.timeout, self.retries, self.backoff, self.graph = url, check_timeout(timeout), retries, backoff, graph
        self.max_bytes, self.max_backoff, self.credentials = max_bytes, max_backoff, credentials

    def select(self, text: str) -> list[Row]:
        payload = self.json_results(text)
        try:
            names = payload["head"]["vars"]
            bindings = payload["results"]["bindings"]
            return [{name: _json_value(b.get(name)) for name in names} for b in bindings]
        except (KeyError, TypeError, AttributeError) as error:
            raise EndpointError(f"{self.url} answered JSON that is not a SPARQL SELECT result "
                                f"(missing {error}); is this a SPARQL query endpoint?") from None

    def is_empty(self) -> bool:
        """Whether the queried graph (the named graph, or the store's default graph) holds no triple."""
        return not self.select("SELECT ?s WHERE { ?s ?p ?o } LIMIT 1")

    def named_graphs(self, limit: int = 5) -> list[str]:
        """A few of the store's named graphs that hold triples (asked without default-graph-uri, which
        would leave the dataset no named graphs)."""
        store = EndpointBackend(self.url, self.timeout, self.retries, self.backoff, None, self.max_bytes,
                                self.max_backoff, self.credentials)
        rows = store.select(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} LIMIT {limit}")
        return [str(row["g"]) for row in rows if row.get("g")]

    def _protocol_request(self, text: str) -> Any:
        """The SPARQL protocol request (a form POST with the query and default-graph-uri, JSON results
        asked for), as SPARQLWrapper builds it."""
        from SPARQLWrapper import JSON, POST, SELECT, SPARQLWrapper

        client = SPARQLWrapper(self.url)
        client.setQuery(text)
        # SPARQLWrapper guesses the query type from the text, and a word of a comment ("adds", "loads")
        # can make it send a SELECT as an update; select() sends nothing but SELECT queries.
        client.queryType = SELECT
        client.setMethod(POST)
        client.setReturnFormat(JSON)
        if self.graph:
            client.addParameter("default-graph-uri", self.graph)
        return client._createRequest()  # noqa: SLF001 - the request only; sending it is ours (deadline, cap)

    def json_results(self, text: str) -> dict[str, Any]:
        """The endpoint's SPARQL JSON results object for a query."""
        prepared = self._protocol_request(text)
        answer = request(prepared.get_method(), prepared.full_url, body=prepared.data,
                         headers=dict(prepared.header_items()), timeout=self.timeout, retries=self.retries,
                         backoff=self.backoff, max_backoff=self.max_backoff, max_bytes=self.max_bytes,
                         credentials=self.credentials)
        if answer.status != 200:
            detail = answer.first_line()
            raise EndpointError(f"{self.url} answered HTTP {answer.status}" + (f": {detail}" if detail else ""))
        return self._parse(answer.body)

    def _parse(self, body: bytes) -> dict[str, Any]:
        import json

        try:
            payload = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            shown = body[:80].decode("utf-8", "replace")
            raise EndpointError(f"{self.url} did not answer with SPARQL JSON results; it sent {shown!r}") from None
        if not isinstance(payload, dict):
            raise EndpointError(f"{self.url} answered JSON that is not a SPARQL result object")
        return payload


def _json_value(binding: dict[str, str] | None) -> Any:
    if binding is None:
        return None
    kind = binding.get("type")
    if kind == "uri":
        return binding["value"]
    if kind == "bnode":
        return f"_:{binding['value']}"
    return python_value(literal_from_parts(binding["value"], binding.get("datatype"), binding.get("xml:lang")))

"""Where a query runs: the embedded rdflib graph, an in-process Oxigraph store, or a remote SPARQL 1.1
endpoint. Each returns rows as dicts of plain Python values, so results compare across backends."""

from __future__ import annotations

import ast
import time
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

from rdflib import BNode, Graph, Literal, URIRef

from exograph.errors import EndpointError

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

    def __init__(self, graph: Graph | None = None, ntriples: bytes | None = None, path: Path | None = None):
        """From an N-Triples file (`path`, streamed: the file is never held in memory whole), N-Triples
        bytes, or an rdflib graph."""
        import pyoxigraph

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
    """Any SPARQL 1.1 endpoint through SPARQLWrapper, with a timeout and retries on transient failures
    (connection refused or reset, timeouts, HTTP 429/502/503/504). Other HTTP errors and answers that
    are not SPARQL JSON results fail at once with a message naming the endpoint and what came back.
    `graph` is sent as the protocol's default-graph-uri, for stores whose default graph is not the
    union of their named graphs."""

    TRANSIENT = {429, 502, 503, 504}
    # SPARQLWrapper turns these statuses into its own exception classes; map them back.
    WRAPPER_STATUS = {"QueryBadFormed": 400, "Unauthorized": 401, "EndPointNotFound": 404,
                      "URITooLong": 414, "EndPointInternalError": 500}

    def __init__(self, url: str, timeout: float = 30.0, retries: int = 3, backoff: float = 0.5,
                 graph: str | None = None):
        self.url, self.timeout, self.retries, self.backoff, self.graph = url, timeout, retries, backoff, graph

    def select(self, text: str) -> list[Row]:
        payload = self._request(text)
        try:
            names = payload["head"]["vars"]
            bindings = payload["results"]["bindings"]
            return [{name: _json_value(b.get(name)) for name in names} for b in bindings]
        except (KeyError, TypeError, AttributeError) as error:
            raise EndpointError(f"{self.url} answered JSON that is not a SPARQL SELECT result "
                                f"(missing {error}); is this a SPARQL query endpoint?") from None

    def _client(self, text: str) -> Any:
        from SPARQLWrapper import JSON, POST, SELECT, SPARQLWrapper

        client = SPARQLWrapper(self.url)
        client.setQuery(text)
        # SPARQLWrapper guesses the query type from the text, and a word of a comment ("adds", "loads")
        # can make it send a SELECT as an update; select() sends nothing but SELECT queries.
        client.queryType = SELECT
        client.setMethod(POST)
        client.setReturnFormat(JSON)
        client.timeout = self.timeout  # setTimeout() truncates to whole seconds
        if self.graph:
            client.addParameter("default-graph-uri", self.graph)
        return client

    def _request(self, text: str) -> dict[str, Any]:
        client = self._client(text)
        last = ""
        for attempt in range(1, self.retries + 1):
            try:
                return self._parse(client.query().response.read())
            except EndpointError:
                raise
            except Exception as error:  # noqa: BLE001 - classified below: transient, HTTP status, or a bug
                last = self._classify(error)
            if attempt < self.retries:
                time.sleep(self.backoff * 2 ** (attempt - 1))
        raise EndpointError(f"{self.url} failed after {self.retries} attempts: {last}")

    def _classify(self, error: Exception) -> str:
        """A short description of a transient failure; raises EndpointError for a permanent one."""
        import http.client

        code = getattr(error, "code", None) or self.WRAPPER_STATUS.get(type(error).__name__)
        if code is not None:
            detail = _first_line(error)
            if code not in self.TRANSIENT:
                raise EndpointError(f"{self.url} answered HTTP {code}{detail}") from None
            return f"HTTP {code}{detail}"
        # OSError covers refused and reset connections, timeouts and urllib's URLError.
        if isinstance(error, (OSError, http.client.HTTPException)):
            return f"{type(error).__name__}: {getattr(error, 'reason', None) or error}"
        raise EndpointError(f"{self.url}: {type(error).__name__}: {error}") from None

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


def _first_line(error: Exception) -> str:
    """': <first line of the body the server sent with its error status>', or '' without one."""
    if hasattr(error, "read"):  # a urllib HTTPError SPARQLWrapper passed through
        try:
            body = error.read()
        except Exception:  # noqa: BLE001 - the body is a courtesy; the status says enough
            body = b""
    else:  # a SPARQLWrapper exception keeps the body only as a bytes repr inside its message
        _, _, shown = str(error).partition("Response:\n")
        try:
            body = ast.literal_eval(shown) if shown else b""
        except (ValueError, SyntaxError):
            body = shown.encode()
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return f": {lines[0][:200]}" if lines else ""


def _json_value(binding: dict[str, str] | None) -> Any:
    if binding is None:
        return None
    kind = binding.get("type")
    if kind == "uri":
        return binding["value"]
    if kind == "bnode":
        return f"_:{binding['value']}"
    return python_value(literal_from_parts(binding["value"], binding.get("datatype"), binding.get("xml:lang")))

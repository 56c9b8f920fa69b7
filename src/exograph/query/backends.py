"""Where a query runs: the embedded rdflib graph, an in-process Oxigraph store, or a remote SPARQL 1.1
endpoint. Each returns rows as dicts of plain Python values, so results compare across backends."""

from __future__ import annotations

import time
from decimal import Decimal
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

    def __init__(self, graph: Graph | None = None, ntriples: bytes | None = None):
        import pyoxigraph

        self.store = pyoxigraph.Store()
        data = ntriples if ntriples is not None else graph.serialize(format="nt", encoding="utf-8")
        self.store.bulk_load(data, pyoxigraph.RdfFormat.N_TRIPLES)

    def select(self, text: str) -> list[Row]:
        solutions = self.store.query(text)
        names = [v.value for v in solutions.variables]
        return [{name: _oxigraph_value(solution[name]) for name in names} for solution in solutions]


def _oxigraph_value(term: Any) -> Any:
    import pyoxigraph

    if term is None:
        return None
    if isinstance(term, pyoxigraph.NamedNode):
        return term.value
    if isinstance(term, pyoxigraph.BlankNode):
        return f"_:{term.value}"
    return python_value(literal_from_parts(term.value, term.datatype.value if term.datatype else None, term.language))


class EndpointBackend:
    """Any SPARQL 1.1 endpoint through SPARQLWrapper, with a timeout and retries on transient failures."""

    TRANSIENT = {429, 502, 503, 504}

    def __init__(self, url: str, timeout: float = 30.0, retries: int = 3, backoff: float = 0.5):
        self.url, self.timeout, self.retries, self.backoff = url, timeout, retries, backoff

    def select(self, text: str) -> list[Row]:
        payload = self._request(text)
        try:
            names = payload["head"]["vars"]
            bindings = payload["results"]["bindings"]
            return [{name: _json_value(b.get(name)) for name in names} for b in bindings]
        except (KeyError, TypeError) as error:
            raise EndpointError(f"{self.url} answered something that is not a SPARQL JSON result "
                                f"(missing {error}); is this a SPARQL query endpoint?") from None

    def _request(self, text: str) -> dict[str, Any]:
        from SPARQLWrapper import JSON, POST, SPARQLWrapper
        from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

        client = SPARQLWrapper(self.url)
        client.setQuery(text)
        client.setMethod(POST)
        client.setReturnFormat(JSON)
        client.setTimeout(int(self.timeout))
        last = ""
        for attempt in range(1, self.retries + 1):
            try:
                result = client.query()
                payload = result.convert()
                if not isinstance(payload, dict):
                    raise EndpointError(f"{self.url} did not answer with SPARQL JSON results")
                return payload
            except EndpointError:
                raise
            except SPARQLWrapperException as error:
                raise EndpointError(f"{self.url} rejected the query: {str(error).splitlines()[0]}") from None
            except Exception as error:  # urllib errors, timeouts, JSON decoding
                code = getattr(error, "code", None)
                last = f"HTTP {code}" if code else f"{type(error).__name__}: {error}"
                if code is not None and code not in self.TRANSIENT:
                    raise EndpointError(f"{self.url} answered {last}") from None
                if attempt < self.retries:
                    time.sleep(self.backoff * 2 ** (attempt - 1))
        raise EndpointError(f"{self.url} failed after {self.retries} attempts: {last}")


def _json_value(binding: dict[str, str] | None) -> Any:
    if binding is None:
        return None
    kind = binding.get("type")
    if kind == "uri":
        return binding["value"]
    if kind == "bnode":
        return f"_:{binding['value']}"
    return python_value(literal_from_parts(binding["value"], binding.get("datatype"), binding.get("xml:lang")))

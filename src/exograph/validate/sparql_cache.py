"""Parse each SPARQL constraint once per validation run, not once per focus node.

pySHACL hands rdflib the query *text* of a SPARQL constraint for every focus node, and rdflib parses
it every time: parsing was ~95% of validation time (a minute for one study). Inside
`parsed_queries()` rdflib's SPARQL processor parses and translates each distinct text once and
evaluates the prepared query with that focus node's bindings, which is what
`rdflib.plugins.sparql.prepareQuery` is for. The patch is undone on exit.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator, Mapping

from rdflib.plugins.sparql import processor
from rdflib.plugins.sparql.sparql import Query


@contextmanager
def parsed_queries() -> Iterator[None]:
    original = processor.SPARQLProcessor.query
    if getattr(original, "_exograph_cached", False):  # already inside a parsed_queries() block
        yield
        return
    cache: dict[tuple[str, str | None, tuple[tuple[str, str], ...]], Query] = {}

    def query(self: processor.SPARQLProcessor, strOrQuery: str | Query,  # noqa: N803 - rdflib's names
              initBindings: Mapping[str, Any] | None = None, initNs: Mapping[str, Any] | None = None,
              base: str | None = None, DEBUG: bool = False) -> Mapping[str, Any]:
        if isinstance(strOrQuery, str):
            key = (strOrQuery, base, tuple(sorted((k, str(v)) for k, v in (initNs or {}).items())))
            if key not in cache:
                cache[key] = processor.prepareQuery(strOrQuery, initNs=initNs, base=base)
            strOrQuery = cache[key]
        return original(self, strOrQuery, initBindings, initNs, base, DEBUG)

    query._exograph_cached = True  # type: ignore[attr-defined]
    processor.SPARQLProcessor.query = query  # type: ignore[method-assign]
    try:
        yield
    finally:
        processor.SPARQLProcessor.query = original  # type: ignore[method-assign]

"""Patches to rdflib and pySHACL while pySHACL validates: each SPARQL constraint is prepared once
per validation run, not once per focus node. Checked against pySHACL 0.40.1 (pinned in pyproject.toml).

pySHACL hands rdflib the query *text* of a SPARQL constraint for every focus node; rdflib parses it
every time, and pySHACL first re-checks the text with regular expressions (no VALUES, no MINUS, ...).
Parsing was ~95% of validation time (a minute for one study), the checks ~10% of what remained.
Inside `patched_pyshacl()` each distinct text is parsed and checked once and the prepared query is
evaluated with each focus node's bindings, which is what `rdflib.plugins.sparql.prepareQuery` is for.
The patches are undone on exit; results are unchanged (a text that fails a check is re-checked, so
it fails every time as before).

One patch changes a result, so that pySHACL and the native engine agree: sh:datatype xsd:decimal
refuses "NaN" and "Infinity", which Python's Decimal reads but XSD's decimal does not have
(engines/lexical.py).
"""

from __future__ import annotations

from contextlib import ExitStack, contextmanager
from typing import Any, Callable, Iterator, Mapping

from rdflib.plugins.sparql import processor
from rdflib.plugins.sparql.sparql import Query

from exograph.validate.engines import lexical

_ACTIVE = False


@contextmanager
def patched_pyshacl() -> Iterator[None]:
    global _ACTIVE
    if _ACTIVE:  # nested (validate_records around validate_graph): the outer block holds the caches
        yield
        return
    with ExitStack() as stack:
        stack.enter_context(_patched(processor.SPARQLProcessor, "query", _caching_query))
        helper = _pyshacl_query_helper()
        if helper is not None:
            stack.enter_context(_patched(helper, "check_invalid_sparql", _caching_check))
        stack.enter_context(_patched(_datatype_component(), "_assert_actual_datatype", _finite_decimals))
        _ACTIVE = True
        try:
            yield
        finally:
            _ACTIVE = False


@contextmanager
def _patched(owner: type, name: str, make: Callable[[Callable], Callable]) -> Iterator[None]:
    original = getattr(owner, name)
    setattr(owner, name, make(original))
    try:
        yield
    finally:
        setattr(owner, name, original)


def _caching_query(original: Callable) -> Callable:
    prepared: dict[tuple[str, str | None, tuple[tuple[str, str], ...]], Query] = {}

    def query(self: processor.SPARQLProcessor, strOrQuery: str | Query,  # noqa: N803 - rdflib's names
              initBindings: Mapping[str, Any] | None = None, initNs: Mapping[str, Any] | None = None,
              base: str | None = None, DEBUG: bool = False) -> Mapping[str, Any]:
        if isinstance(strOrQuery, str):
            key = (strOrQuery, base, tuple(sorted((k, str(v)) for k, v in (initNs or {}).items())))
            if key not in prepared:
                prepared[key] = processor.prepareQuery(strOrQuery, initNs=initNs, base=base)
            strOrQuery = prepared[key]
        return original(self, strOrQuery, initBindings, initNs, base, DEBUG)

    return query


def _caching_check(original: Callable) -> Callable:
    passed: set[tuple[str, bool, tuple[str, ...]]] = set()

    def check(self: Any, sparql_text: str, valuenode: Any = None, extravars: Any = None) -> bool:
        key = (sparql_text, valuenode is None, tuple(sorted(extravars or ())))
        if key not in passed:
            original(self, sparql_text, valuenode=valuenode, extravars=extravars)  # raises on a bad text
            passed.add(key)
        return True

    return check


def _pyshacl_query_helper() -> type | None:
    """pySHACL's SPARQL helper class, if this pySHACL version has the check it is known to repeat."""
    try:
        from pyshacl.helper.sparql_query_helper import SPARQLQueryHelper
    except ImportError:
        return None
    return SPARQLQueryHelper if hasattr(SPARQLQueryHelper, "check_invalid_sparql") else None


def _datatype_component() -> type:
    from pyshacl.constraints.core.value_constraints import DatatypeConstraintComponent

    return DatatypeConstraintComponent


def _finite_decimals(original: Callable) -> Callable:
    def check(self: Any, value_node: Any, datatype_rule: Any) -> bool:
        return not lexical.ill_typed(value_node) and original(self, value_node, datatype_rule)

    return check

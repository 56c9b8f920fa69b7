"""SPARQL constraints over a batch of records: each query once per batch on Oxigraph, to find which
focus nodes can have solutions, instead of once per focus node in rdflib.

Each record is loaded into its own named graph, and each query is rewritten to run inside
`GRAPH ?exoGraph { VALUES (?this ?exoGraph) {focus nodes of each record} ...the original body... }`.
Oxigraph only says which focus nodes have solutions; their rows are then taken from rdflib with the
query pre-bound as SHACL defines it (sparql.py), so results and messages do not depend on Oxigraph.
A focus node Oxigraph finds nothing for is skipped: that is exact only where the rewritten query
finds every focus node the pre-bound one has solutions for, so the rewrite is used only when:

- the query binds $this only through the VALUES block (no BIND/AS, $PATH or $value tricks) and every
  expression or subquery reading $this sits where $this is already bound by a triple pattern (the
  outermost group is: the VALUES block is its first element); an aggregate subquery groups by $this;
- the focus node is an IRI (Oxigraph renames blank nodes);
- the record has no ill-typed literal, and the query reads as text (STR, CONCAT, ...) no predicate
  whose literals Oxigraph stores in another lexical form (it reads "163.0"^^xsd:decimal as "163").

Anything else runs per focus node in rdflib, as it would outside a batch.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Node, Variable

from exograph.records.index import TripleIndex
from exograph.validate.engines import lexical
from exograph.validate.engines.native.compile import CompiledShapes
from exograph.validate.engines.native.model import Shape
from exograph.validate.engines.native.sparql import SparqlConstraint

if TYPE_CHECKING:
    from exograph.validate.engines.native.run import Run

GRAPH_VAR = "exoGraph"
GRAPH_IRI = "g:{}"  # short: it is written on every line of a batch
VALUES_SLOT = "#VALUES#"
AGGREGATE = re.compile(r"(?<![?$\w])(COUNT|SUM|MIN|MAX|AVG|SAMPLE|GROUP_CONCAT)\s*\(", re.I)
THIS = Variable("this")
# Functions whose result depends on a literal's lexical form, and aggregates that tell literals apart.
TEXT_FUNCTIONS = {f"Builtin_{name}" for name in (
    "STR", "STRLEN", "SUBSTR", "UCASE", "LCASE", "STRSTARTS", "STRENDS", "CONTAINS", "STRBEFORE", "STRAFTER",
    "ENCODE_FOR_URI", "CONCAT", "REGEX", "REPLACE", "MD5", "SHA1", "SHA256", "SHA384", "SHA512", "STRDT",
    "STRLANG", "IRI", "sameTerm", "LANG", "LANGMATCHES")}
# Expressions that pass text through unchanged: a variable bound by one of them is as safe as its inputs.
TEXT_SAFE = TEXT_FUNCTIONS | {"Builtin_IF", "Builtin_COALESCE", "Builtin_BOUND", "RelationalExpression",
                              "ConditionalAndExpression", "ConditionalOrExpression", "UnaryNot"}
ANY = None  # a hazard on every predicate


@dataclass
class Prefilter:
    """A SPARQL constraint of a targeted node shape, rewritten to run over a batch on Oxigraph."""

    shape: Shape
    constraint: SparqlConstraint
    text: str  # with VALUES_SLOT where the (?this ?exoGraph) rows go
    text_hazards: frozenset[URIRef] | None  # predicates whose literals it reads as text (ANY: every one)


@dataclass
class Batch:
    """The records of one batch in an Oxigraph store, one named graph each."""

    store: ox.Store | None
    hazards: list[set[Node]] = field(default_factory=list)  # per record: predicates with non-canonical literals
    ill_typed: list[bool] = field(default_factory=list)


_PREFILTERS: dict[int, list[Prefilter]] = {}


def prefilter_sparql(runs: list[Run], shapes: list[Shape]) -> None:
    """Sets each run's candidates: constraint id → (focus nodes checked on Oxigraph, those of them
    that may have solutions)."""
    if not runs:
        return
    prefilters = [p for p in prefilters_of(runs[0].shapes) if p.shape in shapes]
    if not prefilters:
        return
    watched: set[URIRef] | None = set()
    for prefilter in prefilters:
        watched = None if watched is None or prefilter.text_hazards is ANY else watched | prefilter.text_hazards
    batch = load_batch([run.data for run in runs], watched)
    for prefilter in prefilters:
        checked = [{n for n in run.focus_nodes(prefilter.shape) if isinstance(n, URIRef)} if _exact(prefilter, batch, i)
                   else set() for i, run in enumerate(runs)]
        hits = _query(prefilter, batch, checked)
        for run, mine, found in zip(runs, checked, hits):
            if mine:
                run.candidates[id(prefilter.constraint)] = (mine, found)


def prefilters_of(compiled: CompiledShapes) -> list[Prefilter]:
    """The constraints that can be prefiltered on Oxigraph, worked out once per compiled shapes."""
    key = id(compiled)
    if key not in _PREFILTERS:
        if len(_PREFILTERS) > 8:
            _PREFILTERS.clear()
        _PREFILTERS[key] = [p for shape in compiled.targeted if not shape.is_property_shape
                            for c in shape.constraints if isinstance(c, SparqlConstraint)
                            if (p := _prefilter(shape, c)) is not None]
    return _PREFILTERS[key]


def _prefilter(shape: Shape, constraint: SparqlConstraint) -> Prefilter | None:
    query = constraint.query
    if query.mentions - {"this"} or not prebinding_equivalent(query.query.algebra):
        return None
    rewritten = rewrite(query.text)
    return Prefilter(shape, constraint, rewritten, text_hazards(query.query.algebra)) if rewritten else None


# ---- is VALUES at the top the same as pre-binding? ------------------------------------------------


def prebinding_equivalent(algebra: CompValue) -> bool:
    """Whether joining $this from a VALUES block at the start of the outermost group finds every
    focus node that pre-binding $this finds (see the module docstring)."""
    return _safe(algebra.p, top=True)


def _safe(node: Any, top: bool) -> bool:
    """`top`: the pattern is the outermost group, where the VALUES block binds $this."""
    if not isinstance(node, CompValue):
        return True
    name = node.name
    if name in ("Filter", "Extend"):
        expr = node.expr
        bound = top or _binds_this(node.p)
        return (bound or THIS not in _variables(expr)) and _safe(node.p, top)
    if name == "LeftJoin":
        bound = top or _binds_this(node.p1)
        return (bound or THIS not in _variables(node.expr)) and _safe(node.p1, top) and _safe(node.p2, False)
    if name in ("Join", "Union"):  # their parts are groups evaluated on their own, before the join
        return _safe(node.p1, False) and _safe(node.p2, False)
    if name == "AggregateJoin":  # GROUP BY $this: a group per focus node, pre-bound or not
        group = node.p
        return top and THIS in (group.expr or []) and _safe(group.p, top)
    if name == "ToMultiSet":
        return _subquery_safe(node.p)
    if name in ("Project", "Distinct", "Reduced", "Slice", "OrderBy"):
        return _safe(node.p, top)
    if name == "BGP":
        return True
    return False  # GRAPH, aggregates outside a subquery, anything else: not analysed, not rewritten


def _subquery_safe(node: CompValue) -> bool:
    while node.name in ("Distinct", "Reduced", "Slice", "OrderBy", "Project", "Extend"):
        node = node.p
    if node.name == "AggregateJoin":
        group = node.p
        return THIS in (group.expr or []) and _binds_this(group.p) and _safe(group.p, False)
    return THIS not in _variables(node) or (_binds_this(node) and _safe(node, False))


def _binds_this(node: Any) -> bool:
    """Whether every solution of the pattern binds $this through a triple pattern."""
    if not isinstance(node, CompValue):
        return False
    name = node.name
    if name == "BGP":
        return any(THIS in triple for triple in node.triples)
    if name == "Join":
        return _binds_this(node.p1) or _binds_this(node.p2)
    if name == "LeftJoin":
        return _binds_this(node.p1)
    if name == "Union":
        return _binds_this(node.p1) and _binds_this(node.p2)
    if name in ("Filter", "Extend", "Project", "Distinct", "Reduced", "Slice", "OrderBy"):
        return _binds_this(node.p)
    return False


def _variables(expression: Any) -> set[Variable]:
    if isinstance(expression, Variable):
        return {expression}
    if isinstance(expression, CompValue):
        return set().union(*(_variables(v) for k, v in expression.items() if k != "_vars"))
    if isinstance(expression, (list, tuple, set)):
        return set().union(*(_variables(v) for v in expression))
    return set()


# ---- rewriting -------------------------------------------------------------------------------------


def rewrite(text: str) -> str | None:
    """The query with its outermost group run per record graph and $this bound by a VALUES block
    (VALUES_SLOT marks where the rows go); None when the text is not of the expected form."""
    if GRAPH_VAR in text or VALUES_SLOT in text:
        return None
    select = re.search(r"\bSELECT\s+(DISTINCT\s+|REDUCED\s+)?", text, re.I)
    where = re.search(r"\bWHERE\s*\{", text[select.end():], re.I) if select else None
    if select is None or where is None:
        return None
    open_at = select.end() + where.end() - 1
    close_at = _matching_brace(text, open_at)
    if close_at is None:
        return None
    projection, body, tail = text[select.end():open_at], text[open_at + 1:close_at], text[close_at:]
    group_by = re.search(r"\bGROUP\s+BY\b", tail, re.I)
    if AGGREGATE.search(projection) and group_by is None:
        return None  # an aggregate over the whole solution: one group per record cannot be added
    if group_by:
        tail = tail[:group_by.end()] + f" ?{GRAPH_VAR}" + tail[group_by.end():]
    return (f"{text[:select.end()]}?{GRAPH_VAR} {projection}{{ GRAPH ?{GRAPH_VAR} {{ "
            f"VALUES (?this ?{GRAPH_VAR}) {{ {VALUES_SLOT} }} {body} }}{tail}")


def _matching_brace(text: str, start: int) -> int | None:
    """The index of the brace closing the one at `start`, skipping strings, IRIs and comments."""
    depth, i = 0, start
    while i < len(text):
        char = text[i]
        if char in "\"'":
            quote = char * 3 if text.startswith(char * 3, i) else char
            end = text.find(quote, i + len(quote))
            while end != -1 and len(quote) == 1 and text[end - 1] == "\\":
                end = text.find(quote, end + 1)
            if end == -1:
                return None
            i = end + len(quote)
            continue
        if char == "#":
            i = text.find("\n", i) if "\n" in text[i:] else len(text)
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return None


# ---- literals Oxigraph reads back in another form -------------------------------------------------


def text_hazards(algebra: CompValue) -> frozenset[URIRef] | None:
    """The predicates whose literal objects the query reads as text (ANY when it cannot tell): a
    record with a non-canonical literal under one of them is validated in rdflib for this query."""
    objects: dict[Variable, set[URIRef] | None] = {}
    binds: dict[Variable, list[Any]] = {}
    textual: set[Variable] = set()
    _walk(algebra, objects, binds, textual)
    hazards: set[URIRef] = set()
    for variable in textual:
        found = _variable_hazards(variable, objects, binds, set())
        if found is ANY:
            return ANY
        hazards |= found
    return frozenset(hazards)


def _walk(node: Any, objects: dict, binds: dict, textual: set, in_text: bool = False) -> None:
    if isinstance(node, CompValue):
        if node.name == "BGP":
            for s, p, o in node.triples:
                if isinstance(o, Variable):
                    known = objects.setdefault(o, set())
                    objects[o] = known | {p} if isinstance(p, URIRef) and known is not None else ANY
        if node.name == "Extend":
            binds.setdefault(node.var, []).append(node.expr)
        inside = in_text or node.name in TEXT_FUNCTIONS or (node.name.startswith("Aggregate_") and bool(node.get("distinct")))
        for key, value in node.items():
            if key != "_vars":  # rdflib's cache of every variable below: not an argument
                _walk(value, objects, binds, textual, inside)
    elif isinstance(node, (list, tuple, set)):
        for item in node:
            _walk(item, objects, binds, textual, in_text)
    elif isinstance(node, Variable) and in_text:
        textual.add(node)


def _variable_hazards(variable: Variable, objects: dict, binds: dict, seen: set) -> set[URIRef] | None:
    if variable in seen:
        return set()
    seen.add(variable)
    hazards = objects.get(variable, set())
    if hazards is ANY:
        return ANY
    hazards = set(hazards)
    for expression in binds.get(variable, []):
        if not _text_safe(expression):
            return ANY
        for inner in _variables(expression):
            found = _variable_hazards(inner, objects, binds, seen)
            if found is ANY:
                return ANY
            hazards |= found
    return hazards


def _text_safe(expression: Any) -> bool:
    if isinstance(expression, CompValue):
        return expression.name in TEXT_SAFE and all(_text_safe(v) for k, v in expression.items() if k != "_vars")
    if isinstance(expression, (list, tuple)):
        return all(_text_safe(v) for v in expression)
    return True  # a variable, a constant term or a set of variables


# ---- the batch store -------------------------------------------------------------------------------


def load_batch(records: list[TripleIndex], watched: set[URIRef] | None = None) -> Batch:
    """The records in one store, one named graph each; no store (every constraint in rdflib) if
    Oxigraph refuses the data. `watched`: the predicates whose literals some query reads as text
    (None: every predicate), the only ones whose lexical form must survive the store."""
    lines = []
    typed: list[list[tuple[Node, Literal]]] = []
    ill_typed = [False] * len(records)
    text: dict[Node, str] = {}  # terms repeat (predicates, classes): write each once
    for i, record in enumerate(records):
        name = f"<{GRAPH_IRI.format(i)}> .\n"
        mine = []
        for s, p, o in record:
            s_text, p_text, o_text = text.get(s), text.get(p), text.get(o)
            if s_text is None:
                s_text = text[s] = s.n3()
            if p_text is None:
                p_text = text[p] = p.n3()
            if o_text is None:
                o_text = text[o] = o.n3()
            lines.append(f"{s_text} {p_text} {o_text} {name}")
            if isinstance(o, Literal) and (o.datatype is not None or o.language):
                ill_typed[i] = ill_typed[i] or lexical.ill_typed(o)
                if watched is None or p in watched:
                    mine.append((p, o))
        typed.append(mine)
    store = ox.Store()
    try:
        store.bulk_load("".join(lines).encode("utf-8"), ox.RdfFormat.N_QUADS)
    except (SyntaxError, ValueError, OSError):
        return Batch(None, [set() for _ in records], [True for _ in records])
    canonical = _canonical_forms(store, watched) if watched is None or watched else set()
    batch = Batch(store, ill_typed=ill_typed)
    for mine in typed:
        batch.hazards.append({p for p, o in mine if _key(o) not in canonical})
    return batch


def _key(literal: Literal) -> tuple[str, str, str]:
    return str(literal), str(literal.datatype or "") if not literal.language else "", literal.language or ""


def _canonical_forms(store: ox.Store, watched: set[URIRef] | None) -> set[tuple[str, str, str]]:
    """Every typed or language-tagged literal (of the watched predicates) as Oxigraph gives it back."""
    values = f"VALUES ?p {{ {' '.join(p.n3() for p in sorted(watched))} }} " if watched is not None else ""
    rows = store.query(f"SELECT DISTINCT ?o WHERE {{ {values}GRAPH ?g {{ ?s ?p ?o }} FILTER (isLiteral(?o)) }}")
    forms = set()
    for row in rows:
        term = row["o"]
        language = term.language or ""  # type: ignore[union-attr]
        forms.add((term.value, "" if language else term.datatype.value, language))  # type: ignore[union-attr]
    return forms


def _exact(prefilter: Prefilter, batch: Batch, index: int) -> bool:
    """Whether Oxigraph's answer for this record can be trusted for this query."""
    if batch.store is None or batch.ill_typed[index]:
        return False
    hazards = batch.hazards[index]
    return not hazards or (prefilter.text_hazards is not ANY and not (hazards & prefilter.text_hazards))


def _query(prefilter: Prefilter, batch: Batch, checked: list[set[Node]]) -> list[set[Node]]:
    hits: list[set[Node]] = [set() for _ in checked]
    pairs = [(node, i) for i, nodes in enumerate(checked) for node in nodes]
    if not pairs or batch.store is None:
        return hits
    values = " ".join(f"({node.n3()} <{GRAPH_IRI.format(i)}>)" for node, i in pairs)
    for row in batch.store.query(prefilter.text.replace(VALUES_SLOT, values)):
        index = int(row[GRAPH_VAR].value.rsplit(":", 1)[1])  # type: ignore[union-attr]
        hits[index].add(URIRef(row["this"].value))  # type: ignore[union-attr]
    return hits

"""SPARQL constraints over a batch of records: each query once per batch on an Oxigraph store,
instead of once per focus node in rdflib.

Each record is loaded into its own named graph, and each query is rewritten to run inside
`GRAPH ?exoGraph { VALUES (?this ?exoGraph) {focus nodes of each record} ...the original body... }`:
the VALUES block inside the outermost group binds $this before anything else of the group is
evaluated, as pySHACL's pre-binding does, and the named graph keeps each record seeing only its own
triples. Oxigraph only says which focus nodes have results; their rows are then taken from rdflib with
pySHACL's own query text and bindings (as pySHACL does), so messages, values and sampled aggregates are
exactly pySHACL's. That costs a query per *result*, not per focus node.

Where Oxigraph could disagree with rdflib, the constraint runs per focus node in rdflib instead:
a query that cannot be rewritten, a record with ill-typed literals, and a query that reads the text of
a literal (STR, CONCAT, ...) that Oxigraph stores in canonical form (it reads "163.0"^^xsd:decimal
back as "163") — the last one only for records holding such a literal under a predicate that query
reads as text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Node, Variable

from exograph.validate.native_core import Result
from exograph.validate.native_shapes import NodeShape, SparqlConstraint
from exograph.vocab import SH

GRAPH_VAR = "exoGraph"
GRAPH_IRI = "urn:exograph:validate:record:{}"
VALUES_SLOT = "#VALUES#"
AGGREGATE = re.compile(r"(?<![?$\w])(COUNT|SUM|MIN|MAX|AVG|SAMPLE|GROUP_CONCAT)\s*\(", re.I)
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
class PreparedConstraint:
    """A SPARQL constraint ready for batches: its rdflib text and, if it can run on Oxigraph, the
    rewritten text with a {values} slot, and the predicates whose literals it reads as text."""

    shape: NodeShape
    constraint: SparqlConstraint
    text: str
    oxigraph_text: str | None
    text_hazards: frozenset[URIRef] | None  # ANY: every predicate


@dataclass
class Batch:
    """The records of one batch in an Oxigraph store, one named graph each."""

    graphs: list[Any]  # one entry per record (only counted here)
    store: ox.Store | None
    hazards: list[set[URIRef]] = field(default_factory=list)  # per record: predicates with non-canonical literals
    ill_typed: list[bool] = field(default_factory=list)


def prepare(shape: NodeShape, constraint: SparqlConstraint) -> PreparedConstraint:
    helper = constraint.helper
    text = helper.apply_prefixes(helper.select_text)
    binds_only_this = not (helper.bind_cs_regex.search(helper.select_text) or helper.bind_path_regex.search(helper.select_text))
    has_this = helper.bind_this_regex.search(helper.select_text) is not None
    rewritten = rewrite(text) if constraint.error is None and binds_only_this and has_this else None
    hazards = text_hazards(text) if rewritten else ANY
    return PreparedConstraint(shape, constraint, text, rewritten, hazards)


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


def text_hazards(text: str) -> frozenset[URIRef] | None:
    """The predicates whose literal objects the query reads as text (ANY when it cannot tell): a
    record with a non-canonical literal under one of them is validated in rdflib for this query."""
    algebra = prepareQuery(text).algebra
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


def _variables(expression: Any) -> set[Variable]:
    if isinstance(expression, Variable):
        return {expression}
    if isinstance(expression, CompValue):
        return set().union(*(_variables(v) for k, v in expression.items() if k != "_vars"))
    if isinstance(expression, (list, tuple, set)):
        return set().union(*(_variables(v) for v in expression))
    return set()


def load_batch(graphs: list[Any], triples: list[list[tuple[Node, Node, Node]]]) -> Batch:
    """The records (their graphs and triples) in one store; no store (every constraint in rdflib)
    if Oxigraph refuses the data."""
    lines = []
    typed: list[list[tuple[Node, Literal]]] = []
    for i, record in enumerate(triples):
        name = f"<{GRAPH_IRI.format(i)}> .\n"
        mine = []
        for s, p, o in record:
            lines.append(f"{s.n3()} {p.n3()} {o.n3()} {name}")
            if isinstance(o, Literal) and (o.datatype is not None or o.language):
                mine.append((p, o))
        typed.append(mine)
    store = ox.Store()
    try:
        store.bulk_load("".join(lines).encode("utf-8"), ox.RdfFormat.N_QUADS)
    except (SyntaxError, ValueError, OSError):
        return Batch(graphs, None, [set() for _ in graphs], [True for _ in graphs])
    canonical = _canonical_forms(store)
    batch = Batch(graphs, store)
    for mine in typed:
        batch.hazards.append({p for p, o in mine if _key(o) not in canonical})  # type: ignore[misc]
        batch.ill_typed.append(any(getattr(o, "ill_typed", False) for _, o in mine))
    return batch


def _key(literal: Literal) -> tuple[str, str, str]:
    return str(literal), str(literal.datatype or "") if not literal.language else "", literal.language or ""


def _canonical_forms(store: ox.Store) -> set[tuple[str, str, str]]:
    """Every typed or language-tagged literal as Oxigraph gives it back."""
    rows = store.query("SELECT DISTINCT ?o WHERE { GRAPH ?g { ?s ?p ?o } FILTER (isLiteral(?o)) }")
    forms = set()
    for row in rows:
        term = row["o"]
        language = term.language or ""  # type: ignore[union-attr]
        forms.add((term.value, "" if language else term.datatype.value, language))  # type: ignore[union-attr]
    return forms


def candidates(prepared: PreparedConstraint, batch: Batch, focus: list[set[Node]]) -> list[set[Node]]:
    """Per record, the focus nodes whose query may have results: from Oxigraph where it agrees with
    rdflib, otherwise every focus node (validated one by one in rdflib, as pySHACL does)."""
    exact = [_needs_rdflib(prepared, batch, i) for i in range(len(batch.graphs))]
    found: list[set[Node]] = [set(nodes) if exact[i] else set() for i, nodes in enumerate(focus)]
    # Only IRIs go through Oxigraph: it renames blank nodes, and literal focus nodes are rare.
    pairs = [(node, i) for i, nodes in enumerate(focus) if not exact[i] for node in nodes if isinstance(node, URIRef)]
    for i, nodes in enumerate(focus):
        found[i] |= {node for node in nodes if not isinstance(node, URIRef)}
    if pairs and batch.store is not None and prepared.oxigraph_text is not None:
        values = " ".join(f"({_ox_term(node)} <{GRAPH_IRI.format(i)}>)" for node, i in pairs)
        for row in batch.store.query(prepared.oxigraph_text.replace(VALUES_SLOT, values)):
            index = int(row[GRAPH_VAR].value.rsplit(":", 1)[1])  # type: ignore[union-attr]
            found[index].add(URIRef(row["this"].value))  # type: ignore[union-attr]
    return found


def _needs_rdflib(prepared: PreparedConstraint, batch: Batch, index: int) -> bool:
    if batch.store is None or prepared.oxigraph_text is None or batch.ill_typed[index]:
        return True
    hazards = batch.hazards[index]
    return bool(hazards) and (prepared.text_hazards is ANY or bool(hazards & prepared.text_hazards))


def _ox_term(node: Node) -> str:
    return node.n3()


def results(prepared: PreparedConstraint, graph: Graph, focus: Iterable[Node]) -> list[Result]:
    """pySHACL's results of the constraint on these focus nodes: its query, its bindings, its rows."""
    from exograph.errors import ExographError

    constraint, shape = prepared.constraint, prepared.shape
    if constraint.error is not None:
        raise ExographError(f"the shapes in shapes/ cannot be applied: {constraint.error}")
    found = []
    for node in sorted(focus, key=str):
        init_binds, text = constraint.helper.pre_bind_variables(node)
        for row in _rows(graph.query(constraint.helper.apply_prefixes(text), initBindings=init_binds)):
            found.append(_result(shape, constraint, node, row))
    return found


def _rows(query_result: Any) -> list[tuple]:
    """pySHACL's reading of a constraint's rows (SPARQLBasedConstraint._validate_sparql_query)."""
    if not query_result or len(query_result.bindings) < 1:
        return []
    rows: list[tuple] = []
    failed = False
    for row in query_result:
        bound = row.asdict()
        if bound.pop("failure", None) is not None:
            if not failed:
                rows.append((True, bound))
                failed = True
            continue
        path, value, this = bound.pop("path", None), bound.pop("value", None), bound.pop("this", None)
        if (path is not None or value is not None or this is not None) and (this, path, value, bound) not in rows:
            rows.append((this, path, value, bound))
    return rows


def _result(shape: NodeShape, constraint: SparqlConstraint, focus: Node, row: tuple) -> Result:
    """One row as pySHACL reports it (a node shape: the value defaults to the focus node)."""
    if row[0] is True:
        this, path, value, bound = None, None, focus, row[1]
        variables: dict[str, Any] = dict(bound)
    else:
        this, path, value, bound = row
        value = focus if value is None else value
        variables = {**bound, **{k: v for k, v in (("this", this), ("path", path), ("value", value)) if v is not None}}
    return Result(this or focus, shape.node, SH.SPARQLConstraintComponent, shape.severity,
                  _messages(shape, constraint, variables), value=value, path=path, constraint=constraint.node)


def _messages(shape: NodeShape, constraint: SparqlConstraint, variables: dict[str, Any]) -> list[Literal]:
    """The constraint's messages, then the shape's, with {?var} filled in (pySHACL's make_v_result)."""
    messages = [m for m in constraint.messages if m not in shape.messages] + list(shape.messages)
    return [Literal(_format(str(m.value), variables)) for m in messages]


def _format(message: str, variables: dict[str, Any]) -> str:
    for name, value in variables.items():
        message = re.sub("{{[?$]{}}}".format(name), str(value), message)
    return message

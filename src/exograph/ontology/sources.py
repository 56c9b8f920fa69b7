"""Readers for the ontology files import modules are extracted from.

Every reader answers the same question: for these term IRIs, what does the source say about them and
about their ancestors — labels, definitions, named parents, kind, obsolescence? The answer is a
`TermTable` (IRI → `SourceTerm`); `imports.extract` walks it the same way whatever the source was.

- OBO flat files (.obo): a small parser (fastobo rejects several of the shared files).
- RDF files (RDF/XML .owl, Turtle, N-Triples) and OWL Functional Syntax (.owl starting with
  `Prefix(`, converted to RDF/XML by py-horned-owl): loaded into an in-memory Oxigraph store and read
  with the same SPARQL queries that read a remote endpoint (`SparqlTermSource`).
- Label tables (mondo-labels.tsv, hp-labels.tsv: id, label) give labels only.
- doid-labels-parents.tsv and OBI's ROBOT templates (obi-*.tsv) name parents by label; parents are
  resolved to IDs by exact, unique label within the same source.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Mapping, Protocol

from exograph.closure import reachable
from exograph.errors import ExographError

OBO_PURL = "http://purl.obolibrary.org/obo/"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
IAO_DEFINITION = OBO_PURL + "IAO_0000115"
SKOS_DEFINITION = "http://www.w3.org/2004/02/skos/core#definition"

CLASS = "Class"
KINDS = ("Class", "ObjectProperty", "DatatypeProperty", "AnnotationProperty")


class SourceError(ExographError):
    """An ontology source file cannot be read, or lacks a term the project uses."""


@dataclass(frozen=True)
class SourceTerm:
    """What one source says about one term. `labels` and `definitions` keep the source's order
    (file order for OBO; sorted for RDF, which has no order); the first is the one used."""

    iri: str
    labels: tuple[str, ...] = ()
    definitions: tuple[str, ...] = ()
    parents: tuple[str, ...] = ()
    kind: str = CLASS
    obsolete: bool = False

    @property
    def label(self) -> str | None:
        return self.labels[0] if self.labels else None

    @property
    def definition(self) -> str | None:
        return self.definitions[0] if self.definitions else None


TermTable = dict[str, SourceTerm]


class TermSource(Protocol):
    name: str
    label_only: bool

    def version(self) -> str | None: ...

    def terms_for(self, iris: Iterable[str]) -> TermTable:
        """The requested terms and every ancestor the source knows of (missing terms are absent)."""
        ...


def curie_to_obo_iri(curie: str) -> str | None:
    prefix, sep, local = curie.partition(":")
    if not sep or not prefix or not local or "/" in curie:
        return None
    return f"{OBO_PURL}{prefix}_{local}"


def _ancestor_closure(table: Mapping[str, SourceTerm], iris: Iterable[str]) -> TermTable:
    known = reachable((iri for iri in iris if iri in table), lambda iri: (p for p in table[iri].parents if p in table))
    return {iri: table[iri] for iri in known}


# ---- OBO flat files ------------------------------------------------------------------------

_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')
_ESCAPES = {"n": "\n", "t": "\t", "W": " "}


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), text)


def _strip_trailing(value: str) -> str:
    """Drop an OBO line's trailing `! comment` and `{qualifiers}`."""
    value = re.sub(r"\s+!.*$", "", value)
    value = re.sub(r"\s*\{[^}]*\}\s*$", "", value)
    return value.strip()


@dataclass
class _Stanza:
    kind: str
    tags: list[tuple[str, str]] = field(default_factory=list)

    def values(self, tag: str) -> list[str]:
        return [v for t, v in self.tags if t == tag]


def _obo_stanzas(path: Path) -> tuple[list[tuple[str, str]], list[_Stanza]]:
    header: list[tuple[str, str]] = []
    stanzas: list[_Stanza] = []
    current: _Stanza | None = None
    with path.open(encoding="utf-8") as handle:
        for raw in handle:
            line = raw.rstrip("\n")
            if not line.strip() or line.startswith("!"):
                continue
            if line.startswith("[") and line.rstrip().endswith("]"):
                current = _Stanza(line.strip()[1:-1])
                stanzas.append(current)
                continue
            tag, sep, value = line.partition(":")
            if not sep:
                continue
            pair = (tag.strip(), value.strip())
            (current.tags if current else header).append(pair)
    return header, stanzas


def _obo_term(stanza: _Stanza) -> SourceTerm | None:
    ids = stanza.values("id")
    iri = curie_to_obo_iri(ids[0]) if ids else None
    if iri is None:
        return None
    definitions = []
    for value in stanza.values("def"):
        match = _QUOTED.match(value)
        if match:
            definitions.append(_unescape(match.group(1)))
    parents = {curie_to_obo_iri(_strip_trailing(v)) for v in stanza.values("is_a")}
    for value in stanza.values("intersection_of"):
        genus = _strip_trailing(value)
        if " " not in genus:  # `intersection_of: GENUS` (not `intersection_of: REL FILLER`)
            parents.add(curie_to_obo_iri(genus))
    parents.discard(None)
    return SourceTerm(
        iri=iri,
        labels=tuple(_unescape(v) for v in stanza.values("name")),
        definitions=tuple(definitions),
        parents=tuple(sorted(p for p in parents if p)),
        kind=CLASS,
        obsolete=any(v.lower() == "true" for v in stanza.values("is_obsolete")),
    )


class OboFileSource:
    """An OBO flat file. Only [Term] stanzas are read; `is_a` and genus `intersection_of` give parents."""

    label_only = False

    def __init__(self, path: Path):
        self.path = path
        self.name = path.name
        header, stanzas = _obo_stanzas(path)
        self.header = header
        self.table: TermTable = {}
        for stanza in stanzas:
            if stanza.kind != "Term":
                continue
            term = _obo_term(stanza)
            if term:
                self.table[term.iri] = term

    def version(self) -> str | None:
        tags = dict(reversed(self.header))  # first occurrence wins
        for tag in ("data-version", "date"):
            if tags.get(tag):
                return tags[tag]
        for tag, value in self.header:
            if tag == "property_value" and value.startswith("owl:versionInfo"):
                match = _QUOTED.search(value)
                if match:
                    return match.group(1)
        return None

    def terms_for(self, iris: Iterable[str]) -> TermTable:
        return _ancestor_closure(self.table, iris)


# ---- label tables ----------------------------------------------------------------------------


def _read_tsv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.reader(handle, delimiter="\t") if row]


def _resolve_parent_labels(rows: list[tuple[str, str, list[str], str | None]]) -> TermTable:
    """rows: (iri, label, parent labels, definition). Parents resolve by exact label when unique."""
    by_label: dict[str, set[str]] = {}
    for iri, label, _parents, _definition in rows:
        by_label.setdefault(label, set()).add(iri)
    table: TermTable = {}
    for iri, label, parent_labels, definition in rows:
        parents = sorted(next(iter(by_label[p])) for p in parent_labels if len(by_label.get(p, ())) == 1)
        table[iri] = SourceTerm(iri=iri, labels=(label,), definitions=(definition,) if definition else (),
                                parents=tuple(parents))
    return table


class LabelTableSource:
    """`CURIE<TAB>label` (mondo-labels.tsv, hp-labels.tsv) or DOID's `"id" "label" "parent label"`."""

    def __init__(self, path: Path):
        self.path = path
        self.name = path.name
        rows = _read_tsv(path)
        parsed: list[tuple[str, str, list[str], str | None]] = []
        has_parents = bool(rows) and [c.strip('"') for c in rows[0][:3]] == ["id", "label", "subClassOf"]
        for row in rows[1:] if has_parents else rows:
            cells = [c.strip().strip('"') for c in row]
            iri = curie_to_obo_iri(cells[0])
            if iri is None or len(cells) < 2:
                continue
            parents = [cells[2]] if has_parents and len(cells) > 2 and cells[2] else []
            parsed.append((iri, cells[1], parents, None))
        self.label_only = not has_parents
        if has_parents:
            self.table = _merge_rows(parsed)
        else:
            self.table = {}
            for iri, label, _p, _d in parsed:
                old = self.table.get(iri)
                labels = (old.labels if old else ()) + ((label,) if not old or label not in old.labels else ())
                self.table[iri] = SourceTerm(iri=iri, labels=labels)

    def version(self) -> str | None:
        return None

    def terms_for(self, iris: Iterable[str]) -> TermTable:
        return _ancestor_closure(self.table, iris)


def _merge_rows(rows: list[tuple[str, str, list[str], str | None]]) -> TermTable:
    """One row per (term, parent): merge rows of the same term before resolving parents."""
    merged: dict[str, tuple[str, list[str], str | None]] = {}
    for iri, label, parents, definition in rows:
        if iri in merged:
            old_label, old_parents, old_def = merged[iri]
            merged[iri] = (old_label, old_parents + [p for p in parents if p not in old_parents], old_def or definition)
        else:
            merged[iri] = (label, list(parents), definition)
    return _resolve_parent_labels([(iri, *values) for iri, values in merged.items()])


class RobotTemplateSource:
    """OBI's ROBOT templates (obi-investigations.tsv, ...): columns `ontology ID`, `label`,
    `definition`, `parent class` (a label). Row 2 holds the template strings and is skipped."""

    label_only = False

    def __init__(self, paths: list[Path], extra_labels: Mapping[str, str] | None = None):
        self.paths = paths
        self.name = ", ".join(p.name for p in paths)
        rows: list[tuple[str, str, list[str], str | None]] = []
        for path in paths:
            table = _read_tsv(path)
            columns = {name: i for i, name in enumerate(table[0])}
            for row in table[2:]:
                cell = lambda name: row[columns[name]].strip() if columns.get(name) is not None and columns[name] < len(row) else ""  # noqa: E731
                iri = curie_to_obo_iri(cell("ontology ID"))
                if iri and cell("label"):
                    parents = [p.strip() for p in cell("parent class").split("|") if p.strip()]
                    rows.append((iri, cell("label"), parents, cell("definition") or None))
        # parents named by label may be defined outside the templates (in obi-edit.owl)
        known = {iri for iri, *_ in rows}
        for iri, label in sorted((extra_labels or {}).items()):
            if iri not in known:
                rows.append((iri, label, [], None))
        self.table = _merge_rows(rows)
        self.template_iris = known

    def version(self) -> str | None:
        return None

    def terms_for(self, iris: Iterable[str]) -> TermTable:
        return _ancestor_closure(self.table, iris)


# ---- RDF and OWL files, and SPARQL endpoints ----------------------------------------------------

PREFIXES_SPARQL = """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX obo: <http://purl.obolibrary.org/obo/>
"""

# a named parent: asserted rdfs:subClassOf / rdfs:subPropertyOf, or the named conjunct of an
# equivalence to an intersection (C ≡ A ⊓ R implies C ⊑ A)
PARENT_PATH = "(rdfs:subClassOf|rdfs:subPropertyOf|owl:equivalentClass/owl:intersectionOf/rdf:rest*/rdf:first)"

CLOSURE_QUERY = PREFIXES_SPARQL + """SELECT DISTINCT ?term WHERE {
  VALUES ?start { %s }
  ?start %s* ?term .
  FILTER(isIRI(?term))
}"""

DETAIL_QUERIES = {
    "label": "SELECT DISTINCT ?term ?value WHERE { VALUES ?term { %s } ?term rdfs:label ?value }",
    "definition": "SELECT DISTINCT ?term ?value WHERE { VALUES ?term { %s } "
                  "{ ?term obo:IAO_0000115 ?value } UNION { ?term skos:definition ?value } }",
    "parent": "SELECT DISTINCT ?term ?value WHERE { VALUES ?term { %s } ?term " + PARENT_PATH + " ?value . "
              "FILTER(isIRI(?value) && ?value != ?term) }",
    "kind": "SELECT DISTINCT ?term ?value WHERE { VALUES ?term { %s } ?term rdf:type ?value . "
            "FILTER(?value IN (owl:Class, rdfs:Class, owl:ObjectProperty, owl:DatatypeProperty, "
            "owl:AnnotationProperty, rdf:Property)) }",
    "deprecated": "SELECT DISTINCT ?term ?value WHERE { VALUES ?term { %s } ?term owl:deprecated ?value }",
}

VERSION_QUERY = PREFIXES_SPARQL + """SELECT ?value WHERE {
  ?ontology a owl:Ontology .
  { ?ontology owl:versionIRI ?value } UNION { ?ontology owl:versionInfo ?value }
} ORDER BY ?value LIMIT 1"""

_KIND_OF_TYPE = {
    "http://www.w3.org/2002/07/owl#Class": "Class",
    "http://www.w3.org/2000/01/rdf-schema#Class": "Class",
    "http://www.w3.org/2002/07/owl#ObjectProperty": "ObjectProperty",
    "http://www.w3.org/2002/07/owl#DatatypeProperty": "DatatypeProperty",
    "http://www.w3.org/2002/07/owl#AnnotationProperty": "AnnotationProperty",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#Property": "ObjectProperty",
}

# a query runner: SPARQL text -> rows of {variable: (kind, text)} with kind "uri" or "literal"
Row = dict[str, tuple[str, str]]
QueryRunner = Callable[[str], list[Row]]

BATCH = 200


def _values(iris: Iterable[str]) -> str:
    return " ".join(f"<{iri}>" for iri in iris)


class SparqlTermSource:
    """Terms read with SPARQL: from a local Oxigraph store (RDF/OWL files) or a remote endpoint.
    The same queries serve both, so a file and an endpoint holding it give the same module."""

    label_only = False

    def __init__(self, name: str, run: QueryRunner):
        self.name = name
        self._run = run

    def version(self) -> str | None:
        rows = self._run(VERSION_QUERY)
        return rows[0]["value"][1] if rows else None

    def terms_for(self, iris: Iterable[str]) -> TermTable:
        nodes: set[str] = set()
        wanted = sorted(set(iris))
        for start in range(0, len(wanted), BATCH):
            query = CLOSURE_QUERY % (_values(wanted[start:start + BATCH]), PARENT_PATH)
            nodes.update(row["term"][1] for row in self._run(query) if row["term"][0] == "uri")
        details: dict[str, dict[str, set[str]]] = {iri: {} for iri in nodes}
        ordered = sorted(nodes)
        for start in range(0, len(ordered), BATCH):
            chunk = _values(ordered[start:start + BATCH])
            for what, template in DETAIL_QUERIES.items():
                for row in self._run(PREFIXES_SPARQL + template % chunk):
                    kind, text = row["value"]
                    if what in ("parent", "kind") and kind != "uri":
                        continue
                    details[row["term"][1]].setdefault(what, set()).add(text)
        table: TermTable = {}
        for iri, found in details.items():
            if not found:
                continue
            kinds = sorted(_KIND_OF_TYPE[t] for t in found.get("kind", ()))
            table[iri] = SourceTerm(
                iri=iri,
                labels=tuple(sorted(found.get("label", ()))),
                definitions=tuple(sorted(found.get("definition", ()))),
                parents=tuple(sorted(found.get("parent", ()))),
                kind=_pick_kind(kinds),
                obsolete=any(v.lower() in ("true", "1") for v in found.get("deprecated", ())),
            )
        return table


def _pick_kind(kinds: list[str]) -> str:
    for kind in ("ObjectProperty", "DatatypeProperty", "AnnotationProperty"):
        if kind in kinds:
            return kind
    return CLASS


def oxigraph_runner(store) -> QueryRunner:
    """Run queries on a pyoxigraph Store, answering rows in the runner format."""
    import pyoxigraph as ox

    def run(query: str) -> list[Row]:
        solutions = store.query(query)
        names = [v.value for v in solutions.variables]
        rows = []
        for solution in solutions:
            row: Row = {}
            for name in names:
                term = solution[name]
                if term is None:
                    continue
                row[name] = ("uri", term.value) if isinstance(term, ox.NamedNode) else ("literal", term.value)
            rows.append(row)
        return rows

    return run


def sparqlwrapper_runner(endpoint: str, timeout: int = 60) -> QueryRunner:
    """Run queries on a remote SPARQL endpoint (JSON results) through the endpoint backend the saved
    queries use: SPARQLWrapper's protocol request, one deadline per query, a cap on the answer."""
    from exograph.errors import EndpointError
    from exograph.query.backends import EndpointBackend

    backend = EndpointBackend(endpoint, timeout=timeout)

    def run(query: str) -> list[Row]:
        result = backend.json_results(query)
        if "results" not in result:
            raise EndpointError(f"SPARQL endpoint {endpoint} did not answer a SPARQL JSON result")
        rows = []
        for binding in result["results"]["bindings"]:
            rows.append({name: ("uri" if cell["type"] == "uri" else "literal", cell["value"])
                         for name, cell in binding.items()})
        return rows

    return run


def _rdf_format(path: Path):
    import pyoxigraph as ox

    head = path.read_bytes()[:512].lstrip()
    if head.startswith(b"Prefix(") or head.startswith(b"Ontology("):
        return "ofn"
    if head.startswith(b"<?xml") or head.startswith(b"<rdf:RDF"):
        return ox.RdfFormat.RDF_XML
    return {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".owl": ox.RdfFormat.RDF_XML,
            ".rdf": ox.RdfFormat.RDF_XML}.get(path.suffix, ox.RdfFormat.TURTLE)


def rdf_file_source(path: Path) -> SparqlTermSource:
    """An RDF/XML, Turtle, N-Triples or OWL Functional Syntax file, read through a local Oxigraph store."""
    import pyoxigraph as ox

    store = ox.Store()
    fmt = _rdf_format(path)
    try:
        if fmt == "ofn":
            import pyhornedowl

            ontology = pyhornedowl.open_ontology(str(path), "ofn")
            store.bulk_load(ontology.save_to_string("owl").encode("utf-8"), format=ox.RdfFormat.RDF_XML)
        else:
            store.bulk_load(path=str(path), format=fmt)
    except (OSError, SyntaxError, ValueError) as error:
        raise SourceError(f"{path}: cannot read as RDF/OWL: {error}") from error
    return SparqlTermSource(path.name, oxigraph_runner(store))


def open_source(path: Path) -> TermSource:
    """A reader for one file, chosen by its name and first bytes."""
    if not path.is_file():
        raise SourceError(f"ontology source {path} does not exist")
    if path.suffix == ".obo":
        return OboFileSource(path)
    if path.suffix == ".tsv":
        if path.name.startswith("obi-"):
            return RobotTemplateSource([path])
        return LabelTableSource(path)
    return rdf_file_source(path)


def graph_of_table(table: Mapping[str, SourceTerm]):
    """A source's terms as plain RDF (label, definition, subClassOf, kind): used to load an OBO
    file into a SPARQL store."""
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import OWL, RDF, RDFS

    graph = Graph()
    for iri, term in table.items():
        node = URIRef(iri)
        graph.add((node, RDF.type, OWL[term.kind]))
        for label in term.labels:
            graph.add((node, RDFS.label, Literal(label)))
        for definition in term.definitions:
            graph.add((node, URIRef(IAO_DEFINITION), Literal(definition)))
        for parent in term.parents:
            graph.add((node, RDFS.subClassOf if term.kind == CLASS else RDFS.subPropertyOf, URIRef(parent)))
        if term.obsolete:
            graph.add((node, OWL.deprecated, Literal(True)))
    return graph


def _all_labels(source: TermSource) -> dict[str, str]:
    """IRI → label for every labelled term of a source (used to resolve template parents)."""
    if isinstance(source, SparqlTermSource):
        rows = source._run(PREFIXES_SPARQL + "SELECT ?term ?value WHERE { ?term rdfs:label ?value . FILTER(isIRI(?term)) }")
        labels: dict[str, str] = {}
        for row in sorted(rows, key=lambda r: (r["term"][1], r["value"][1])):
            labels.setdefault(row["term"][1], row["value"][1])
        return labels
    table = getattr(source, "table", {})
    return {iri: term.label for iri, term in table.items() if term.label}


class ChainSource:
    """Several files of one ontology (OBI: the edit file and its ROBOT templates). A term comes from
    the first source that labels it; ancestors are followed across sources."""

    def __init__(self, sources: list[TermSource]):
        self.sources = sources
        self.name = ", ".join(s.name for s in sources)
        self.label_only = all(s.label_only for s in sources)

    def version(self) -> str | None:
        versions = [v for v in (s.version() for s in self.sources) if v]
        return versions[0] if versions else None

    def terms_for(self, iris: Iterable[str]) -> TermTable:
        table: TermTable = {}
        pending = set(iris)
        asked: set[str] = set()
        while pending:
            asked |= pending
            for source in self.sources:
                for iri, term in source.terms_for(sorted(pending)).items():
                    old = table.get(iri)
                    if old is None or (not old.labels and term.labels):
                        table[iri] = term
            pending = {p for term in table.values() for p in term.parents} - asked
        return table


def open_sources(paths: list[Path]) -> TermSource:
    """One reader over one or more files of the same ontology."""
    templates = [p for p in paths if p.suffix == ".tsv" and p.name.startswith("obi-")]
    others = [open_source(p) for p in paths if p not in templates]
    if templates:
        labels: dict[str, str] = {}
        for source in others:
            for iri, label in _all_labels(source).items():
                labels.setdefault(iri, label)
        for path in templates:
            if not path.is_file():
                raise SourceError(f"ontology source {path} does not exist")
        others.append(RobotTemplateSource(templates, extra_labels=labels))
    return others[0] if len(others) == 1 else ChainSource(others)

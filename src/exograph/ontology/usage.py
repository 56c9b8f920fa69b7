"""Which external terms the project uses, and where: the code (vocab.py and every module under
src/exograph), the curated records (data/**/*.yaml), the ontology (ontology/*.ttl), the shapes and
the saved queries. Import modules must cover all of them (`exograph imports` and tests check)."""

from __future__ import annotations

import re
from pathlib import Path

from exograph.ontology.imports import EXTERNAL_NAMESPACES, ONTOLOGIES, curie_of_iri
from exograph.ontology.sources import OBO_PURL

Usage = dict[str, set[str]]  # IRI -> places ("data/studies/park-2022.yaml", ...)

_OBO_PREFIXES = sorted({p for p, spec in ONTOLOGIES.items() if spec.namespace is None}
                       | {"BFO", "RO", "IAO", "PATO", "ENVO"}, key=len, reverse=True)
_CURIE = re.compile(r"(?<![\w/#:.-])(" + "|".join(_OBO_PREFIXES) + r"):([A-Za-z0-9_]+)\b")
_FULL_IRI = re.compile(r"<?((?:" + "|".join(re.escape(ns) for ns in EXTERNAL_NAMESPACES) + r")[A-Za-z0-9_#.-]*[A-Za-z0-9_])>?")
_CODE_OBO = re.compile(r"\bOBO(?:\.|\[[\"'])([A-Za-z]+_[A-Za-z0-9_]+)")
_CODE_CURIE_CALL = re.compile(r"\b(?:expand_curie|obo)\([\"']([A-Za-z]+:[A-Za-z0-9_]+)[\"']\)")
_CODE_NS = {"PROV": "http://www.w3.org/ns/prov#", "FABIO": "http://purl.org/spar/fabio/",
            "BIBO": "http://purl.org/ontology/bibo/"}
_CODE_NS_TERM = re.compile(r"\b(PROV|FABIO|BIBO)\.([A-Za-z_][A-Za-z0-9_]*)")
_SPARQL_PREFIX = re.compile(r"PREFIX\s+([A-Za-z][\w-]*)?:\s*<([^>]+)>", re.IGNORECASE)


_OBO_TERM = re.compile(re.escape(OBO_PURL) + r"[A-Za-z]+_[A-Za-z0-9_]*[A-Za-z0-9]$")


def _add(usage: Usage, iri: str, where: str) -> None:
    """Record a term IRI (not a bare namespace or an OBO prefix stem such as .../obo/CL_)."""
    if iri.startswith(OBO_PURL):
        if _OBO_TERM.match(iri):
            usage.setdefault(iri, set()).add(where)
    elif any(iri.startswith(ns) for ns in EXTERNAL_NAMESPACES) and iri not in EXTERNAL_NAMESPACES:
        usage.setdefault(iri, set()).add(where)


def _obo_iri(prefix: str, local: str) -> str:
    return f"{OBO_PURL}{prefix}_{local}"


def scan_code(path: Path, where: str, usage: Usage) -> None:
    text = path.read_text(encoding="utf-8")
    for match in _CODE_OBO.finditer(text):
        _add(usage, OBO_PURL + match.group(1), where)
    for match in _CODE_CURIE_CALL.finditer(text):
        prefix, _, local = match.group(1).partition(":")
        _add(usage, _obo_iri(prefix, local), where)
    for match in _CODE_NS_TERM.finditer(text):
        if match.group(2) not in ("term", "uri"):  # rdflib Namespace methods, not terms
            _add(usage, _CODE_NS[match.group(1)] + match.group(2), where)
    for match in _FULL_IRI.finditer(text):
        _add(usage, match.group(1), where)


def scan_yaml(path: Path, where: str, usage: Usage) -> None:
    text = path.read_text(encoding="utf-8")
    for line in text.splitlines():
        if re.match(r"\s*(-\s*)?(quote|at|as_reported|label|statement|notes|title)\s*:", line):
            continue  # free text quoted from a source may mention anything
        for match in _CURIE.finditer(line):
            _add(usage, _obo_iri(match.group(1), match.group(2)), where)


def scan_turtle(path: Path, where: str, usage: Usage) -> None:
    from rdflib import Graph, URIRef

    graph = Graph()
    graph.parse(path, format="turtle")
    for triple in graph:
        for node in triple:
            if isinstance(node, URIRef):
                _add(usage, str(node), where)


def scan_sparql(path: Path, where: str, usage: Usage) -> None:
    text = path.read_text(encoding="utf-8")
    prefixes = {m.group(1) or "": m.group(2) for m in _SPARQL_PREFIX.finditer(text)}
    for match in _FULL_IRI.finditer(text):
        _add(usage, match.group(1), where)
    body = _SPARQL_PREFIX.sub("", text)
    for prefix, namespace in prefixes.items():
        if not prefix or not any(namespace.startswith(ns) for ns in EXTERNAL_NAMESPACES):
            continue
        for match in re.finditer(rf"(?<![\w<]){re.escape(prefix)}:([A-Za-z0-9_]+)", body):
            _add(usage, namespace + match.group(1), where)


def project_usage(root: Path, include_code: bool = True) -> Usage:
    """Every external IRI (OBO PURLs, PROV-O, FaBiO, BIBO, DoCO) the project names, with where."""
    usage: Usage = {}

    def rel(path: Path) -> str:
        return str(path.relative_to(root))

    if include_code:
        for path in sorted((root / "src" / "exograph").rglob("*.py")):
            if "ontology" in path.relative_to(root / "src" / "exograph").parts:
                continue  # this package names sources and namespaces, not terms
            scan_code(path, rel(path), usage)
    for path in sorted((root / "data").rglob("*.yaml")):
        scan_yaml(path, rel(path), usage)
    for path in sorted((root / "ontology").glob("*.ttl")):
        scan_turtle(path, rel(path), usage)
    for path in sorted((root / "shapes").rglob("*.ttl")):
        scan_turtle(path, rel(path), usage)
    for path in sorted((root / "queries").rglob("*.rq")):
        scan_sparql(path, rel(path), usage)
    return usage


def module_labels(imports_dir: Path) -> dict[str, set[str]]:
    """IRI → labels over every import module (generated and hand-maintained)."""
    from rdflib import Graph, URIRef
    from rdflib.namespace import RDFS

    labels: dict[str, set[str]] = {}
    for path in sorted(imports_dir.glob("*.ttl")):
        graph = Graph()
        graph.parse(path, format="turtle")
        for subject, label in graph.subject_objects(RDFS.label):
            if isinstance(subject, URIRef):
                labels.setdefault(str(subject), set()).add(str(label))
    return labels


def unlisted(usage: Usage, listed_iris: set[str]) -> dict[str, set[str]]:
    """Used IRIs that terms.tsv does not list (as CURIE → places)."""
    missing = {}
    for iri, places in usage.items():
        if iri not in listed_iris:
            missing[curie_of_iri(iri) or iri] = places
    return missing

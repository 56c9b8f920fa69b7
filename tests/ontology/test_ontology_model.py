"""ontology/exograph.ttl: every exo: term the code and the data use is declared, labelled and
defined; every property is used with the kind (object or datatype) it is declared with."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from exograph import vocab
from exograph.ontology.imports import MODULE_BASE
from ontology_helpers import data, project_paths  # noqa: F401 (fixtures)

ROOT = Path(__file__).resolve().parents[2]
IAO_DEFINITION = URIRef("http://purl.obolibrary.org/obo/IAO_0000115")
EXO = str(vocab.EXO)


@pytest.fixture(scope="module")
def exograph_ttl() -> Graph:
    return Graph().parse(ROOT / "ontology" / "exograph.ttl")


def _vocab_terms() -> set[str]:
    found: set[str] = set()

    def walk(value):
        if isinstance(value, URIRef):
            if str(value).startswith(EXO):
                found.add(str(value))
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, (list, tuple, set)):
            for item in value:
                walk(item)

    for name, value in vars(vocab).items():
        if name.isupper():
            walk(value)
    for tool, domains in vocab.BIAS_DOMAINS.items():
        found |= {str(vocab.domain_iri(tool, domain)) for domain in domains}
    found |= {str(vocab.judgement_iri(j)) for j in vocab.JUDGEMENTS}
    return found


def _code_terms() -> set[str]:
    """EXO.name and EXO["name"] in the triple mapping, plus the names it builds from field names."""
    text = (ROOT / "src" / "exograph" / "records" / "triples.py").read_text(encoding="utf-8")
    names = set(re.findall(r"\bEXO\.([A-Za-z_]\w*)", text)) | set(re.findall(r"\bEXO\[\"(\w+)\"\]", text))
    names |= {f"participants{stage.capitalize()}" for stage in ("assessed", "excluded", "allocated", "analysed")}
    for match in re.finditer(r"for field in \(([^)]*)\):\s*\n\s*camel", text):
        for field in re.findall(r'"(\w+)"', match.group(1)):
            names.add("".join(p.capitalize() if i else p for i, p in enumerate(field.split("_"))))
    return {EXO + name for name in names}


def _data_terms(data: Graph) -> set[str]:
    return {str(n) for triple in data for n in triple if isinstance(n, URIRef) and str(n).startswith(EXO)}


def test_ontology_header(exograph_ttl):
    ontology = URIRef("https://w3id.org/exograph/ontology")
    assert (ontology, RDF.type, OWL.Ontology) in exograph_ttl
    imported = {str(o) for o in exograph_ttl.objects(ontology, OWL.imports)}
    modules = {MODULE_BASE + p.stem for p in (ROOT / "ontology" / "imports").glob("*.ttl")}
    assert imported == modules


@pytest.mark.parametrize("source", ["vocab.py", "triples.py", "data"])
def test_every_exo_term_used_is_declared_labelled_and_defined(exograph_ttl, data, source):
    used = {"vocab.py": _vocab_terms, "triples.py": _code_terms}.get(source, lambda: _data_terms(data))()
    assert used
    declared = {str(s) for s in exograph_ttl.subjects(RDF.type, None)}
    problems = []
    for iri in sorted(used):
        node = URIRef(iri)
        if iri not in declared:
            problems.append(f"{iri} is not declared")
        elif exograph_ttl.value(node, RDFS.label) is None:
            problems.append(f"{iri} has no rdfs:label")
        elif exograph_ttl.value(node, IAO_DEFINITION) is None:
            problems.append(f"{iri} has no IAO:0000115 definition")
    assert not problems, "\n".join(problems)


def test_every_local_term_has_one_label_and_one_iao_definition(exograph_ttl):
    for node in set(exograph_ttl.subjects(RDF.type, None)):
        if isinstance(node, URIRef) and str(node).startswith(EXO):
            assert len(set(exograph_ttl.objects(node, RDFS.label))) == 1, node
            assert len(set(exograph_ttl.objects(node, IAO_DEFINITION))) == 1, node
    assert not list(exograph_ttl.subject_objects(SKOS.definition)), "definitions use IAO:0000115 only"


def test_properties_are_used_with_their_declared_kind(exograph_ttl, data):
    object_properties = set(exograph_ttl.subjects(RDF.type, OWL.ObjectProperty))
    data_properties = set(exograph_ttl.subjects(RDF.type, OWL.DatatypeProperty))
    wrong = set()
    for _, predicate, obj in data:
        if predicate in object_properties and isinstance(obj, Literal):
            wrong.add(f"{predicate} is an object property but has a literal value")
        if predicate in data_properties and not isinstance(obj, Literal):
            wrong.add(f"{predicate} is a datatype property but has the IRI value {obj}")
    assert not wrong, sorted(wrong)


def test_defined_classes_are_defined_by_equivalence(exograph_ttl):
    defined = {s for s in exograph_ttl.subjects(OWL.equivalentClass, None) if str(s).startswith(EXO)}
    assert len(defined) >= 3
    for name in ("MSCCellTypeSource", "MSCDerivedEvidence", "ControlledStudy", "AdministrationSiteAdverseEvent"):
        assert URIRef(EXO + name) in defined


def test_local_classes_align_to_verified_terms_as_documented(exograph_ttl):
    obo = "http://purl.obolibrary.org/obo/"
    assert (URIRef(EXO + "SingleArmTrial"), SKOS.closeMatch, URIRef(obo + "OBI_0004002")) in exograph_ttl
    assert (URIRef(EXO + "RandomizedControlledTrial"), RDFS.subClassOf, URIRef(obo + "OBI_0004001")) in exograph_ttl
    nta = URIRef(EXO + "NanoparticleTrackingAnalysis")
    dls = URIRef(obo + "CHMO_0000167")
    assert dls not in set(exograph_ttl.objects(nta, None)), "NTA must not be equated with DLS"
    assert "CHMO:0000167" in str(exograph_ttl.value(nta, RDFS.comment))


@pytest.mark.parametrize("kind, keys", [("DocumentKindKey", vocab.DOCUMENT_KINDS), ("SourceKindKey", vocab.SOURCE_KINDS),
                                        ("Study", vocab.DESIGNS)])
def test_every_record_key_has_one_labelled_term(exograph_ttl: Graph, kind: str, keys: dict) -> None:
    """The queries print a key's label by joining the key to its term's skos:notation: a key without a
    term would print as a key, two terms would give two rows."""
    for key in keys:
        terms = [t for t in exograph_ttl.subjects(SKOS.notation, Literal(key))
                 if (t, RDF.type, vocab.EXO[kind]) in exograph_ttl or (t, RDFS.subClassOf, vocab.EXO[kind]) in exograph_ttl]
        assert len(terms) == 1 and exograph_ttl.value(terms[0], RDFS.label), (kind, key, terms)

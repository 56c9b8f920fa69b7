"""Import modules: every external term the project uses is in one, with the label its source file
gives it; `exograph imports` regenerates them byte for byte and fails loudly on a missing term."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS

from exograph.ontology import imports as imp
from exograph.ontology.sources import OboFileSource, open_sources
from exograph.ontology.usage import module_labels, project_usage
from ontology_helpers import obo_reference, shared_ontologies  # noqa: F401 (fixtures)

ROOT = Path(__file__).resolve().parents[2]
IMPORTS = ROOT / "ontology" / "imports"
TERMS = IMPORTS / "terms.tsv"


def _modules(kind: str) -> list[Path]:
    return sorted(IMPORTS.glob(f"*_{kind}.ttl"))


def test_every_used_external_iri_has_its_label_in_an_import_module():
    labels = module_labels(IMPORTS)
    missing = {iri: sorted(places) for iri, places in project_usage(ROOT).items() if not labels.get(iri)}
    assert not missing, f"external IRIs used without a labelled import-module entry: {missing}"


def test_terms_tsv_lists_every_used_term_with_the_module_label():
    listed = {entry.iri: entry for entry in imp.read_term_list(TERMS)}
    unlisted = sorted(iri for iri in project_usage(ROOT) if iri not in listed)
    assert not unlisted, f"used but not in terms.tsv: {unlisted}"
    labels = module_labels(IMPORTS)
    wrong = {e.curie: (e.label, sorted(labels.get(iri, ()))) for iri, e in listed.items()
             if e.label not in labels.get(iri, set())}
    assert not wrong, f"terms.tsv label not in the import modules: {wrong}"


def test_generated_modules_say_where_they_come_from():
    assert _modules("import"), "no generated import modules"
    for path in _modules("import"):
        graph = Graph().parse(path)
        header = URIRef(imp.MODULE_BASE + path.stem)
        assert (header, RDF.type, OWL.Ontology) in graph, path.name
        assert Literal(imp.GENERATED) in set(graph.objects(header, RDFS.comment)), path.name
        assert list(graph.objects(header, DCTERMS.source)), f"{path.name}: no dcterms:source"
        assert list(graph.objects(header, OWL.versionInfo)), f"{path.name}: no owl:versionInfo"
        assert list(graph.objects(header, DCTERMS.license)), f"{path.name}: no dcterms:license"
        assert path.read_text(encoding="utf-8").startswith(f"# {imp.GENERATED}")


def test_label_only_modules_say_so():
    for name in ("mondo_import.ttl", "hp_import.ttl"):
        graph = Graph().parse(IMPORTS / name)
        notes = " ".join(str(o) for o in graph.objects(URIRef(imp.MODULE_BASE + name[:-4]), DCTERMS.description))
        assert "Labels only" in notes, name
        assert not list(graph.objects(None, RDFS.subClassOf)), f"{name} should carry no hierarchy"


def test_every_generated_module_term_has_that_label_in_its_source_file(shared_ontologies):
    """Requested terms and every ancestor: the module label is one of the source's labels."""
    for path in _modules("import"):
        graph = Graph().parse(path)
        header = URIRef(imp.MODULE_BASE + path.stem)
        files = sorted(str(s) for s in graph.objects(header, DCTERMS.source))
        source = open_sources([shared_ontologies / name for name in files])
        terms = {str(s): str(o) for s, o in graph.subject_objects(RDFS.label) if s != header}
        table = source.terms_for(terms)
        for iri, label in sorted(terms.items()):
            assert iri in table, f"{path.name}: {iri} is not in {files}"
            assert label in table[iri].labels, f"{path.name}: {iri} is {label!r} here, {table[iri].labels} in {files}"
            assert not table[iri].obsolete, f"{path.name}: {iri} is obsolete in {files}"


def _verified_reference(obo_reference: Path) -> dict[str, str]:
    with obo_reference.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return {row["iri"]: row["exact_label"] for row in rows if row["note"].startswith("VERIFIED") and row["iri"]}


def test_hand_maintained_terms_are_verified(obo_reference, shared_ontologies):
    """*_manual.ttl terms citing obo-terms.tsv have a VERIFIED row with that exact label; those
    citing an ontology file are declared in it."""
    verified = _verified_reference(obo_reference)
    for path in _modules("manual"):
        graph = Graph().parse(path)
        for term, label in graph.subject_objects(RDFS.label):
            if (term, RDF.type, OWL.Ontology) in graph:
                continue
            cited = str(graph.value(term, DCTERMS.source))
            if cited.endswith("obo-terms.tsv"):
                assert verified.get(str(term)) == str(label), f"{path.name}: {term} {label!r} not VERIFIED"
            else:
                assert str(term) in (shared_ontologies / cited).read_text(encoding="utf-8").replace(
                    "&bibo;", "http://purl.org/ontology/bibo/"), f"{path.name}: {term} not in {cited}"


def test_imports_regenerate_byte_identically(tmp_path, shared_ontologies):
    first, second = tmp_path / "first", tmp_path / "second"
    for out in (first, second):
        shutil.copytree(IMPORTS, out)
        for generated in out.glob("*_import.ttl"):
            generated.unlink()
        imp.generate(out / "terms.tsv", out, source_dir=shared_ontologies)
    for path in _modules("import"):
        assert (first / path.name).read_bytes() == path.read_bytes(), f"{path.name} is out of date: run exograph imports"
        assert (second / path.name).read_bytes() == path.read_bytes(), f"{path.name} differs between runs"
    assert sorted(p.name for p in first.glob("*_import.ttl")) == [p.name for p in _modules("import")]


def test_imports_check_passes_on_the_committed_modules(shared_ontologies, tmp_path):
    report = imp.generate(TERMS, IMPORTS, source_dir=shared_ontologies, check=True)
    assert not report.would_change, [str(p) for p in report.would_change]


def _term_list(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "terms.tsv"
    path.write_text("curie\tlabel\tsource\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_term_the_source_lacks_is_an_error_naming_term_and_file(tmp_path, shared_ontologies):
    terms = _term_list(tmp_path, ["UO:0000017\tmicrometer", "UO:9999999\tno such unit"])
    with pytest.raises(imp.ImportsError) as error:
        imp.generate(terms, tmp_path, source_dir=shared_ontologies)
    assert "UO:9999999" in str(error.value) and "uo.obo" in str(error.value)


def test_a_wrong_label_is_an_error(tmp_path, shared_ontologies):
    terms = _term_list(tmp_path, ["STATO:0000573\tmean"])
    with pytest.raises(imp.ImportsError, match="average value"):
        imp.generate(terms, tmp_path, source_dir=shared_ontologies)


def test_the_cl_module_carries_the_msc_chain(shared_ontologies, tmp_path):
    """CL edit-file classes often have only an equivalence (ADSC ≡ MSC ⊓ part_of adipose); the module
    still needs ADSC is_a MSC for the reasoner and the hierarchy-aware queries."""
    terms = _term_list(tmp_path, ["CL:0002570\tmesenchymal stem cell of adipose tissue"])
    imp.generate(terms, tmp_path, source_dir=shared_ontologies)
    graph = Graph().parse(tmp_path / "cl_import.ttl")
    obo = "http://purl.obolibrary.org/obo/"
    chain = set(graph.transitive_objects(URIRef(obo + "CL_0002570"), RDFS.subClassOf))
    assert {URIRef(obo + "CL_0000134"), URIRef(obo + "CL_0000000")} <= chain


def test_obo_parser_reads_escapes_genus_and_first_name(tmp_path):
    path = tmp_path / "tiny.obo"
    path.write_text(
        "format-version: 1.2\ndata-version: releases/2000-01-01\n\n"
        "[Term]\nid: X:1\nname: root\n\n"
        "[Term]\nid: X:2\nname: first name\nname: second name\n"
        'def: "A \\"quoted\\" definition." [ref:1]\n'
        "intersection_of: X:1 ! root\nintersection_of: part_of X:3\n\n"
        "[Term]\nid: X:3\nname: gone\nis_obsolete: true\n\n"
        "[Typedef]\nid: part_of\nname: part of\n", encoding="utf-8")
    source = OboFileSource(path)
    assert source.version() == "releases/2000-01-01"
    term = source.table["http://purl.obolibrary.org/obo/X_2"]
    assert term.label == "first name" and term.definition == 'A "quoted" definition.'
    assert term.parents == ("http://purl.obolibrary.org/obo/X_1",)
    assert source.table["http://purl.obolibrary.org/obo/X_3"].obsolete


def test_the_doid_module_resolves_parents_by_label():
    graph = Graph().parse(IMPORTS / "doid_import.ttl")
    obo = "http://purl.obolibrary.org/obo/"
    assert (URIRef(obo + "DOID_0050801"), RDFS.subClassOf, URIRef(obo + "DOID_987")) in graph


def test_terms_tsv_agrees_with_every_verified_reference_row(obo_reference):
    """Where ../shared/reference/obo-terms.tsv has a VERIFIED row for a listed term, the labels agree."""
    verified = _verified_reference(obo_reference)
    disagree = {e.curie: (e.label, verified[e.iri]) for e in imp.read_term_list(TERMS)
                if e.iri in verified and verified[e.iri] != e.label}
    assert not disagree, disagree

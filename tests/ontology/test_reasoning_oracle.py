"""Reasoning record by record gives exactly what HermiT gives over the whole graph at once: the same
inferred class memberships, the same consistency verdict and unsatisfiable classes — on the curated
data, on a synthetic set, on records whose classes depend on each other's individuals and on the
deliberately inconsistent fixtures (the real HermiT, through Java). The cross-record pass closes only
the part of the records' views that can change: every closure it makes is checked against closing
them all."""

from __future__ import annotations

from pathlib import Path

import pytest

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from exograph.ontology import records
from exograph.ontology.reason import InferenceResult, infer
from exograph.vocab import EXD, EXO
from ontology_helpers import data, fixture_data, hermit_inference, java, ontology, project_paths, real_inference  # noqa: F401
from support import make_synthetic_project

SYNTHETIC_STUDIES = 24  # two reviews: records share documents and reviews, HermiT still takes seconds
OBO = "http://purl.obolibrary.org/obo/"


@pytest.fixture
def closures(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every closure of the cross-record pass made twice, over the part that can change and over every
    view, and required to give every individual the same classes; yields how many individuals each
    restricted closure realized (so that a test can tell the restriction did restrict)."""
    close_views, sizes = records.close_views, []

    def checked(results, ontology, whole=False):  # noqa: ANN001, ANN202 - records.close_views
        restricted = close_views(results, ontology, whole)
        reference = close_views(results, ontology, whole=True)
        assert restricted.consistent == reference.consistent
        if reference.consistent:
            assert _classes(restricted.types) == _classes(reference.types)
            views = records.Views.of(results)
            sizes.append(len(records.close_part(views, results, ontology).types) - len(views.classes))
        return restricted

    monkeypatch.setattr(records, "close_views", checked)
    return sizes


def _classes(types: dict[str, set[str]]) -> dict[str, set[str]]:
    return {individual: set(classes) for individual, classes in types.items() if classes}


def _memberships(result: InferenceResult) -> set[tuple[str, str]]:
    return {(m.individual, m.cls) for m in result.memberships}


def _assert_same(per_record: InferenceResult, whole: InferenceResult) -> None:
    assert per_record.consistent == whole.consistent
    assert per_record.unsatisfiable == whole.unsatisfiable
    assert _memberships(per_record) == _memberships(whole)
    assert set(per_record.inferred) == set(whole.inferred)
    assert per_record.left_out == whole.left_out  # both were given the same data triples


def test_curated_data_reasons_like_whole_graph_hermit(real_inference, hermit_inference):
    assert hermit_inference.consistent and len(hermit_inference.memberships) > 20
    _assert_same(real_inference, hermit_inference)


def test_the_cross_record_pass_on_the_curated_data_closes_less_and_finds_the_same(java, ontology, data, closures,
                                                                                hermit_inference):
    _assert_same(infer(data, ontology), hermit_inference)
    assert closures and all(size < 0 for size in closures)  # fewer individuals realized than the views name


def test_synthetic_data_reasons_like_whole_graph_hermit(java, tmp_path: Path):
    from exograph.graphs import ontology_graph
    from exograph.paths import ProjectPaths
    from exograph.records.convert import data_graph, load_records
    from exograph.records.derived import derived_claims

    paths = ProjectPaths(make_synthetic_project(tmp_path / "p", SYNTHETIC_STUDIES, seed=3, per_review=12))
    data = data_graph(load_records(paths))
    data += derived_claims(data)  # the reviews' computed claims are reasoned over too
    ontology = ontology_graph(paths)
    whole = infer(data, ontology, hermit=True)
    assert whole.consistent and len({m.cls for m in whole.memberships}) >= 5
    _assert_same(infer(data, ontology), whole)


def test_the_cross_record_pass_on_synthetic_data_closes_less_and_finds_the_same(java, closures, tmp_path: Path):
    from exograph.graphs import ontology_graph
    from exograph.paths import ProjectPaths
    from exograph.records.convert import data_graph, load_records
    from exograph.records.derived import derived_claims

    paths = ProjectPaths(make_synthetic_project(tmp_path / "p", SYNTHETIC_STUDIES, seed=5, per_review=12))
    data = data_graph(load_records(paths))
    data += derived_claims(data)
    assert infer(data, ontology_graph(paths)).consistent
    assert closures and all(size < 0 for size in closures)


def _depending_records() -> Graph:
    """Study a's exosome source comes from a cell that only study b's record describes, as an MSC of
    adipose tissue (CL:0002570, under CL:0000134). Only together do the two records make the source
    an exo:MSCCellTypeSource and then study a an exo:MSCDerivedEvidence: the cell is seen by both
    records, and the class travels from it over two links only a's record states, to individuals
    no other record sees."""
    graph = Graph()
    study_a, study_b = URIRef(EXD + "study/a"), URIRef(EXD + "study/b")
    source, cell = URIRef(EXD + "study/a/exosome_sources/0"), URIRef(EXD + "study/b/cells/0")
    graph.add((study_a, RDF.type, EXO.Study))
    graph.add((study_a, EXO.usesExosomeSource, source))
    graph.add((source, RDF.type, EXO.ExosomeSource))
    graph.add((study_b, RDF.type, EXO.Study))
    graph.add((source, EXO.derivedFromCell, cell))
    graph.add((cell, RDF.type, URIRef(OBO + "CL_0002570")))
    return graph


def test_a_record_whose_class_depends_on_another_records_individual(java, ontology, closures):
    data = _depending_records()
    whole = infer(data, ontology, hermit=True)
    found = _memberships(whole)
    assert (EXD + "study/a/exosome_sources/0", EXO + "MSCCellTypeSource") in found
    assert (EXD + "study/a", EXO + "MSCDerivedEvidence") in found
    _assert_same(infer(data, ontology), whole)
    assert closures


@pytest.mark.parametrize("name", ["inconsistent", "site-conflict"])
def test_inconsistent_fixtures_are_inconsistent_for_both(java, ontology, name: str):
    whole = infer(fixture_data(name), ontology, hermit=True, isolate=False)
    per_record = infer(fixture_data(name), ontology)
    assert not whole.consistent and not per_record.consistent
    assert per_record.violations and not per_record.inferred


def test_two_records_giving_one_individual_two_values_of_a_functional_property_are_refused(java, ontology, closures):
    """exo:ofStudy is functional: a measurement of study a that study c's record also claims
    (exo:hasMeasurement is its inverse) would make a and c one study. The pass refuses that
    (equality across records is not implemented), though each record alone is consistent."""
    from exograph.ontology.realize import ReasoningLimit

    graph = Graph()
    measurement = URIRef(EXD + "study/a/results/0")
    for study in ("a", "c"):
        graph.add((URIRef(EXD + f"study/{study}"), RDF.type, EXO.Study))
    graph.add((measurement, RDF.type, EXO.OutcomeMeasurement))
    graph.add((measurement, EXO.ofStudy, URIRef(EXD + "study/a")))
    graph.add((URIRef(EXD + "study/c"), EXO.hasMeasurement, measurement))
    with pytest.raises(ReasoningLimit, match="equality across records"):
        infer(graph, ontology)

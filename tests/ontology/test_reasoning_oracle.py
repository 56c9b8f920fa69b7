"""Reasoning record by record gives exactly what HermiT gives over the whole graph at once: the same
inferred class memberships, the same consistency verdict and unsatisfiable classes — on the curated
data, on a synthetic set and on the deliberately inconsistent fixtures (the real HermiT, through Java)."""

from __future__ import annotations

from pathlib import Path

import pytest

from exograph.ontology.reason import InferenceResult, infer
from ontology_helpers import data, fixture_data, hermit_inference, java, ontology, project_paths, real_inference  # noqa: F401
from support import make_synthetic_project

SYNTHETIC_STUDIES = 24  # two reviews: records share documents and reviews, HermiT still takes seconds


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


@pytest.mark.parametrize("name", ["inconsistent", "site-conflict"])
def test_inconsistent_fixtures_are_inconsistent_for_both(java, ontology, name: str):
    whole = infer(fixture_data(name), ontology, hermit=True, isolate=False)
    per_record = infer(fixture_data(name), ontology)
    assert not whole.consistent and not per_record.consistent
    assert per_record.violations and not per_record.inferred

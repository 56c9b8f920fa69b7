"""`exograph synth`: records in the curation format, deterministic, with checkable quotes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from exograph import vocab
from exograph.records.load import load_all, record_files
from exograph.paths import ProjectPaths
from exograph.records.quotes import document_texts, sourced_facts
from exograph.records.schema import ReviewRecord, SourceRecord, StudyRecord
from exograph.synthetic import synthetic_files, write_synthetic

from support import ROOT, make_synthetic_project


def _files(n: int, seed: int = 0, per_review: int = 100) -> dict[str, str]:
    return {f.rel_path: f.text for f in synthetic_files(n, seed, per_review)}


def test_same_seed_same_files_other_seed_other_files() -> None:
    assert _files(12, seed=3) == _files(12, seed=3)
    assert _files(12, seed=3) != _files(12, seed=4)


def test_a_smaller_set_is_a_prefix_of_a_larger_one() -> None:
    small, large = _files(10, per_review=10), _files(30, per_review=10)
    studies = [path for path in small if path.startswith("data/studies/")]
    assert len(studies) == 10 and all(small[path] == large[path] for path in studies)


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list]:
    folder = make_synthetic_project(tmp_path_factory.mktemp("synth60"), 60, seed=1, per_review=25)
    records, problems = load_all(record_files(folder / "data"), folder)
    assert not problems, "\n".join(p.as_text() for p in problems)
    return folder, records


def test_every_record_loads_and_each_review_includes_its_studies(loaded: tuple[Path, list]) -> None:
    _, records = loaded
    studies = [r.record for r in records if isinstance(r.record, StudyRecord)]
    reviews = {r.record.id: r.record for r in records if isinstance(r.record, ReviewRecord)}
    sources = {r.record.id for r in records if isinstance(r.record, SourceRecord)}
    assert len(studies) == 60 and set(reviews) == {"synth-review-001", "synth-review-002", "synth-review-003"}
    assert sources == set(reviews) and {s.document for s in studies} == set(reviews)
    included = [inclusion.study for review in reviews.values() for inclusion in review.included_studies]
    assert sorted(included) == sorted(s.id for s in studies)  # each study in exactly one review


def test_every_quote_is_in_its_reviews_synthetic_document(loaded: tuple[Path, list]) -> None:
    folder, records = loaded
    texts = document_texts(ProjectPaths(folder).text_folders, records)
    for item in records:
        for fact in sourced_facts(item.record):
            assert fact.quote, f"{item.rel_path}: {fact.field_path} has no quote"
            assert texts.contains(fact.document, fact.quote), f"{item.rel_path}: {fact.field_path}: {fact.quote!r}"


def test_results_are_internally_consistent(loaded: tuple[Path, list]) -> None:
    _, records = loaded
    for study in (r.record for r in records if isinstance(r.record, StudyRecord)):
        arms = {a.id for a in study.arms}
        for m in study.measurements:
            if m.baseline is not None and m.followup is not None:
                assert round(m.baseline + m.change, 6) == m.followup, (study.id, m.id)
            if m.p_value and m.significant is not None:
                assert m.significant == (m.p_value.comparator == "<" or m.p_value.value < 0.05), (study.id, m.id)
            assert m.arm in arms
        assert sum(a.n or 0 for a in study.arms) == study.sample_size[0].value


def test_risk_of_bias_judges_every_domain_of_its_tool(loaded: tuple[Path, list]) -> None:
    _, records = loaded
    tools = set()
    for study in (r.record for r in records if isinstance(r.record, StudyRecord)):
        for assessment in study.risk_of_bias:
            tools.add(assessment.tool)
            assert [j.domain for j in assessment.judgements] == vocab.BIAS_DOMAINS[assessment.tool]
    assert len(tools) >= 3


def test_distributions_cover_the_value_sets_like_the_real_data(loaded: tuple[Path, list]) -> None:
    _, records = loaded
    studies = [r.record for r in records if isinstance(r.record, StudyRecord)]
    designs = {f.value for s in studies for f in s.design}
    kinds = {src.kind for s in studies for i in s.interventions for src in i.sources}
    events = {e.event for s in studies for e in s.adverse_events}
    assert len(designs) >= 5 and "plant" in kinds and "none" in events and len(events) >= 4


def _synth_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "EXOGRAPH_ROOT": str(ROOT), "PYTHONWARNINGS": "ignore"}
    return subprocess.run([sys.executable, "-m", "exograph", "synth", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def test_cli_writes_a_project_folder_and_clears_an_earlier_set(tmp_path: Path) -> None:
    out = tmp_path / "s"
    assert _synth_cli("--studies", "7", "--out", str(out), cwd=tmp_path).returncode == 0
    assert _synth_cli("--studies", "3", "--out", str(out), cwd=tmp_path).returncode == 0
    assert len(list((out / "data" / "studies").glob("*.yaml"))) == 3
    assert (out / "shapes").resolve() == (ROOT / "shapes").resolve()
    assert (out / "data" / "sources" / "synth-review-001.md").is_file()
    assert (out / "data" / "sources" / "synth-review-001.yaml").is_file()


def test_cli_refuses_to_write_into_the_project_itself(tmp_path: Path) -> None:
    result = _synth_cli("--studies", "3", "--out", str(ROOT), cwd=tmp_path)
    assert result.returncode == 2 and "mix with curated" in result.stderr
    assert not list((ROOT / "data" / "studies").glob("synth-*.yaml"))


def test_validate_conforms_on_a_synthetic_set(tmp_path: Path) -> None:
    """The acceptance check of the issue: `exograph validate` exits 0 on synthetic records."""
    folder = make_synthetic_project(tmp_path / "v", 30, seed=2, per_review=15)
    env = {**os.environ, "EXOGRAPH_ROOT": str(folder), "PYTHONWARNINGS": "ignore"}
    result = subprocess.run([sys.executable, "-m", "exograph", "validate", "--strict-quotes"], cwd=folder, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "QUOTES NOT CHECKED" not in result.stderr  # the texts are in the project: every quote is checked


def test_write_synthetic_rejects_an_empty_set(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        write_synthetic(tmp_path, 0)

"""Validation in the worker pool reports exactly what serial validation reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from exograph.build import pool, validation
from exograph.build.pool import chunks
from exograph.build.validation import validate_records_parallel, wants_parallel
from exograph.paths import ProjectPaths
from exograph.records.convert import load_records
from exograph.validate.shacl import validate_records

from support import copy_project, make_synthetic_project


def _break(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def synthetic_with_problems(tmp_path_factory: pytest.TempPathFactory) -> ProjectPaths:
    """24 synthetic studies, two of them broken, and one review's text gone (so its source record is
    wrong and the quotes citing it are unchecked, in both halves of the records)."""
    folder = make_synthetic_project(tmp_path_factory.mktemp("par"), 24, seed=9, per_review=12)
    (folder / "data" / "sources" / "synth-review-002.md").unlink()
    _break(folder / "data" / "studies" / "synth-00005.yaml", "\n  n: ", "\n  n: -")
    _break(folder / "data" / "studies" / "synth-00017.yaml", "sample_size:\n  value: ", "sample_size:\n  value: -")
    return ProjectPaths(folder)


def _same(paths: ProjectPaths) -> None:
    records = load_records(paths)
    serial = validate_records(paths, records)
    pooled = validate_records_parallel(paths, records, workers=2)
    assert pooled.problems == serial.problems
    assert pooled.conforms == serial.conforms
    assert len(pooled.report_graph) > 0


def test_parallel_equals_serial_on_synthetic_records(synthetic_with_problems: ProjectPaths) -> None:
    _same(synthetic_with_problems)


def test_parallel_equals_serial_on_the_real_data(tmp_path: Path) -> None:
    copy_project(tmp_path)
    _same(ProjectPaths(tmp_path))


def test_parallel_only_for_many_records_and_never_inside_a_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EXOGRAPH_WORKERS", "2")
    assert not wants_parallel(10)
    assert wants_parallel(validation.PARALLEL_MIN_RECORDS) == pool.can_fork()
    monkeypatch.setattr(pool, "_IN_WORKER", True)
    assert not wants_parallel(10_000)


def test_chunks_cover_every_record_once() -> None:
    for n, count in ((0, 4), (1, 4), (10, 3), (101, 8)):
        covered = [i for r in chunks(n, count) for i in r]
        assert covered == list(range(n)) and len(chunks(n, count)) <= max(count, 1)

"""Fixtures for the scale tests: a small synthetic evidence base, written and built once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SYNTH_STUDIES = 200  # big enough for every query to have rows of every kind, small enough to stay quick


def make_synthetic_project(target: Path, studies: int, seed: int = 0, per_review: int = 100) -> Path:
    """A project folder holding a synthetic data/ (records and source texts), linked to this project's ontology,
    shapes, queries."""
    from exograph.synth import write_synthetic

    write_synthetic(target, studies, seed=seed, per_review=per_review, project=ROOT)
    return target


@pytest.fixture(scope="session")
def synthetic_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_synthetic_project(tmp_path_factory.mktemp("synth"), SYNTH_STUDIES)


@pytest.fixture(scope="session")
def synthetic_built(synthetic_project: Path) -> Path:
    """The synthetic project with build/exograph.nt (fast build, no reasoning: the queries' input)."""
    from exograph.fastbuild import build_fast
    from exograph.paths import ProjectPaths

    build_fast(ProjectPaths(synthetic_project), reason=False, validate=False)
    return synthetic_project

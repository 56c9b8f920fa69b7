"""The benchmark's stages still run against the code they measure: each stage the scale benchmark
times on the build, validation and reasoning is run once, as `make bench` runs it (its own process,
benchmarks/stages.py), on a small synthetic project, and must print its result. A stage that calls
an internal function whose signature changed fails here, not hours into a benchmark run."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from support import ROOT, make_synthetic_project

STAGES_SCRIPT = ROOT / "benchmarks" / "stages.py"
STUDIES = 12
# in the order the runner runs them: the build stages first (the others read build/)
STAGES = ("build-cold", "raw-load", "build-warm", "validate-cold", "validate-incremental", "reason-per-record",
          "build-default", "build-incremental")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_synthetic_project(tmp_path_factory.mktemp("bench"), STUDIES)


def _run(stage: str, root: Path) -> dict:
    done = subprocess.run([sys.executable, str(STAGES_SCRIPT), stage, str(root)], capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, f"stage {stage} failed:\n{done.stderr[-3000:]}"
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_every_build_validation_and_reasoning_stage_runs(project: Path) -> None:
    for stage in STAGES:
        result = _run(stage, project)
        assert result["seconds"] > 0, (stage, result)
    assert _run("validate-cold", project)["records"] >= STUDIES


def test_a_stage_that_needs_a_build_says_so(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, str(STAGES_SCRIPT), "raw-load", str(tmp_path)], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode != 0
    assert "exograph.nt is missing: run a build stage of this size first" in done.stderr

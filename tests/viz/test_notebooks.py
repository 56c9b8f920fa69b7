"""The notebooks run end to end (pytest --nbmake) on a scratch copy of the project, so they never go
stale; they are committed without outputs."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from support import ROOT, copy_project

NOTEBOOKS = ROOT / "notebooks"
REQUIRED = ("tour.ipynb", "compare-sources.ipynb")


def test_notebooks_exist_without_outputs() -> None:
    for name in REQUIRED:
        notebook = json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))
        code = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
        assert code, f"{name} has no code"
        assert all(not cell.get("outputs") and cell.get("execution_count") is None for cell in code), \
            f"{name} is committed with outputs: clear them (jupyter nbconvert --clear-output --inplace)"


@pytest.mark.slow
def test_notebooks_run(tmp_path: Path) -> None:
    project = tmp_path / "project"
    copy_project(project)
    # run from elsewhere, on copies, so the repo's notebooks stay without outputs and its build/ untouched
    copies = tmp_path / "notebooks"
    shutil.copytree(NOTEBOOKS, copies, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    env = {**os.environ, "EXOGRAPH_ROOT": str(project), "PYTHONWARNINGS": "ignore", "MPLBACKEND": "Agg"}
    result = subprocess.run([sys.executable, "-m", "pytest", "--nbmake", "--nbmake-timeout=600", "-q",
                             "-p", "no:cacheprovider", str(copies)],
                            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert f"{len(list(NOTEBOOKS.glob('*.ipynb')))} passed" in result.stdout
    assert (project / "build" / "exograph.html").exists() and (project / "build" / "gap-map.svg").exists()

"""Helpers every test may import (`from support import ...`): the project root, ../shared access and
the real command line. A plain module, so nested conftest.py files never shadow it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("EXOGRAPH_SHARED", ROOT.parent / "shared"))
PROJECT_PARTS = ("ontology", "shapes", "queries", "data")
SYNTH_STUDIES = 200  # big enough for every query to have rows of every kind, small enough to stay quick
PROJECT_FILES = ("pyproject.toml",)  # its [tool.exograph] text-folders: ../shared, absent beside a copy


def copy_project(target: Path) -> Path:
    """A copy of the project's curated inputs (and its settings) in `target`, as a user's clone has them:
    ../shared is not beside the copy, so the seed documents' quotes are unchecked there."""
    import shutil

    for part in PROJECT_PARTS:
        shutil.copytree(ROOT / part, target / part)
    for name in PROJECT_FILES:
        shutil.copy2(ROOT / name, target / name)
    return target


def need_shared(*parts: str) -> Path:
    """A path under ../shared; skipped with a reason when absent, a failure in CI (CI=true)."""
    path = SHARED.joinpath(*parts)
    if path.exists():
        return path
    message = f"{path} is absent: these tests read the shared source documents and ontology copies"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message + " (CI=true requires them)")
    pytest.skip(message)


def run_cli(*args: str, cwd: Path, check: bool = False, env: dict[str, str] | None = None
            ) -> subprocess.CompletedProcess[str]:
    """The real command line, in a subprocess, as a user would run it (`env`: variables to add)."""
    env = {**os.environ, "EXOGRAPH_ROOT": str(cwd), "PYTHONWARNINGS": "ignore", **(env or {})}
    result = subprocess.run([sys.executable, "-m", "exograph", *args], cwd=cwd, env=env,
                            capture_output=True, text=True, timeout=600)
    if check and result.returncode != 0:
        raise AssertionError(f"exograph {' '.join(args)} exited {result.returncode}:\n{result.stderr}")
    return result


def cli_in_process(*args: str) -> subprocess.CompletedProcess[str]:
    """The command line's main() in this process (no interpreter start-up: for many quick runs);
    what it prints and its exit code, as run_cli gives them."""
    import io
    from contextlib import redirect_stderr, redirect_stdout

    from exograph.cli import main

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(args))
    return subprocess.CompletedProcess(["exograph", *args], code, out.getvalue(), err.getvalue())


def make_synthetic_project(target: Path, studies: int, seed: int = 0, per_review: int = 100) -> Path:
    """A project folder holding a synthetic data/ (records and source texts), linked to this project's ontology,
    shapes and queries."""
    from exograph.synthetic import write_synthetic

    write_synthetic(target, studies, seed=seed, per_review=per_review, project=ROOT)
    return target


# The results of a SHACL report compared as the W3C suite prescribes: by focus node, result path,
# source constraint component, severity, value and source shape; a blank node by its structure.
COMPARED_RESULT_KEYS = ("focusNode", "resultPath", "sourceConstraintComponent", "resultSeverity", "value", "sourceShape")


def report_results(graph, report=None):  # noqa: ANN001, ANN201 - an rdflib Graph and node; a Counter
    """The results of `report` (default: every sh:ValidationResult of the graph), comparable across graphs."""
    from collections import Counter

    from rdflib.namespace import RDF

    from exograph.vocab import SH

    nodes = graph.objects(report, SH.result) if report is not None else graph.subjects(RDF.type, SH.ValidationResult)
    keys = [SH[k] for k in COMPARED_RESULT_KEYS]
    return Counter(tuple(structure(graph, graph.value(r, k)) for k in keys) for r in nodes)


def structure(graph, node, seen: frozenset = frozenset()):  # noqa: ANN001, ANN201
    """A term, or for a blank node everything reachable from it (so two graphs can be compared)."""
    from rdflib import BNode

    if not isinstance(node, BNode):
        return node
    if node in seen:
        return ("cycle",)
    return ("blank", frozenset((p, structure(graph, o, seen | {node})) for p, o in graph.predicate_objects(node)))


def key_label(kind: str, key: str) -> str:
    """The ontology's label of a record key (`adverse-events` → its exo:DiscrepancyKind's label)."""
    from rdflib import RDF, RDFS, Graph, Literal, Namespace

    exo, skos = Namespace("https://w3id.org/exograph/ontology#"), Namespace("http://www.w3.org/2004/02/skos/core#")
    graph = _ontology()
    (term,) = [t for t in graph.subjects(skos.notation, Literal(key)) if (t, RDF.type, exo[kind]) in graph]
    return str(graph.value(term, RDFS.label))


_ONTOLOGY: list = []


def _ontology():  # noqa: ANN202 - an rdflib Graph
    if not _ONTOLOGY:
        from rdflib import Graph

        _ONTOLOGY.append(Graph().parse(ROOT / "ontology" / "exograph.ttl"))
    return _ONTOLOGY[0]

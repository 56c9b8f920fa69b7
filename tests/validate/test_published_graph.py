"""What is published is what was validated: whole-graph pySHACL over the built build/exograph.nt,
with the shapes in shapes/, finds no violation — the computed claims included, which have shapes of
their own (their inputs and method, not a quote) — and the native engine finds the same results.
The build validates a review's computed claims as it derives them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF

import support
from exograph.paths import ProjectPaths
from exograph.vocab import EXO, SH


@pytest.fixture(scope="module")
def published(built_project: Path) -> Graph:
    return Graph().parse(built_project / "build" / "exograph.nt", format="nt")


@pytest.fixture(scope="module")
def shapes(built_project: Path) -> Graph:
    from exograph.validate.shacl import shapes_graph

    return shapes_graph(ProjectPaths(built_project))


def test_whole_graph_pyshacl_finds_no_violation(published: Graph, shapes: Graph) -> None:
    from exograph.validate.engines.pyshacl_engine import pyshacl_report

    computed = set(published.subjects(RDF.type, EXO.ComputedClaim))
    assert len(computed) >= 10, "the published graph holds the computed claims"
    report = pyshacl_report(published, shapes)
    violations = [r for r in report.subjects(SH.resultSeverity, SH.Violation)]
    assert not violations, report.serialize(format="turtle")[:3000]
    # the computed claims were checked by their own shape, and the stated ones by the sourced-fact shape
    focus = {report.value(r, SH.focusNode) for r in report.subjects(RDF.type, SH.ValidationResult)}
    assert not computed & focus


def test_native_engine_gives_the_same_results_on_the_published_graph(published: Graph, shapes: Graph) -> None:
    from exograph.validate.engines.native import NativeEngine
    from exograph.validate.engines.pyshacl_engine import pyshacl_report

    native = NativeEngine.of(shapes)
    native_report = native.report(native.validate(published), published)
    assert support.report_results(native_report) == support.report_results(pyshacl_report(published, shapes))


def test_a_computed_claim_breaking_its_shape_stops_the_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from exograph.build import build
    from exograph.errors import RecordError
    from exograph.records import derived

    support.copy_project(tmp_path)
    emit = derived._emit

    def emit_with_quote(out, review, claim):  # noqa: ANN001, ANN202 - derived._emit's arguments
        emit(out, review, claim)
        out.add((derived.claim_iri(review, claim.topic, claim.about), EXO.quote, Literal("as if a source said it")))

    monkeypatch.setattr(derived, "_emit", emit_with_quote)
    with pytest.raises(RecordError, match=r"computed\[total-patients\]\.quote: a computed claim has no quote"):
        build(ProjectPaths(tmp_path), reason=False)
    assert not (tmp_path / "build" / "exograph.nt").exists()

"""exograph.validate as the build uses it: the curated data conforms, each record is validated on its
own (never the whole graph), and the public report keeps its fields."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from exograph.paths import ProjectPaths
from exograph.records.iri import parse_data_iri
from exograph.records.load import load_all, record_files
from exograph.validate import ValidationReport, validate_records
from exograph.validate import shacl
from support import ROOT


@pytest.fixture(scope="module")
def curated():
    records, problems = load_all(record_files(ROOT / "data"), ROOT)
    assert not problems, "\n".join(p.as_text() for p in problems)
    return records


@pytest.fixture(scope="module")
def full_report(curated) -> ValidationReport:
    return validate_records(ProjectPaths(ROOT), curated)


def test_curated_data_has_no_violations(full_report: ValidationReport) -> None:
    assert full_report.conforms, "\n".join(p.as_text() for p in full_report.violations)


def test_report_keeps_its_public_fields(full_report: ValidationReport) -> None:
    assert isinstance(full_report.problems, list) and isinstance(full_report.report_graph, Graph)
    assert sorted(full_report.violations + full_report.warnings, key=repr) == sorted(full_report.problems, key=repr)
    assert all(p.file and p.severity in ("Violation", "Warning", "Info") for p in full_report.problems)


def test_each_record_is_validated_alone(curated, monkeypatch: pytest.MonkeyPatch) -> None:
    """No pySHACL run ever sees two records: validation stays linear as data grows."""
    seen: list[set[str]] = []
    original = shacl.validate_graph

    def spy(data: Graph, *args, **kwargs):  # noqa: ANN002, ANN003 - passed through unchanged
        seen.append({parsed[1] for s in data.subjects() if (parsed := parse_data_iri(str(s)))})
        return original(data, *args, **kwargs)

    monkeypatch.setattr(shacl, "validate_graph", spy)
    validate_records(ProjectPaths(ROOT), curated, engine="pyshacl")
    assert len(seen) == len(curated)
    assert all(len(records) == 1 for records in seen), seen


def test_native_engine_validates_each_record_alone(curated, monkeypatch: pytest.MonkeyPatch) -> None:
    """The native engine batches records into one Oxigraph store, one named graph each; every
    record's triples are indexed, validated and reported on their own."""
    from exograph.validate.engines.native import NativeEngine, batch

    seen: list[set[str]] = []
    original_batch, original_load = NativeEngine.validate_batch, batch.load_batch

    def validate_batch(self, records, only=None):  # noqa: ANN001, ANN202 - passed through unchanged
        seen.extend({parsed[1] for s, _, _ in index if (parsed := parse_data_iri(str(s)))} for index in records)
        return original_batch(self, records, only)

    def load(records, watched=None):  # noqa: ANN001, ANN202
        loaded = original_load(records, watched)
        named = {str(g) for g in loaded.store.named_graphs()}
        assert len(named) == len(records), "each record in its own named graph"
        return loaded

    monkeypatch.setattr(NativeEngine, "validate_batch", validate_batch)
    monkeypatch.setattr(batch, "load_batch", load)
    validate_records(ProjectPaths(ROOT), curated, engine="native")
    assert len(seen) == len(curated)
    assert all(len(records) == 1 for records in seen), seen


def test_a_record_alone_gets_the_problems_it_gets_among_all(curated, full_report: ValidationReport) -> None:
    park = next(r for r in curated if r.record.id == "park-2022")
    others = [r for r in curated if r is not park]
    alone = validate_records(ProjectPaths(ROOT), [park], context=others)
    assert [p for p in alone.problems if p.file == park.rel_path] == \
        [p for p in full_report.problems if p.file == park.rel_path]
    # besides its own, a run reports only what concerns the run (e.g. no seeds folder), as the full run does
    assert [p for p in alone.problems if p.file != park.rel_path] == [p for p in full_report.problems if not p.record]


def test_validating_twice_gives_the_same_problems(curated, full_report: ValidationReport) -> None:
    assert validate_records(ProjectPaths(ROOT), curated).problems == full_report.problems


def test_report_graph_has_one_report_with_every_result_located(full_report: ValidationReport) -> None:
    graph = full_report.report_graph
    rows = list(graph.query("""
        PREFIX sh: <http://www.w3.org/ns/shacl#> PREFIX exs: <https://w3id.org/exograph/shapes#>
        SELECT ?result ?file ?field WHERE { ?report a sh:ValidationReport ; sh:result ?result .
                                            OPTIONAL { ?result exs:file ?file ; exs:field ?field } }"""))
    assert len(rows) >= len(full_report.problems)
    assert all(row.file is not None for row in rows), "a result without exs:file"


def test_claim_about_an_unknown_study_is_a_cross_record_violation(curated) -> None:
    from dataclasses import replace

    from exograph.validate.cross import cross_record_problems

    review = next(r for r in curated if r.kind == "review" and any(c.about == "park-2022" for c in r.record.claims))
    claims = [c.model_copy(update={"about": "parc-2022"}) if c.about == "park-2022" else c for c in review.record.claims]
    broken = replace(review, record=review.record.model_copy(update={"claims": claims}))
    problems = cross_record_problems([broken], [broken, *[r for r in curated if r is not review]])
    assert problems and all(p.file == review.rel_path and p.field.endswith(".about") for p in problems)
    assert "did you mean 'park-2022'" in problems[0].message
    assert cross_record_problems([review], curated) == []  # design keys, reasons and real ids pass


def test_quote_check_names_the_field_and_where_the_quote_departs(tmp_path: Path) -> None:
    from rdflib import Literal, URIRef
    from rdflib.namespace import PROV

    from exograph.records.iri import document_iri
    from exograph.records.quotes import DocumentTexts
    from exograph.validate.locate import Locator
    from exograph.validate.quotes import QuoteChecker
    from exograph.vocab import EXO

    (tmp_path / "review.md").write_text("Park et al <sup>16</sup>\treported 24.9 hairs/cm<sup>2</sup> (p<0.001).\n",
                                        encoding="utf-8")
    node = URIRef("https://w3id.org/exograph/data/study/park-2022/measurements/density")
    graph = Graph()
    graph.add((node, EXO.fieldPath, Literal("measurements[density]")))
    graph.add((node, PROV.wasDerivedFrom, document_iri("review")))
    texts = {"review": "review.md", "other": "other.md", "untexted": None}
    checker = QuoteChecker(DocumentTexts([tmp_path], texts), Locator([]))
    graph.add((node, EXO.quote, Literal("Park et al 16 reported 24.9 hairs/cm2 (p<0.001)")))
    assert checker.check(graph) == []  # tags dropped, whitespace folded on both sides
    graph.set((node, EXO.quote, Literal("Park et al 16 reported 24.9 hairs/cm2 (p<0.01)")))
    [problem] = checker.check(graph)
    assert (problem.file, problem.record, problem.field) == ("data/studies/park-2022.yaml", "park-2022",
                                                             "measurements[density].quote")
    assert "then differs at '1)'" in problem.message and problem.severity == "Violation"
    graph.set((node, PROV.wasDerivedFrom, document_iri("other")))  # its text is in no folder (all present)
    [missing] = checker.check(graph)
    assert missing.severity == "Warning" and missing.field == "document" and missing.value == "other"
    assert missing.message.startswith("quotes not checked: 1 quote(s) cite source other, whose text other.md is in none")
    absent = QuoteChecker(DocumentTexts([tmp_path, tmp_path / "absent"], texts), Locator([]))
    [unavailable] = absent.check(graph)
    assert "was not found: the text folder(s) " in unavailable.message and "are absent" in unavailable.message
    graph.set((node, PROV.wasDerivedFrom, document_iri("untexted")))
    [untexted] = checker.check(graph)
    assert "names no text file" in untexted.message

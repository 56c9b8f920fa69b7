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

ROOT = Path(__file__).resolve().parents[1]


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
    validate_records(ProjectPaths(ROOT), curated)
    assert len(seen) == len(curated)
    assert all(len(records) == 1 for records in seen), seen


def test_a_record_alone_gets_the_problems_it_gets_among_all(curated, full_report: ValidationReport) -> None:
    park = next(r for r in curated if r.record.id == "park-2022")
    others = [r for r in curated if r is not park]
    alone = validate_records(ProjectPaths(ROOT), [park], context=others)
    assert alone.problems == [p for p in full_report.problems if p.file == park.rel_path]


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

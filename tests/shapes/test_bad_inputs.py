"""Realistic bad inputs through the real command line: each fails with a message naming the file and
the field, and none prints a traceback. Broken shapes or ontology files are tool errors (exit 2)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Callable

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF

from exograph.vocab import SH

BAD = Path(__file__).resolve().parent / "bad"
EXS = "https://w3id.org/exograph/shapes#"

# file -> (field the problem is reported at, fragment of its message)
EXPECTED = {
    "wrong-units.yaml": ("measurements[density-change].unit", "does not fit measure 'hair-density'"),
    "swapped-baseline-followup.yaml": ("measurements[density-change].direction", "followup (96.5) is below baseline (163.5)"),
    "negative-n.yaml": ("arms[treated].n", "at least 1"),
    "p-value-above-one.yaml": ("measurements[density-change].p_value.value", "between 0 and 1"),
    "quote-not-in-source.yaml": ("measurements[density-change].quote",
                                 "quote is not in the source hair-review-2025 (hair-review-2025.md)"),
    "missing-provenance.yaml": ("measurements[density-change].quote", "quote is required"),
    "unknown-field.yaml": ("sampel_size", "did you mean 'sample_size'"),
    "malformed-yaml.yaml": ("", "malformed YAML at line"),
    "latin1-encoding.yaml": ("", "not UTF-8 text"),
    "empty.yaml": ("", "the file is empty"),
    "adverse-count-exceeds-sample.yaml": ("adverse_events[redness].count", "exceeds the arm's n (39)"),
    "percent-above-100.yaml": ("adverse_events[redness].percent", "between 0 and 100"),
}


@pytest.fixture
def with_seeds(monkeypatch: pytest.MonkeyPatch, need_shared: Callable) -> Path:
    """The source documents' folders, so that quotes are checked (the scratch project has no ../shared)."""
    seeds = need_shared("seeds")
    monkeypatch.setenv("EXOGRAPH_TEXTS", os.pathsep.join([str(seeds), str(seeds.parent)]))
    return seeds


def test_every_bad_file_has_an_expectation() -> None:
    assert sorted(p.name for p in BAD.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_input_fails_naming_file_and_field(name: str, scratch_project: Path, run_cli: Callable,
                                                with_seeds: Path) -> None:
    field, message = EXPECTED[name]
    result = run_cli("validate", str(BAD / name), "--format", "json", cwd=scratch_project)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    problems = json.loads(result.stdout)
    violations = [p for p in problems if p["severity"] == "Violation"]
    assert any(p["file"].endswith(name) and p["field"] == field and message in p["message"] for p in violations), \
        json.dumps(problems, indent=1)


@pytest.mark.parametrize("name", ["wrong-units.yaml", "empty.yaml", "latin1-encoding.yaml"])
def test_text_report_names_file_and_field(name: str, scratch_project: Path, run_cli: Callable) -> None:
    result = run_cli("validate", str(BAD / name), cwd=scratch_project)
    field, message = EXPECTED[name]
    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr
    assert str(BAD / name) in result.stdout
    assert f"field {field or '(record)'}: " in result.stdout and message in result.stdout


def test_ten_megabyte_file_is_refused_without_reading_it(scratch_project: Path, run_cli: Callable, tmp_path: Path) -> None:
    big = tmp_path / "huge-2024.yaml"
    big.write_text("id: huge-2024\nnotes: |\n" + ("  " + "x" * 98 + "\n") * 105_000, encoding="utf-8")
    assert big.stat().st_size > 10_000_000
    result = run_cli("validate", str(big), "--format", "json", cwd=scratch_project)
    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr
    problems = json.loads(result.stdout)
    assert any(p["file"].endswith("huge-2024.yaml") and "bytes" in p["message"] for p in problems)


def test_json_report_of_a_failing_record_has_every_column(scratch_project: Path, run_cli: Callable,
                                                          with_seeds: Path) -> None:
    result = run_cli("validate", str(BAD / "wrong-units.yaml"), "--format", "json", cwd=scratch_project)
    problems = json.loads(result.stdout)
    unit = next(p for p in problems if p["field"] == "measurements[density-change].unit")
    assert unit == {
        "file": str(BAD / "wrong-units.yaml"), "record": "wrong-units", "field": "measurements[density-change].unit",
        "value": "hairs", "message": unit["message"], "severity": "Violation"}
    assert "use one of: hairs/cm2" in unit["message"]


def test_turtle_report_is_a_queryable_shacl_report(scratch_project: Path, run_cli: Callable, with_seeds: Path) -> None:
    result = run_cli("validate", str(BAD / "swapped-baseline-followup.yaml"), str(BAD / "unknown-field.yaml"),
                     "--format", "ttl", cwd=scratch_project)
    assert result.returncode == 1
    report = Graph().parse(data=result.stdout, format="turtle")
    assert (None, SH.conforms, Literal(False)) in report
    rows = {(str(r.file).rsplit("/", 1)[-1], str(r.field), str(r.severity).rsplit("#", 1)[-1]) for r in report.query(
        """PREFIX sh: <http://www.w3.org/ns/shacl#> PREFIX exs: <https://w3id.org/exograph/shapes#>
           SELECT ?file ?field ?severity WHERE {
               ?report a sh:ValidationReport ; sh:result ?result .
               ?result exs:file ?file ; exs:field ?field ; sh:resultSeverity ?severity ; sh:resultMessage ?message .
           }""")}
    assert ("swapped-baseline-followup.yaml", "measurements[density-change].change", "Violation") in rows
    assert ("unknown-field.yaml", "sampel_size", "Violation") in rows  # curation-format problems are results too
    assert len(set(report.subjects(RDF.type, SH.ValidationReport))) == 1


def test_missing_seeds_is_a_warning_not_a_failure(scratch_project: Path, run_cli: Callable,
                                                  monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("EXOGRAPH_SEEDS", str(tmp_path / "no-seeds-here"))
    result = run_cli("validate", "data/studies/park-2022.yaml", "--format", "json", cwd=scratch_project)
    problems = json.loads(result.stdout)
    assert any(p["severity"] == "Warning" and p["message"].startswith("quotes not checked: ") and
               "cite source hair-review-2025, whose text hair-review-2025.md was not found" in p["message"]
               for p in problems)
    assert not [p for p in problems if p["severity"] == "Violation" and "park-2022" in p["file"]]
    strict = run_cli("validate", "data/studies/park-2022.yaml", "--strict-quotes", "--format", "json",
                     cwd=scratch_project)
    assert strict.returncode == 1
    assert any(p["severity"] == "Violation" and p["message"].startswith("quotes not checked: ")
               for p in json.loads(strict.stdout))


@pytest.mark.parametrize("folder", ["shapes", "ontology"])
def test_malformed_turtle_is_a_tool_error(folder: str, scratch_project: Path, run_cli: Callable) -> None:
    broken = scratch_project / folder / "broken.ttl"
    broken.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n<a> sh:name \"unclosed ;\n", encoding="utf-8")
    result = run_cli("validate", cwd=scratch_project)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "broken.ttl" in result.stderr and "not valid Turtle" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_shape_that_cannot_be_applied_is_a_tool_error(scratch_project: Path, run_cli: Callable) -> None:
    (scratch_project / "shapes" / "broken-rule.ttl").write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix exo: <https://w3id.org/exograph/ontology#> .\n"
        "<urn:x:S> a sh:NodeShape ; sh:targetClass exo:Study ;\n"
        "  sh:sparql [ sh:message \"m\" ; sh:select \"SELECT $this WHERE { VALUES ?x { 1 } }\" ] .\n",
        encoding="utf-8")
    result = run_cli("validate", "data/studies/park-2022.yaml", cwd=scratch_project)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "shapes" in result.stderr and "Traceback" not in result.stdout + result.stderr

"""The native engine gives exactly pySHACL's results: the same Problems and the same SHACL report
results on every shape case, the bad-input corpus, the curated data, synthetic data with violations,
and a component shapes/ does not use."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from rdflib import BNode, Graph
from rdflib.namespace import RDF

import support
from exograph.paths import ProjectPaths
from exograph.records.load import load_all, record_files
from exograph.validate.shacl import ValidationReport, validate_records
from exograph.vocab import SH
from .shape_cases import CASES, Case, run_record_case, turtle_case_report

BAD = Path(__file__).resolve().parent / "bad"
ENGINES = ("native", "pyshacl")


def result_rows(report: Graph) -> list[tuple]:
    """Every sh:ValidationResult as comparable values; a blank-node shape by the triples pySHACL
    copies into the report (its path, name and messages), since each parse names blank nodes anew."""
    rows = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        row = []
        for predicate in (SH.focusNode, SH.resultPath, SH.value, SH.sourceShape, SH.sourceConstraintComponent,
                          SH.resultSeverity, SH.sourceConstraint):
            value = report.value(result, predicate)
            if isinstance(value, BNode) and predicate == SH.sourceShape:
                value = (report.value(value, SH.path), report.value(value, SH.name), report.value(value, SH.message))
            row.append(value)
        row.append(tuple(sorted(report.objects(result, SH.resultMessage))))
        rows.append(tuple(row))
    return sorted(rows, key=repr)


def assert_same(reports: dict[str, ValidationReport]) -> None:
    native, reference = reports["native"], reports["pyshacl"]
    assert sorted(native.problems, key=repr) == sorted(reference.problems, key=repr)
    assert result_rows(native.report_graph) == result_rows(reference.report_graph)
    assert native.conforms == reference.conforms


def validate_project(root: Path) -> dict[str, ValidationReport]:
    records, _ = load_all(record_files(root / "data"), root)
    reports = {engine: validate_records(ProjectPaths(root), records, engine=engine) for engine in ENGINES}
    assert reports["native"].problems == reports["pyshacl"].problems  # the same order too
    return reports


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_shape_case_gives_the_same_results(path: Path, shapes: Graph, project: ProjectPaths, tmp_path: Path) -> None:
    case = Case.read(path)
    if case.turtle is not None:
        assert_same({engine: turtle_case_report(case, shapes, engine) for engine in ENGINES})
    else:
        native = run_record_case(case, project, tmp_path / "native", engine="native")
        assert native == run_record_case(case, project, tmp_path / "pyshacl", engine="pyshacl")


def test_bad_inputs_give_the_same_results(project: ProjectPaths) -> None:
    records, _ = load_all(sorted(BAD.glob("*.yaml")), support.ROOT)
    context, _ = load_all(record_files(project.data), project.root)
    known = {r.record.id for r in records}
    context = [r for r in context if r.record.id not in known]
    assert len(records) >= 8
    assert_same({engine: validate_records(project, records, context=context, engine=engine) for engine in ENGINES})


def test_curated_data_gives_the_same_results() -> None:
    reports = validate_project(support.ROOT)
    assert reports["native"].conforms and reports["native"].warnings
    assert_same(reports)


# Edits that each break one or more rules, applied to some synthetic studies.
def _mutate(study: dict, number: int) -> None:
    measurement = (study.get("measurements") or [{}])[0]
    arm = (study.get("arms") or [{}])[0]
    edits = [
        lambda: measurement.update(baseline=measurement.get("followup", 1), followup=measurement.get("baseline", 2)),
        lambda: arm.update(n=-3),
        lambda: measurement.update(unit="hairs", measure="hair-thickness"),
        lambda: measurement.update(p_value={"value": 1.5}),
        lambda: measurement.update(change=12.50, direction="decrease", change_min=5, change_max=1),
        lambda: measurement.update(statistic="proportion", unit="percent", value=140),
        lambda: study.update(design="randomized-controlled-trial"),
        lambda: measurement.pop("measure", None),
    ]
    edits[number % len(edits)]()


def test_synthetic_data_with_violations_gives_the_same_results(tmp_path: Path) -> None:
    folder = tmp_path / "synth"
    support.run_cli("synth", "--studies", "40", "--out", str(folder), cwd=support.ROOT, check=True)
    for number, path in enumerate(sorted((folder / "data" / "studies").glob("*.yaml"))[:16]):
        study = yaml.safe_load(path.read_text(encoding="utf-8"))
        _mutate(study, number)
        path.write_text(yaml.safe_dump(study, allow_unicode=True, sort_keys=False), encoding="utf-8")
    reports = validate_project(folder)
    assert reports["native"].violations, "the mutations should break rules"
    assert_same(reports)


OTHER_COMPONENT = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix exo: <https://w3id.org/exograph/ontology#> .
@prefix exs: <https://w3id.org/exograph/shapes#> .
exs:TitleIsFixedShape a sh:NodeShape ; sh:targetClass exo:Study ; sh:name "fixed title" ;
    sh:description "A component shapes/ does not use." ; sh:message "m" ;
    sh:property [ sh:path exo:hasDesign ; sh:hasValue exo:CaseSeries ; sh:name "design" ;
                  sh:description "d" ; sh:message "design must be case-series" ] .
"""


def test_a_component_shapes_do_not_use_gives_the_same_results(tmp_path: Path) -> None:
    root = tmp_path / "project"
    support.copy_project(root)
    (root / "shapes" / "other-component.ttl").write_text(OTHER_COMPONENT, encoding="utf-8")
    reports = validate_project(root)
    assert any(p.message == "design must be case-series" for p in reports["native"].problems)
    assert_same(reports)

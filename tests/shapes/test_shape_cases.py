"""Every shape case of tests/shapes/cases/ gives the result it expects, every node shape has a
conforming and a non-conforming case, every named rule a case that triggers it, and every shape
explains itself (sh:name, sh:description, sh:message)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from exograph.errors import Problem
from exograph.paths import ProjectPaths
from exograph.vocab import SH
from .shape_cases import CASES, EXS, Case, run_record_case, run_turtle_case


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_shape_case(path: Path, shapes: Graph, project: ProjectPaths, tmp_path: Path) -> None:
    case = Case.read(path)
    problems = run_turtle_case(case, shapes) if case.turtle is not None else run_record_case(case, project, tmp_path)
    check_expectation(case, problems)


def check_expectation(case: Case, problems: list[Problem]) -> None:
    expect = case.expect
    shown = "\n".join(f"  {p.severity}: {p.field or '(record)'}: {p.message} (value {p.value!r})" for p in problems) or "  none"
    violations = [p for p in problems if p.severity == "Violation"]
    assert (not violations) == expect["conforms"], f"{case.name}: expected conforms={expect['conforms']}; results:\n{shown}"
    if "field" not in expect:
        # A conforming Turtle case runs one shape: that shape must report nothing at all.
        assert case.turtle is None or not problems, f"{case.name}: expected no result; results:\n{shown}"
        return
    severity = expect.get("severity", "Violation")
    matching = [p for p in problems if p.severity == severity and p.field == expect["field"]
                and expect.get("message", "") in p.message]
    assert matching, (f"{case.name}: expected a {severity} at {expect['field']!r} saying {expect.get('message')!r}; "
                      f"results:\n{shown}")
    if case.turtle is not None:  # the case's data is otherwise clean: it isolates one problem
        stray = [p for p in problems if p.field != expect["field"]]
        assert not stray, f"{case.name}: results other than the one expected:\n{shown}"


def _node_shapes(shapes: Graph) -> set[str]:
    """Node shapes that select focus nodes (helpers without targets are exercised through others)."""
    targets = (SH.targetClass, SH.targetNode, SH.targetObjectsOf, SH.targetSubjectsOf)
    return {str(s)[len(EXS):] for s in shapes.subjects(RDF.type, SH.NodeShape)
            if any(shapes.value(s, t) is not None for t in targets)}


def _named_rules(shapes: Graph) -> set[str]:
    return {str(c)[len(EXS):] for c in shapes.subjects(RDF.type, SH.SPARQLConstraint) if isinstance(c, URIRef)}


def test_every_node_shape_has_a_passing_and_a_failing_case(shapes: Graph) -> None:
    cases = [Case.read(p) for p in CASES]
    passing = {c.shape for c in cases if "field" not in c.expect}
    failing = {c.shape for c in cases if "field" in c.expect}
    missing = sorted(f"{s} ({'pass' if s not in passing else ''}{' fail' if s not in failing else ''})"
                     for s in _node_shapes(shapes) if s not in passing or s not in failing)
    assert not missing, "node shapes without cases: " + ", ".join(missing)


def test_every_rule_has_a_case_that_triggers_it(shapes: Graph) -> None:
    triggered = {c.rule for c in (Case.read(p) for p in CASES) if c.rule and "field" in c.expect}
    missing = sorted(_named_rules(shapes) - triggered)
    assert not missing, "SPARQL rules without a failing case: " + ", ".join(missing)


def test_cases_name_real_shapes_and_rules(shapes: Graph) -> None:
    known_shapes, known_rules = _node_shapes(shapes), _named_rules(shapes)
    for case in (Case.read(p) for p in CASES):
        assert case.shape in known_shapes, f"{case.name}: no node shape exs:{case.shape}"
        assert case.rule is None or case.rule in known_rules, f"{case.name}: no rule exs:{case.rule}"
        assert (case.turtle is None) != (case.record is None), f"{case.name}: give either turtle or record"


def _shapes_to_explain(shapes: Graph) -> list:
    node_shapes = set(shapes.subjects(RDF.type, SH.NodeShape))
    property_shapes = {p for s in node_shapes for p in shapes.objects(s, SH.property)}
    rules = {r for s in node_shapes for r in shapes.objects(s, SH.sparql)}
    return sorted(node_shapes | property_shapes | rules, key=lambda n: (str(shapes.value(n, SH.path)), str(n)))


def test_every_shape_explains_itself_to_a_curator(shapes: Graph) -> None:
    unexplained = []
    for shape in _shapes_to_explain(shapes):
        name, description, message = (shapes.value(shape, p) for p in (SH.name, SH.description, SH.message))
        # sh:name is the YAML field (relative to the node) and may be empty for the node itself.
        if name is None or not description or not message:
            where = shapes.value(shape, SH.path) or shape
            unexplained.append(f"{where}: name={name!r} description={bool(description)} message={bool(message)}")
    assert not unexplained, "shapes lacking sh:name, sh:description or sh:message:\n" + "\n".join(unexplained)

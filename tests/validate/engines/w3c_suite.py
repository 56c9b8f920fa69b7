"""The W3C SHACL test suite (../shared/w3c-shacl-tests/): its manifests, each test run through
`exograph shacl`, and the comparison the suite prescribes: sh:conforms and the set of results by
focus node, result path, source constraint component, severity, value and source shape, blank
nodes compared by structure (what can be reached from them: support.report_results)."""

from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Namespace
from rdflib.collection import Collection
from rdflib.namespace import RDF
from rdflib.term import Node

from exograph.validate.standalone import exact_literals
from support import report_results
from exograph.vocab import SH

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")
COUNTS: dict[tuple[str, str], tuple[int, int]] = {}  # (engine, suite) -> (passed, run), printed by conftest.py


@dataclass(frozen=True)
class W3CTest:
    name: str  # e.g. core/property/uniqueLang-002
    data: Path
    shapes: Path
    expected: Node  # a sh:ValidationReport node of `manifest`, or sht:Failure
    manifest: Graph
    status: str

    @property
    def suite(self) -> str:
        return self.name.split("/", 1)[0]  # core or sparql

    @property
    def expects_failure(self) -> bool:
        return self.expected == SHT.Failure


def read_manifest(path: Path, root: Path) -> list[W3CTest]:
    """Every test of a manifest and of the manifests it includes."""
    with exact_literals():
        graph = Graph().parse(path, format="turtle", publicID=path.resolve().as_uri())
    tests = []
    for included in graph.objects(None, MF.include):
        tests += read_manifest(_file(included), root)
    for entries in graph.objects(None, MF.entries):
        for test in Collection(graph, entries):
            action = graph.value(test, MF.action)
            name = _file(test).relative_to(root).as_posix()
            tests.append(W3CTest(name, _file(graph.value(action, SHT.dataGraph)), _file(graph.value(action, SHT.shapesGraph)),
                                 graph.value(test, MF.result), graph, str(graph.value(test, MF.status)).rsplit("#", 1)[-1]))
    return tests


def _file(iri: Node) -> Path:
    return Path(str(iri).removeprefix("file://"))


@dataclass
class Outcome:
    passed: bool
    why: str = ""


def run_test(test: W3CTest, engine: str) -> Outcome:
    """The test through `exograph shacl --format ttl`, compared with the expected report."""
    from exograph.cli import main

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["shacl", "--data", str(test.data), "--shapes", str(test.shapes), "--engine", engine, "--format", "ttl"])
    if test.expects_failure:
        return Outcome(code == 2, f"expected a failure (exit 2), got exit {code}")
    if code == 2:
        return Outcome(False, f"exit 2: {err.getvalue().strip()}")
    with exact_literals():
        report = Graph().parse(data=out.getvalue(), format="turtle")
    node = report.value(None, RDF.type, SH.ValidationReport)
    if report.value(node, SH.conforms) != test.manifest.value(test.expected, SH.conforms):
        return Outcome(False, f"sh:conforms {report.value(node, SH.conforms)}, expected {test.manifest.value(test.expected, SH.conforms)}")
    found, expected = report_results(report, node), report_results(test.manifest, test.expected)
    if found != expected:
        return Outcome(False, f"unexpected results: {sorted(map(repr, found - expected))}; "
                              f"missing: {sorted(map(repr, expected - found))}")
    if (code == 1) != any(r[3] == SH.Violation for r in found.elements()):
        return Outcome(False, f"exit {code} does not match the violations in the report")
    return Outcome(True)

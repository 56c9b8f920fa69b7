"""`exograph shacl`: any RDF graph against any shapes graph, in any common RDF syntax, with either
engine; exit 0 without violations, 1 with one, 2 on an error. Blank nodes, implicit class targets
and property shapes with their own targets are validated (results compared across both engines)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph

import support

SHAPES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/> .
# an implicit class target: the shape is the class
ex:Person a rdfs:Class, sh:NodeShape ;
    sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:datatype xsd:string ; sh:message "a person has a name" ] ;
    sh:property [ sh:path ex:address ; sh:node ex:AddressShape ] .
ex:AddressShape a sh:NodeShape ;
    sh:property [ sh:path ex:city ; sh:minCount 1 ; sh:message "an address names its city" ] .
# a property shape with its own target, and a warning
ex:AgeShape a sh:PropertyShape ; sh:targetSubjectsOf ex:age ; sh:path ex:age ;
    sh:maxInclusive 150 ; sh:severity sh:Warning ; sh:message "an age above 150 is unlikely" .
"""
DATA = """@prefix ex: <http://example.org/> .
ex:alice a ex:Person ; ex:name "Alice" ; ex:age 40 ; ex:address [ ex:city "Auckland" ] .
ex:bob a ex:Person ; ex:address [ ex:street "1 Main St" ] ; ex:age 200 .
"""
CONFORMING = """@prefix ex: <http://example.org/> .
ex:alice a ex:Person ; ex:name "Alice" ; ex:age 40 .
"""


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    found = {}
    for name, text in (("shapes.ttl", SHAPES), ("data.ttl", DATA), ("ok.ttl", CONFORMING)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        found[name] = tmp_path / name
    graph = Graph().parse(found["data.ttl"])
    for name, form in (("data.nt", "nt"), ("data.rdf", "xml"), ("data.jsonld", "json-ld")):
        graph.serialize(tmp_path / name, format=form, encoding="utf-8")
        found[name] = tmp_path / name
    return found


def shacl(files: dict[str, Path], data: str, *options: str) -> tuple[int, str, str]:
    result = support.cli_in_process("shacl", "--data", str(files[data]), "--shapes", str(files["shapes.ttl"]), *options)
    return result.returncode, result.stdout, result.stderr


@pytest.mark.parametrize("engine", ["native", "pyshacl"])
def test_results_of_both_engines(files: dict[str, Path], engine: str) -> None:
    code, out, _ = shacl(files, "data.ttl", "--engine", engine, "--format", "json")
    rows = json.loads(out)
    found = sorted((r["focusNode"], r.get("resultPath"), r["sourceConstraintComponent"], r["severity"]) for r in rows)
    assert code == 1
    assert found == [
        ("ex:bob", "ex:address", "sh:NodeConstraintComponent", "violation"),  # its blank address has no city
        ("ex:bob", "ex:age", "sh:MaxInclusiveConstraintComponent", "warning"),  # the property shape's own target
        ("ex:bob", "ex:name", "sh:MinCountConstraintComponent", "violation"),  # the implicit class target
    ]
    address = next(r for r in rows if r["sourceConstraintComponent"] == "sh:NodeConstraintComponent")
    assert address["value"] == '[ ex:street "1 Main St" ]'  # a blank node value, shown by what it holds


@pytest.mark.parametrize("data", ["data.nt", "data.rdf", "data.jsonld"])
def test_any_rdf_syntax(files: dict[str, Path], data: str) -> None:
    assert shacl(files, data, "--format", "json")[1] == shacl(files, "data.ttl", "--format", "json")[1]


def test_report_graph_says_conforms_false_with_warnings_only(files: dict[str, Path], tmp_path: Path) -> None:
    warned = tmp_path / "warned.ttl"
    warned.write_text(CONFORMING.replace("40", "151"), encoding="utf-8")
    files["warned.ttl"] = warned
    code, out, _ = shacl(files, "warned.ttl", "--format", "ttl")
    assert code == 0  # a warning is not a violation: the exit code is about violations
    report = Graph().parse(data=out, format="turtle")
    assert "sh:conforms false" in report.serialize(format="turtle")  # SHACL §3.6.1: any result
    assert shacl(files, "ok.ttl")[0:2] == (0, "Conforms: no validation result.\n")


def test_text_names_focus_path_and_message(files: dict[str, Path]) -> None:
    code, out, _ = shacl(files, "data.ttl")
    assert "violation: focus node ex:bob, path ex:name: a person has a name" in out
    assert out.strip().endswith("3 result(s): 2 violation(s), 1 other.")


def test_shapes_default_to_the_data_graph(tmp_path: Path) -> None:
    both = tmp_path / "both.ttl"
    both.write_text(SHAPES + DATA.split("\n", 1)[1], encoding="utf-8")
    result = support.cli_in_process("shacl", "--data", str(both), "--format", "json")
    assert result.returncode == 1 and len(json.loads(result.stdout)) == 3


@pytest.mark.parametrize("name, text, error", [
    ("data.txt", "hello", "cannot tell the RDF format from the extension '.txt'"),
    ("data.ttl", "ex:a ex:b", "not valid turtle"),
])
def test_bad_data_file_is_an_error_naming_it(tmp_path: Path, name: str, text: str, error: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = support.run_cli("shacl", "--data", str(path), cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"error: {path}: ") and error in result.stderr


def test_missing_file_is_an_error(tmp_path: Path) -> None:
    result = support.cli_in_process("shacl", "--data", str(tmp_path / "absent.ttl"))
    assert result.returncode == 2 and "absent.ttl: no such file" in result.stderr


SPARQL_TARGET = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
# SHACL-AF: a SPARQL-based target, the people older than 100
ex:CentenarianShape a sh:NodeShape ;
    sh:target [ a sh:SPARQLTarget ; sh:prefixes ex:Prefixes ;
                sh:select "SELECT ?this WHERE { ?this ex:age ?age FILTER (?age > 100) }" ] ;
    sh:property [ sh:path ex:name ; sh:minCount 1 ] .
ex:Prefixes sh:declare [ sh:prefix "ex" ; sh:namespace "http://example.org/"^^<http://www.w3.org/2001/XMLSchema#anyURI> ] .
"""


@pytest.mark.parametrize("engine", ["native", "pyshacl"])
def test_sparql_based_targets(files: dict[str, Path], tmp_path: Path, engine: str) -> None:
    shapes = tmp_path / "targets.ttl"
    shapes.write_text(SPARQL_TARGET, encoding="utf-8")
    result = support.cli_in_process("shacl", "--data", str(files["data.ttl"]), "--shapes", str(shapes),
                                    "--engine", engine, "--format", "json")
    rows = json.loads(result.stdout)
    assert result.returncode == 1
    assert [(r["focusNode"], r["resultPath"]) for r in rows] == [("ex:bob", "ex:name")]  # alice is 40: no target

"""sh:datatype xsd:decimal refuses NaN and Infinity in both engines (XSD's decimal is finite), while
xsd:double keeps its NaN and INF."""

from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from exograph.vocab import SH

SHAPES = """@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/> .
ex:DecimalShape a sh:NodeShape ; sh:targetSubjectsOf ex:decimal ; sh:property [ sh:path ex:decimal ; sh:datatype xsd:decimal ] .
ex:DoubleShape a sh:NodeShape ; sh:targetSubjectsOf ex:double ; sh:property [ sh:path ex:double ; sh:datatype xsd:double ] .
"""

DATA = """@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix ex: <http://example.org/> .
ex:nan ex:decimal "NaN"^^xsd:decimal .
ex:infinity ex:decimal "Infinity"^^xsd:decimal .
ex:negative-infinity ex:decimal "-Infinity"^^xsd:decimal .
ex:finite ex:decimal "1.50"^^xsd:decimal .
ex:double-nan ex:double "NaN"^^xsd:double .
ex:double-inf ex:double "INF"^^xsd:double .
"""


def _focus_nodes_in_violation(tmp_path: Path, engine: str) -> set[str]:
    from exograph.cli import main

    (tmp_path / "data.ttl").write_text(DATA)
    (tmp_path / "shapes.ttl").write_text(SHAPES)
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["shacl", "--data", str(tmp_path / "data.ttl"), "--shapes", str(tmp_path / "shapes.ttl"),
                     "--engine", engine, "--format", "ttl"])
    assert code == 1, err.getvalue()
    report = Graph().parse(data=out.getvalue(), format="turtle")
    assert all(report.value(r, SH.sourceConstraintComponent) == SH.DatatypeConstraintComponent
               for r in report.subjects(RDF.type, SH.ValidationResult))
    return {str(report.value(r, SH.focusNode)).removeprefix("http://example.org/")
            for r in report.subjects(RDF.type, SH.ValidationResult)}


@pytest.mark.parametrize("engine", ["native", "pyshacl"])
def test_a_decimal_that_is_not_finite_is_not_a_well_formed_decimal(tmp_path: Path, engine: str) -> None:
    assert _focus_nodes_in_violation(tmp_path, engine) == {"nan", "infinity", "negative-infinity"}


def test_the_batch_store_leaves_a_record_with_a_nan_decimal_to_rdflib() -> None:
    from exograph.records.index import TripleIndex
    from exograph.validate.engines.native.batch import load_batch

    subject, predicate = URIRef("http://example.org/s"), URIRef("http://example.org/p")
    records = [TripleIndex([(subject, predicate, Literal(text, datatype=XSD.decimal))]) for text in ("NaN", "2.5")]
    assert load_batch(records).ill_typed == [True, False]

"""Any RDF graph against any shapes graph, outside a project (`exograph shacl`): read the files,
validate with an engine, render the SHACL report as text, JSON or Turtle.

Files are read as they are written: literals keep their lexical form ("01"^^xsd:integer stays
"01", "1"^^xsd:boolean stays "1"), since SHACL compares RDF terms, not values (rdflib would
otherwise normalize them while parsing).
"""

from __future__ import annotations

import io
import json
import logging
import warnings
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import rdflib
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from exograph.errors import ExographError
from exograph.validate.engines import ENGINES
from exograph.vocab import SH

FORMATS = {".ttl": "turtle", ".turtle": "turtle", ".nt": "nt", ".ntriples": "nt", ".n3": "n3", ".rdf": "xml",
           ".owl": "xml", ".xml": "xml", ".jsonld": "json-ld", ".json": "json-ld", ".trig": "trig", ".nq": "nquads"}
SEVERITY_NAMES = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}
FIELDS = (("focusNode", SH.focusNode), ("resultPath", SH.resultPath), ("value", SH.value),
          ("sourceShape", SH.sourceShape), ("sourceConstraintComponent", SH.sourceConstraintComponent),
          ("sourceConstraint", SH.sourceConstraint))


@contextmanager
def exact_literals() -> Iterator[None]:
    """rdflib keeps literals as written while parsing, and stays quiet about ill-typed ones (they
    are data for SHACL to report: sh:datatype fails them)."""
    saved = rdflib.NORMALIZE_LITERALS
    logger = logging.getLogger("rdflib.term")
    level = logger.level
    rdflib.NORMALIZE_LITERALS = False
    logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        rdflib.NORMALIZE_LITERALS = saved
        logger.setLevel(level)


def read_rdf(files: list[Path]) -> Graph:
    """The files in one graph; the format from each file's extension."""
    graph = Graph()
    with exact_literals():
        for path in files:
            form = FORMATS.get(path.suffix.lower())
            if form is None:
                raise ExographError(f"{path}: cannot tell the RDF format from the extension {path.suffix!r}; "
                                    f"expected one of {', '.join(sorted(FORMATS))}")
            if not path.is_file():
                raise ExographError(f"{path}: no such file")
            try:
                graph.parse(path, format=form, publicID=path.resolve().as_uri())
            except Exception as error:  # rdflib raises many unrelated types for bad syntax
                first = (str(error).strip().splitlines() or [type(error).__name__])[0]
                raise ExographError(f"{path}: not valid {form}: {first}") from None
    return graph


def validate(data: Graph, shapes: Graph, engine: str = "native") -> Graph:
    """The SHACL report graph of data against shapes (sh:conforms false whenever there is a result)."""
    if engine not in ENGINES:
        raise ExographError(f"unknown SHACL engine {engine!r}; expected one of: {', '.join(ENGINES)}")
    if engine == "pyshacl":
        from exograph.validate.engines.pyshacl_engine import pyshacl_report

        return pyshacl_report(data, shapes)
    from exograph.validate.engines.native import NativeEngine

    native = NativeEngine.of(shapes)
    with exact_literals():
        report = native.report(native.validate(data), data)
    for prefix, namespace in data.namespace_manager.namespaces():
        report.namespace_manager.bind(prefix, namespace, override=False)
    return report


def as_turtle(report: Graph) -> str:
    """The report in Turtle, every literal as it was written: rdflib's serializer would write
    "1"^^xsd:boolean as 1 (an integer) and an ill-typed "none"^^xsd:boolean as none (not Turtle)."""
    from rdflib.plugins.serializers.turtle import TurtleSerializer

    class ExactTurtle(TurtleSerializer):
        def label(self, node: Node, position: int) -> str:
            if isinstance(node, Literal) and node.datatype is not None and not _round_trips(node):
                return node._literal_n3(use_plain=False, qname_callback=lambda dt: self.get_pname(dt, True))
            return super().label(node, position)

    out = io.BytesIO()
    ExactTurtle(report).serialize(out, encoding="utf-8")
    return out.getvalue().decode("utf-8")


def _round_trips(literal: Literal) -> bool:
    """Whether Turtle's short form of the literal reads back as the same literal."""
    text = str(literal)
    if literal.datatype == XSD.boolean:
        return text in ("true", "false")
    if literal.datatype in (XSD.integer, XSD.decimal, XSD.double):
        return not literal.ill_typed and text == text.strip() and "n" not in text.lower()
    return True


def results(report: Graph) -> list[Node]:
    node = report.value(None, RDF.type, SH.ValidationReport, any=True)
    return sorted(report.objects(node, SH.result), key=lambda r: _sort_key(report, r))


def violations(report: Graph) -> int:
    return sum(report.value(r, SH.resultSeverity) == SH.Violation for r in results(report))


def as_rows(report: Graph) -> list[dict[str, object]]:
    """Each result as a JSON object: its terms (Turtle syntax; a blank node as [...]), severity and messages."""
    rows = []
    for result in results(report):
        row: dict[str, object] = {"severity": _severity(report, result)}
        for name, predicate in FIELDS:
            value = report.value(result, predicate)
            if value is not None:
                row[name] = _shown(report, value)
        row["messages"] = sorted(str(m) for m in report.objects(result, SH.resultMessage))
        rows.append(row)
    return rows


def as_json(report: Graph) -> str:
    return json.dumps(as_rows(report), indent=2, ensure_ascii=False)


def as_text(report: Graph) -> str:
    rows = as_rows(report)
    if not rows:
        return "Conforms: no validation result."
    lines = []
    for row in rows:
        where = f"focus node {row['focusNode']}" + (f", path {row['resultPath']}" if "resultPath" in row else "")
        value = f", value {row['value']}" if "value" in row else ""
        message = "; ".join(row["messages"]) or "does not conform"  # type: ignore[arg-type]
        lines.append(f"{row['severity']}: {where}{value}: {message} "
                     f"(shape {row['sourceShape']}, {row['sourceConstraintComponent']})")
    count = violations(report)
    lines.append(f"{len(rows)} result(s): {count} violation(s), {len(rows) - count} other.")
    return "\n".join(lines)


def _severity(report: Graph, result: Node) -> str:
    severity = report.value(result, SH.resultSeverity)
    return SEVERITY_NAMES.get(severity, _shown(report, severity) if severity is not None else "violation")  # type: ignore[arg-type]


def _shown(report: Graph, node: Node, depth: int = 0) -> str:
    if isinstance(node, URIRef):
        try:
            return report.namespace_manager.curie(str(node), generate=False)
        except (ValueError, KeyError):
            return node.n3()
    if isinstance(node, Literal):
        return node.n3(report.namespace_manager)
    if depth > 3:
        return "[...]"
    inner = "; ".join(f"{_shown(report, p, depth + 1)} {_shown(report, o, depth + 1)}" for p, o in sorted(report.predicate_objects(node)))
    return f"[ {inner} ]" if inner else "[]"


def _sort_key(report: Graph, result: Node) -> tuple[str, ...]:
    return tuple(_shown(report, v) if v is not None else "" for v in (report.value(result, p) for _, p in FIELDS))

"""The self-describing shape cases of tests/shapes/cases/: each file holds what it exercises (a node
shape and optionally one rule of it), its data (a Turtle snippet or a whole YAML record) and the
result expected. Read by test_shape_cases.py."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from rdflib import Graph, URIRef

from exograph.errors import Problem
from exograph.paths import ProjectPaths
from exograph.vocab import PREFIXES

HERE = Path(__file__).resolve().parent
CASES = sorted((HERE / "cases").glob("*.yaml"))
EXS = "https://w3id.org/exograph/shapes#"

# Prepended to every Turtle case: the project's prefixes, exs: and a base so that <study/x/...> is a
# data IRI of record x.
TURTLE_HEADER = "\n".join(
    [f"@prefix {prefix}: <{namespace}> ." for prefix, namespace in PREFIXES.items()]
    + [f"@prefix exs: <{EXS}> .", "@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .",
       "@base <https://w3id.org/exograph/data/> ."]) + "\n"


@dataclass(frozen=True)
class Case:
    """One self-describing shape case: what it exercises, its data and the result expected."""

    path: Path
    shape: str
    rule: str | None
    turtle: str | None
    record: dict[str, Any] | None
    expect: dict[str, Any]

    @classmethod
    def read(cls, path: Path) -> "Case":
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        return cls(path, spec["shape"], spec.get("rule"), spec.get("turtle"), spec.get("record"), spec["expect"])

    @property
    def name(self) -> str:
        return self.path.stem


def run_turtle_case(case: Case, shapes: Graph, engine: str = "native") -> list[Problem]:
    """The case's Turtle against its one node shape (so a case needs only the data that shape reads)."""
    return turtle_case_report(case, shapes, engine).problems


def turtle_case_report(case: Case, shapes: Graph, engine: str = "native") -> Any:
    from exograph.validate.locate import Locator
    from exograph.validate.shacl import validate_graph

    data = Graph().parse(data=TURTLE_HEADER + (case.turtle or ""), format="turtle")
    return validate_graph(data, shapes, Locator([]), only=[URIRef(EXS + case.shape)], engine=engine)


def run_record_case(case: Case, project: ProjectPaths, tmp_path: Path, engine: str = "native") -> list[Problem]:
    """The case's YAML record through the real loader and validator, with data/sources and data/reviews as
    context."""
    from exograph.records.load import load_all, record_files
    from exograph.validate.shacl import validate_records

    record = dict(case.record or {})
    folder = tmp_path / "data" / "studies"
    folder.mkdir(parents=True)
    path = folder / f"{record['id']}.yaml"
    path.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8")
    records, problems = load_all([path], tmp_path)
    context, _ = load_all([p for p in record_files(project.data) if p.parent.name in ("sources", "reviews")],
                          project.root)
    return problems + validate_records(project, records, context=context, engine=engine).problems

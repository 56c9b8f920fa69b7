"""Validate records one at a time against shapes/ (plus the ontology's class hierarchy), check every
quote against its source document, apply the cross-record rules once, and map every result back to
the curated file, record and field.

One record at a time keeps validation independent (a broken record never hides another's problems)
and linear as data grows: pySHACL over a whole graph slows down far faster than the graph grows
(../shared/reference/TOOLCHAIN.md); per record it is ~0.1-0.2 s for a fully curated study.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from rdflib import Graph, URIRef
from rdflib.term import Node
from rdflib.namespace import RDF, RDFS

from exograph.closure import reachable
from exograph.errors import ExographError, Problem
from exograph.graphs import new_graph, parse_turtle_files
from exograph.paths import ProjectPaths
from exograph.records.index import TripleIndex
from exograph.records.load import LoadedRecord
from exograph.validate.engines import DEFAULT_ENGINE, ENGINES
from exograph.validate.locate import Finding, Locator, problem_of, problems_from_report
from exograph.validate.report import (CROSS_RECORD, KNOWN_TERM, QUOTE_IN_SOURCE, add_results, empty_report,
                                      report_node, set_conforms)
from exograph.vocab import SH

if TYPE_CHECKING:
    from exograph.validate.engines.native import NativeEngine, Result

__all__ = ["ValidationReport", "validate_records", "validate_graph", "validate_indexes", "shapes_graph",
           "class_hierarchy", "ENGINES"]

BATCH_SIZE = 100  # records per Oxigraph store in the native engine: bounds memory, amortizes queries


@dataclass
class ValidationReport:
    problems: list[Problem] = field(default_factory=list)
    report_graph: Graph = field(default_factory=new_graph)

    @property
    def violations(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "Violation"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity != "Violation"]

    @property
    def conforms(self) -> bool:
        """No violation (warnings allowed): what the exit code reports. The report graph's
        sh:conforms is false whenever there is any result, as SHACL §3.6.1 says."""
        return not self.violations


def shapes_graph(paths: ProjectPaths) -> Graph:
    """Every shapes/*.ttl in one graph; a file that is not valid Turtle is an ExographError (exit 2)."""
    files = sorted(paths.shapes.glob("*.ttl"))
    if not files:
        raise ExographError(f"no shapes found: {paths.shapes} holds no .ttl file")
    return parse_turtle_files(files)


def class_hierarchy(paths: ProjectPaths) -> dict[URIRef, set[URIRef]]:
    """Each class of ontology + imports mapped to its named superclasses (transitively): enough for
    sh:class checks, and small enough to add per record only the part the record uses."""
    from exograph.graphs import ontology_graph

    parents: dict[URIRef, set[URIRef]] = {}
    for child, parent in ontology_graph(paths).subject_objects(RDFS.subClassOf):
        if isinstance(child, URIRef) and isinstance(parent, URIRef):
            parents.setdefault(child, set()).add(parent)
    return {cls: _ancestors(cls, parents) for cls in parents}


def _ancestors(cls: URIRef, parents: dict[URIRef, set[URIRef]]) -> set[URIRef]:
    return set(reachable(parents.get(cls, ()), lambda c: parents.get(c, ())))


def with_hierarchy(data: Graph, ancestors: dict[URIRef, set[URIRef]]) -> Graph:
    """The record's triples plus rdfs:subClassOf links from each class it uses to its superclasses."""
    combined = new_graph()
    combined += data
    return add_hierarchy(combined, ancestors)


def add_hierarchy(data: Graph, ancestors: dict[URIRef, set[URIRef]]) -> Graph:
    """with_hierarchy in place: the record graph is validation's own, so copying it is not needed."""
    for triple in hierarchy_triples(data, ancestors):
        data.add(triple)
    return data


def hierarchy_triples(triples: Iterable[tuple[Node, Node, Node]],
                      ancestors: dict[URIRef, set[URIRef]]) -> list[tuple[Node, Node, Node]]:
    """rdfs:subClassOf links from each class the triples use to its superclasses."""
    classes = {o for _, p, o in triples if p == RDF.type}
    return [(cls, RDFS.subClassOf, ancestor) for cls in classes for ancestor in ancestors.get(cls, ())]  # type: ignore[call-overload]


def validate_graph(data: Graph, shapes: Graph, locator: Locator, only: Iterable[URIRef] | None = None,
                   engine: str = DEFAULT_ENGINE) -> ValidationReport:
    """One record's graph against the shapes; results become Problems naming file, record and field.
    `only` restricts validation to some node shapes (the shape tests use it to test one at a time)."""
    check_engine(engine)
    if engine == "native":
        from exograph.validate.engines.native import NativeEngine

        report = ValidationReport(report_graph=empty_report())
        report.problems = validate_indexes([TripleIndex.of(data)], NativeEngine.of(shapes), locator, report.report_graph, only)
        set_conforms(report.report_graph, not report.problems)
        return report
    from exograph.validate.engines.pyshacl_engine import pyshacl_report, restrict_targets

    report_graph = pyshacl_report(data, shapes if only is None else restrict_targets(shapes, only))
    problems = problems_from_report(report_graph, TripleIndex.of(data), shapes_index(shapes), locator)
    return ValidationReport(problems, report_graph)


def validate_indexes(records: list[TripleIndex], engine: NativeEngine, locator: Locator, into: Graph,
                     only: Iterable[URIRef] | None = None) -> list[Problem]:
    """Each record (its triples indexed) validated on its own by the native engine: its problems,
    and its results added to the report graph `into` (annotated with file, record and field). What
    validate_records runs on each batch of records."""
    from exograph.validate.engines.native.report import BlankNodeCopier, add_result
    from exograph.validate.report import annotate

    shapes, report = engine.compiled.index, report_node(into)
    copier = BlankNodeCopier(into)
    problems = []
    for index, results in zip(records, engine.validate_batch(records, only)):
        for result in results:
            node = add_result(into, result, copier, shapes, index)
            into.add((report, SH.result, node))
            problem = problem_of(finding_of(result), index, shapes, locator)
            annotate(into, node, problem)
            problems.append(problem)
    return problems


def finding_of(result: Result) -> Finding:
    path = result.path if isinstance(result.path, URIRef) else None
    return Finding(result.focus, result.value, result.shape, path, result.constraint, result.severity, result.messages)


_SHAPES_INDEXES: dict[int, tuple[Graph, TripleIndex]] = {}


def shapes_index(shapes: Graph) -> TripleIndex:
    """The shapes graph indexed, once per graph (pySHACL's reports are read with it, record by record)."""
    known = _SHAPES_INDEXES.get(id(shapes))
    if known is None or known[0] is not shapes:
        _SHAPES_INDEXES.clear()
        known = _SHAPES_INDEXES[id(shapes)] = (shapes, TripleIndex.of(shapes))
    return known[1]


def check_engine(engine: str) -> None:
    if engine not in ENGINES:
        raise ExographError(f"unknown validation engine {engine!r}; expected one of: {', '.join(ENGINES)}")


def validate_records(paths: ProjectPaths, records: list[LoadedRecord], context: Iterable[LoadedRecord] = (),
                     engine: str = DEFAULT_ENGINE) -> ValidationReport:
    """Each record validated on its own, its quotes checked against the source documents and its
    ontology terms against the import modules, then the cross-record rules once. `context` holds
    records that are not validated but may be referred to (the rest of data/ when only some files are
    named). `engine`: one of ENGINES."""
    from exograph.records.quotes import document_texts
    from exograph.validate.cross import cross_record_problems
    from exograph.validate.quotes import QuoteChecker
    from exograph.validate.terms import KnownTerms, term_problems

    check_engine(engine)
    shapes = shapes_graph(paths)
    ancestors = class_hierarchy(paths)
    everything = [*records, *context]
    study_ids = {r.record.id for r in everything if r.kind == "study"}
    locator = Locator(everything)
    quotes = QuoteChecker(document_texts(paths.text_folders, everything), locator, paths.root)
    known = KnownTerms.of(paths)
    report = ValidationReport(report_graph=empty_report())
    quote_problems: list[Problem] = []
    terms = [problem for loaded in records for problem in term_problems(loaded, known)]
    superclasses: dict[Node, list[Node]] = {}  # every record states the ontology's hierarchy: walk it once
    with _pyshacl_run(engine), fewer_collections():
        for start in range(0, len(records), BATCH_SIZE if engine == "native" else 1):
            batch = records[start:start + (BATCH_SIZE if engine == "native" else 1)]
            indexes = [_record_index(loaded, study_ids, ancestors, superclasses) for loaded in batch]
            report.problems += _validate_batch(indexes, shapes, locator, engine, paths, report.report_graph)
            for index in indexes:
                quote_problems += quotes.check(index)
    cross = cross_record_problems(records, everything)
    add_results(report.report_graph, quote_problems, QUOTE_IN_SOURCE)
    add_results(report.report_graph, cross, CROSS_RECORD)
    add_results(report.report_graph, terms, KNOWN_TERM)
    report.problems = deduplicated(report.problems + quote_problems + cross + terms)
    set_conforms(report.report_graph, not report.problems)  # SHACL §3.6.1: false with any result
    return report


def validate_computed_claims(paths: ProjectPaths, claims: Iterable[tuple[Node, Node, Node]],
                             inputs: Iterable[tuple[URIRef, URIRef]]) -> list[Problem]:
    """A review's computed claims (the triples records/derived.py emits) against shapes/: they are
    published, so they are validated like curated records. `inputs`: (IRI, class) of the records
    they name (the review and its studies), typed so sh:class can check them; those records are
    validated on their own, so only results about the claims' own nodes count."""
    from exograph.validate.engines.native import NativeEngine

    claims, inputs = list(claims), list(inputs)
    triples = [*claims, *((iri, RDF.type, cls) for iri, cls in inputs)]
    index = TripleIndex(triples + hierarchy_triples(triples, class_hierarchy(paths)))
    with shapes_errors(paths.shapes):
        engine = NativeEngine.of(shapes_graph(paths), key=_shapes_key(paths))
        [results] = engine.validate_batch([index])
    own = {s for s, _, _ in claims} - {iri for iri, _ in inputs}  # the review links its claims: not its own node
    locator = Locator([])
    return deduplicated([problem_of(finding_of(r), index, engine.compiled.index, locator) for r in results if r.focus in own])


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Validation makes millions of short-lived objects beside the loaded records: with Python's
    default thresholds the cycle collector walks the whole heap so often that it cost a quarter of
    the time at 2,000 studies. Collect less often while validating (memory is freed by reference
    counting; the few cycles wait a little longer)."""
    import gc

    saved = gc.get_threshold()
    gc.set_threshold(50_000, 20, 100)
    try:
        yield
    finally:
        gc.set_threshold(*saved)


def _pyshacl_run(engine: str) -> Any:
    """For pySHACL: each SPARQL constraint parsed once for the whole run, not once per record."""
    from contextlib import nullcontext

    from exograph.validate.engines.pyshacl_patches import patched_pyshacl

    return patched_pyshacl() if engine == "pyshacl" else nullcontext()


def _record_index(loaded: LoadedRecord, study_ids: set[str], ancestors: dict[URIRef, set[URIRef]],
                  superclasses: dict[Node, list[Node]]) -> TripleIndex:
    """One record's triples with the class hierarchy it uses, indexed (no rdflib Graph unless a
    SPARQL constraint or pySHACL needs one)."""
    from exograph.records.convert import record_triples

    triples = record_triples(loaded, study_ids)
    return TripleIndex(triples + hierarchy_triples(triples, ancestors), superclasses=superclasses)


@contextmanager
def shapes_errors(where: Path) -> Iterator[None]:
    """A shape an engine cannot apply, reported with the folder or file the shapes came from."""
    from exograph.validate.engines.errors import ShapesError

    try:
        yield
    except ShapesError as error:
        raise ShapesError(f"the shapes in {where} cannot be applied: {error}") from None


def _context_aware(index: TripleIndex) -> Graph:
    """The record as pySHACL needs it: in a context-aware store."""
    graph = new_graph()
    graph += index.triples
    return graph


def _validate_batch(indexes: list[TripleIndex], shapes: Graph, locator: Locator, engine: str,
                    paths: ProjectPaths, into: Graph) -> list[Problem]:
    """Each record's problems, its results added to the report graph `into`: in one batch for the
    native engine, one at a time for pySHACL."""
    with shapes_errors(paths.shapes):
        if engine == "native":
            from exograph.validate.engines.native import NativeEngine

            return validate_indexes(indexes, NativeEngine.of(shapes, key=_shapes_key(paths)), locator, into)
        problems = []
        for index in indexes:
            single = validate_graph(_context_aware(index), shapes, locator, engine=engine)
            problems += single.problems
            _merge_results(into, single.report_graph)
        return problems


def compile_engine(paths: ProjectPaths, engine: str = DEFAULT_ENGINE) -> None:
    """Compile the shapes for the native engine now, in this process (a pool forked afterwards
    inherits them instead of compiling once per worker: ~3 s each, mostly parsing the SPARQL rules)."""
    if engine == "native":
        from exograph.validate.engines.native import NativeEngine

        with shapes_errors(paths.shapes):
            NativeEngine.of(shapes_graph(paths), key=_shapes_key(paths))


def _shapes_key(paths: ProjectPaths) -> str:
    """Identifies the shape files' contents, so a process compiles them once."""
    from exograph.fingerprint import files_fingerprint

    return files_fingerprint(sorted(paths.shapes.glob("*.ttl")))


def deduplicated(problems: list[Problem]) -> list[Problem]:
    """Each problem once (two constraints can say the same thing about one value), in report order."""
    unique = list(dict.fromkeys(problems))  # the value too: a total order, the same for every engine
    return sorted(unique, key=lambda p: (p.file, p.record, p.severity != "Violation", p.field, p.message, p.value))


def _merge_results(into: Graph, single: Graph) -> None:
    """Move one record's results under the one report node (pySHACL makes a report node per run)."""
    report = report_node(into)
    for node in single.subjects(RDF.type, SH.ValidationReport):
        for result in single.objects(node, SH.result):
            into.add((report, SH.result, result))
    for triple in single:
        if triple[1] not in (SH.conforms, SH.result) and triple[2] != SH.ValidationReport:
            into.add(triple)

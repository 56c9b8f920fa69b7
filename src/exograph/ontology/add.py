"""`exograph imports --add CURIE ...`: make a real term one of the project's terms.

Each term is looked up in the ontology's offline file (../shared/ontologies) or a SPARQL endpoint; its
exact label there goes into ontology/imports/terms.tsv (after the last term of the same ontology), and
that ontology's import module is extracted again. A term the source does not have, an obsolete one or a
malformed CURIE is refused with the reason, and terms.tsv is left as it was: an ID is never added
without the label its ontology gives it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from exograph.ontology.imports import ImportsError, ImportsReport, OntologySpec, generate, iri_of_curie, read_term_list
from exograph.ontology.sources import SourceError, SourceTerm, SparqlTermSource, TermSource, open_sources, \
    sparqlwrapper_runner


@dataclass(frozen=True)
class Added:
    curie: str
    label: str


def add_terms(terms_file: Path, curies: list[str], out_dir: Path, source_dir: Path | None,
              endpoint: str | None) -> tuple[list[Added], list[str], ImportsReport]:
    """Add each new term to terms.tsv with its label from the source, then extract the modules of their
    ontologies. Returns the terms added, those already listed, and the extraction report."""
    listed = {entry.curie for entry in read_term_list(terms_file)}
    wanted = _checked(curies)
    already = [curie for curie in wanted if curie in listed]
    added = [_look_up(curie, source_dir, endpoint) for curie in wanted if curie not in listed]
    if not added:
        return [], already, ImportsReport()
    before = terms_file.read_bytes()
    _write_terms(terms_file, added)
    try:
        prefixes = sorted({item.curie.partition(":")[0] for item in added})
        report = generate(terms_file, out_dir, source_dir=None if endpoint else source_dir, endpoint=endpoint,
                          only=prefixes)
    except Exception:
        from exograph.outputs import write_output

        write_output(terms_file, before)  # nothing half-written: the list stays as it was
        raise
    return added, already, report


def _checked(curies: list[str]) -> list[str]:
    from exograph.records.curies import curie_problem

    problems = [f"{curie}: {problem}" for curie in curies if (problem := curie_problem(curie))]
    problems += [f"{curie}: a local term; add it to ontology/exograph.ttl with a label and a definition"
                 for curie in curies if curie.startswith("exo:")]
    if problems:
        raise ImportsError("cannot add:\n  " + "\n  ".join(problems))
    return list(dict.fromkeys(curies))


def _look_up(curie: str, source_dir: Path | None, endpoint: str | None) -> Added:
    """The term's label in its ontology's source, or ImportsError saying why there is none."""
    spec, iri = iri_of_curie(curie)
    source, where = _source(spec, curie, source_dir, endpoint)
    try:
        term: SourceTerm | None = source.terms_for([iri]).get(iri)
    except SourceError as error:
        raise ImportsError(f"cannot add {curie}: {error}") from None
    if term is None:
        raise ImportsError(f"cannot add {curie}: {where} has no such term; check the ID (a made-up or mistyped ID "
                           "is not a term), or look it up on a SPARQL endpoint with --endpoint URL")
    if term.obsolete:
        raise ImportsError(f"cannot add {curie}: it is obsolete in {where}; use the term that replaces it")
    if not term.label:
        raise ImportsError(f"cannot add {curie}: {where} gives it no label")
    return Added(curie, term.label)


def _source(spec: OntologySpec, curie: str, source_dir: Path | None, endpoint: str | None) -> tuple[TermSource, str]:
    if endpoint:
        return SparqlTermSource(endpoint, sparqlwrapper_runner(endpoint)), f"SPARQL endpoint {endpoint}"
    if not spec.files:
        raise ImportsError(f"cannot add {curie}: {spec.prefix} has no offline file; check its label in "
                           f"../shared/reference/obo-terms.tsv or the ontology's site, add it to "
                           f"ontology/imports/{spec.manual} and list it in terms.tsv with that file as its source "
                           "(or use --endpoint URL)")
    if source_dir is None or not source_dir.is_dir():
        raise ImportsError(f"cannot add {curie}: the ontology folder {source_dir} does not exist "
                           "(give --source-dir, or --endpoint URL)")
    files = [source_dir / name for name in spec.files]
    return open_sources(files), ", ".join(name for name in spec.files)


def _write_terms(terms_file: Path, added: list[Added]) -> None:
    """Insert each term after the last listed term of its ontology (at the end when it is the first)."""
    from exograph.outputs import write_output

    lines = terms_file.read_text(encoding="utf-8").splitlines()
    for item in added:
        prefix = item.curie.partition(":")[0] + ":"
        last = max((i for i, line in enumerate(lines) if line.startswith(prefix)), default=len(lines) - 1)
        lines.insert(last + 1, f"{item.curie}\t{item.label}")
    write_output(terms_file, ("\n".join(lines) + "\n").encode("utf-8"))

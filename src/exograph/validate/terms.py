"""Every ontology term a record names is a term of the project's import modules.

The terms the project has are those listed in ontology/imports/terms.tsv (each extracted, with its
exact label, into an import module) and the local exo: terms of ontology/exograph.ttl. A CURIE outside
them (a made-up MONDO:9999999, a real term nobody imported) would build, and the study would silently
drop out of every hierarchy query; here it is a violation that names the term, the file and field, the
known terms nearest by label to what the record says, and how to add a real term.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from exograph.errors import Problem
from exograph.paths import ProjectPaths

NEAREST = 3
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class KnownTerms:
    """CURIE → label of every term the project has."""

    labels: dict[str, str]

    @classmethod
    def of(cls, paths: ProjectPaths) -> "KnownTerms":
        terms, ontology = paths.imports / "terms.tsv", paths.ontology / "exograph.ttl"
        return _known(terms, _mtime(terms), ontology, _mtime(ontology))

    def problem(self, curie: str, context: str) -> str | None:
        """None for a known term; else what is wrong and the way out."""
        if curie in self.labels:
            return None
        prefix = curie.partition(":")[0]
        nearest = self.nearest(prefix, context, curie)
        shown = "; ".join(f"{term} {label!r}" for term, label in nearest) or "none (the project has no term of that ontology yet)"
        if prefix == "exo":
            return (f"{curie} is not a term of ontology/exograph.ttl; nearest known terms by label: {shown}. "
                    "A local term is added to ontology/exograph.ttl with a label and a definition")
        return (f"{curie} is not a term of the import modules (ontology/imports/terms.tsv); nearest known terms by "
                f"label: {shown}. If {curie} is the real term meant, add it with `exograph imports --add {curie}` "
                "(extracted with its label from ../shared/ontologies, or --endpoint URL), then `exograph build`")

    def nearest(self, prefix: str, context: str, curie: str) -> list[tuple[str, str]]:
        """The known terms of the same ontology whose labels are nearest to what the record says
        (its as_reported or label), else nearest by ID."""
        same = {term: label for term, label in self.labels.items() if term.partition(":")[0] == prefix}
        if context.strip():
            scored = sorted(same.items(), key=lambda item: (-_similarity(context, item[1]), item[0]))
            return scored[:NEAREST]
        return [(term, same[term]) for term in difflib.get_close_matches(curie, list(same), n=NEAREST, cutoff=0)]


def _similarity(text: str, label: str) -> float:
    """How well a label matches what a record says: the cosine of their word sets, with the
    whole-string ratio breaking ties (and ranking labels that share no word)."""
    words, label_words = _words(text), _words(label)
    shared = len(words & label_words) / (len(words) * len(label_words)) ** 0.5 if words and label_words else 0.0
    return shared + 0.1 * difflib.SequenceMatcher(None, text.lower(), label.lower()).ratio()


def _words(text: str) -> set[str]:
    return {word.rstrip("s") if len(word) > 3 else word for word in _WORD.findall(text.lower())}


def _mtime(path: Path) -> float:
    return path.stat().st_mtime if path.is_file() else 0.0


@lru_cache(maxsize=4)
def _known(terms: Path, _terms_mtime: float, ontology: Path, _ontology_mtime: float) -> KnownTerms:
    from exograph.ontology.imports import read_term_list

    labels = {entry.curie: entry.label for entry in read_term_list(terms)} if terms.is_file() else {}
    labels.update(_local_terms(ontology))
    return KnownTerms(labels)


def _local_terms(ontology: Path) -> dict[str, str]:
    """exo: terms of the ontology with their labels."""
    if not ontology.is_file():
        return {}
    from rdflib import URIRef
    from rdflib.namespace import RDFS

    from exograph.graphs import parse_turtle_files
    from exograph.vocab import EXO

    graph = parse_turtle_files([ontology])
    return {f"exo:{str(s)[len(str(EXO)):]}": str(o) for s, o in graph.subject_objects(RDFS.label)
            if isinstance(s, URIRef) and str(s).startswith(str(EXO))}


def term_problems(loaded: Any, known: KnownTerms) -> list[Problem]:
    """A violation for every CURIE of one record that is not a known term."""
    from exograph.records.curies import curie_fields, curie_problem

    problems = []
    for field, curie, owner in curie_fields(loaded.record, with_owner=True):
        if curie_problem(curie) is not None:
            continue  # written wrongly: the loader already says how to write it
        message = known.problem(curie, _context(owner))
        if message:
            problems.append(Problem(loaded.rel_path, loaded.record.id, field, message, value=curie))
    return problems


def _context(owner: Any) -> str:
    """What the record says about the term: the owner's as_reported, label, outcome or statement."""
    for name in ("as_reported", "label", "outcome", "statement"):
        value = getattr(owner, name, None)
        if isinstance(value, str) and value.strip():
            return value
    return ""

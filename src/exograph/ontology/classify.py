"""The ontology, classified once: HermiT computes the class hierarchy of the ontology and its imports
(every class expression included, through its proxy), says whether the ontology is consistent and
which classes are unsatisfiable; the result is cached by the hash of the ontology files and of this
code, so HermiT runs again only when one of them changes.

`load_ontology(paths)` gives the `Ontology` the per-record reasoner (realize.py) applies.
"""

from __future__ import annotations

import io
import pickle
from dataclasses import dataclass
from pathlib import Path

from typing import TYPE_CHECKING, Callable

from exograph.ontology.axioms import Compiled, compile_axioms, read_ontology_files

if TYPE_CHECKING:
    from rdflib import Graph

# The code a classification and a record's realization depend on: an edit to any of them changes
# the cache keys of both (the ontology's files, a record's triples are hashed apart).
REASONER_MODULES = ("exograph.ontology.axioms", "exograph.ontology.classify", "exograph.ontology.datatypes",
                    "exograph.ontology.realize", "exograph.ontology.records", "exograph.records.iri", "exograph.vocab",
                    "exograph.graphs")
THING = "http://www.w3.org/2002/07/owl#Thing"
NOTHING = "http://www.w3.org/2002/07/owl#Nothing"


@dataclass
class Ontology:
    """The compiled axioms with HermiT's classification, and the named individuals' own facts."""

    compiled: Compiled
    consistent: bool
    individual_triples: list[tuple]
    key: str

    @property
    def unsatisfiable(self) -> list[str]:
        return sorted(c for c in self.compiled.unsatisfiable if not c.startswith("urn:"))


def classify(compiled: Compiled, hermit_input) -> bool:  # noqa: ANN001 - an rdflib Graph
    """Fill `compiled.ancestors` and `.unsatisfiable` from HermiT; False when the ontology is inconsistent."""
    import owlready2

    from exograph.ontology.reason import REASONING_ONTOLOGY, ReasonerError

    world = owlready2.World()
    onto = world.get_ontology(REASONING_ONTOLOGY)
    onto.load(fileobj=io.BytesIO(hermit_input.serialize(format="nt", encoding="utf-8")), format="ntriples")
    try:
        with onto:
            owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    except owlready2.OwlReadyInconsistentOntologyError:
        return False
    except (owlready2.OwlReadyJavaError, FileNotFoundError, OSError) as error:
        raise ReasonerError(f"HermiT could not run (is Java installed? owlready2.JAVA_EXE={owlready2.JAVA_EXE!r}): "
                            f"{error}") from error
    for cls in world.classes():
        iri = getattr(cls, "iri", None)
        if not iri:
            continue
        compiled.ancestors[iri] = frozenset(a.iri for a in cls.ancestors() if getattr(a, "iri", None)
                                            and a.iri != THING)
    compiled.unsatisfiable = {c.iri for c in world.inconsistent_classes()
                              if getattr(c, "iri", None) and c.iri != NOTHING}
    return True


def load_ontology(ontology_dir: Path, root: Path, cache_dir: Path | None = None) -> Ontology:
    """The classified ontology of `ontology_dir` (the build's: keyed by its files' bytes, so a cached
    one is found without parsing them)."""
    from exograph.build.cache import code_key
    from exograph.fingerprint import digest, files_fingerprint
    from exograph.graphs import ontology_files

    files = ontology_files(ontology_dir)
    key = digest("files", files_fingerprint(files), code_key(REASONER_MODULES))
    return _cached(key, cache_dir, lambda: read_ontology_files(files, root))


def ontology_of(tbox: Graph, cache_dir: Path | None = None) -> Ontology:
    """The classified ontology of an ontology graph (`exograph reason --graph`), keyed by its triples."""
    from exograph.build.cache import code_key
    from exograph.build.pieces import sorted_ntriples
    from exograph.fingerprint import digest

    key = digest("graph", sorted_ntriples(tbox).decode("utf-8"), code_key(REASONER_MODULES))
    return _cached(key, cache_dir, lambda: (tbox, {}))


def _cached(key: str, cache_dir: Path | None, read: Callable[[], tuple[Graph, dict]]) -> Ontology:
    from exograph.progress import progress

    cached = cache_dir / key if cache_dir else None
    if cached is not None and cached.is_file():
        return pickle.loads(cached.read_bytes())
    axioms = compile_axioms(*read())
    progress("classifying the ontology (HermiT)")
    consistent = classify(axioms.compiled, axioms.hermit_input)
    ontology = Ontology(axioms.compiled, consistent, axioms.individual_triples, key)
    if cached is not None:
        from exograph.build.cache import RecordCache

        RecordCache(cached.parent.parent).write(cached.parent.name, key, pickle.dumps(ontology))
    return ontology

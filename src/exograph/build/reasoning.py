"""The build's reasoning stage: the ontology as a piece, and the class memberships HermiT infers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from exograph.build.cache import code_key
from exograph.build.convert import Context
from exograph.build.pieces import write_piece
from exograph.errors import ExographError
from exograph.fingerprint import digest, files_fingerprint
from exograph.paths import ProjectPaths
from exograph.progress import progress

if TYPE_CHECKING:
    from rdflib import Graph


def ontology_piece(paths: ProjectPaths, ctx: Context) -> str:
    """The cache key of the ontology and its imports, parsed by rdflib once per change of their files."""
    from exograph.graphs import ontology_files, ontology_graph

    key = "ontology-" + digest(files_fingerprint(ontology_files(paths.ontology)),
                               code_key(("exograph.graphs", "exograph.build.pieces")))
    if not ctx.cache.path("nt", key).exists():
        write_piece(ctx.cache, key, ontology_graph(paths))
    return key


def inferred_piece(keys: list[str], ctx: Context) -> str:
    """The cache key of what the reasoner infers over the whole graph: HermiT sees everything at once,
    so it runs again whenever any piece changed, and not at all when none did."""
    key = "inferred-" + digest(code_key(("exograph.ontology.reason", "exograph.build.pieces")), *keys)
    if not ctx.cache.path("nt", key).exists():
        from exograph.graphs import new_graph

        graph = new_graph()
        for piece in keys:
            graph.parse(ctx.piece_path("nt", piece), format="nt")
        write_piece(ctx.cache, key, inferred(graph))
    return key


def inferred(graph: Graph) -> Graph:
    """Class memberships the OWL reasoner infers; an inconsistent graph is an error that explains it."""
    from exograph.ontology.reason import infer

    progress("reasoning (HermiT)")
    result = infer(graph)
    if not result.consistent:
        raise ExographError(f"the graph is inconsistent:\n{result.explanation}")
    return result.inferred

"""The embedded graph as a query backend: rdflib for small graphs, Oxigraph for large ones."""

from __future__ import annotations

from exograph.paths import ProjectPaths
from exograph.query.backends import OxigraphBackend, RdflibBackend

# Above this many bytes of N-Triples (~100k triples) rdflib's engine gets slow; Oxigraph does not.
AUTO_OXIGRAPH_BYTES = 15_000_000


def embedded_backend(paths: ProjectPaths, choice: str = "auto") -> RdflibBackend | OxigraphBackend:
    from exograph.pipeline import OUTPUT_NT, build

    built = paths.build / OUTPUT_NT
    if not built.exists():
        build(paths)
    if choice == "oxigraph" or (choice == "auto" and built.stat().st_size > AUTO_OXIGRAPH_BYTES):
        return OxigraphBackend(ntriples=built.read_bytes())
    from exograph.graphs import new_graph

    graph = new_graph()
    graph.parse(built, format="nt")
    return RdflibBackend(graph)

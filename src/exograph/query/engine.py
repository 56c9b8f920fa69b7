"""The embedded graph as a query backend: an in-process Oxigraph store by default, rdflib on request.

Oxigraph loads build/exograph.nt in linear time and its joins stay fast as the graph grows; rdflib's
engine can take quadratic time on ordinary comparative queries (see the toolchain notes), and the
heaviest saved query (discrepancies) takes seconds on it even on the real data. The test suite runs
every saved query on both and checks they return the same rows, so `--backend rdflib` stays a tested
reference engine.
"""

from __future__ import annotations

from exograph.paths import ProjectPaths
from exograph.query.backends import OxigraphBackend, RdflibBackend


def embedded_backend(paths: ProjectPaths, choice: str = "auto") -> RdflibBackend | OxigraphBackend:
    """The built graph (built first if absent) behind the chosen engine; "auto" means Oxigraph."""
    from exograph.build import build
    from exograph.build.writer import OUTPUT_NT

    built = paths.build / OUTPUT_NT
    if not built.exists():
        build(paths)
    if choice in ("auto", "oxigraph"):
        return OxigraphBackend(path=built)
    from exograph.graphs import new_graph

    graph = new_graph()
    graph.parse(built, format="nt")
    return RdflibBackend(graph)

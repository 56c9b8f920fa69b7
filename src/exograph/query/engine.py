"""The embedded graph as a query backend: the published Oxigraph store (build/store, opened read-only)
by default, rdflib on request.

Oxigraph answers from the store on disk: nothing is parsed or loaded, and its joins stay fast as the
graph grows; rdflib's engine can take quadratic time on ordinary comparative queries (see the
toolchain notes). The test suite runs every saved query on both and checks they return the same rows,
so `--backend rdflib` stays a tested reference engine (it parses build/exograph.nt into memory).
"""

from __future__ import annotations

from exograph.errors import ExographError
from exograph.paths import ProjectPaths
from exograph.query.backends import OxigraphBackend, RdflibBackend


def embedded_backend(paths: ProjectPaths, choice: str = "auto") -> RdflibBackend | OxigraphBackend:
    """The built graph behind the chosen engine ("auto" means Oxigraph); a missing or stale build is
    an error that says to run `exograph build`."""
    from exograph.store.published import open_store

    if choice in ("auto", "oxigraph"):
        return OxigraphBackend(store=open_store(paths))
    return RdflibBackend(rdflib_graph(paths))


def rdflib_graph(paths: ProjectPaths):  # noqa: ANN201 - an rdflib Graph
    """build/exograph.nt parsed by rdflib (or, when the build wrote no N-Triples, the store's triples)."""
    import pyoxigraph

    from exograph.graphs import new_graph
    from exograph.store.published import FORMATS, STORE, check_output, fresh_manifest, open_read_only

    folder, manifest = fresh_manifest(paths)
    graph = new_graph()
    if "nt" not in manifest.formats:
        data = open_read_only(folder / STORE).dump(format=pyoxigraph.RdfFormat.N_TRIPLES,
                                                   from_graph=pyoxigraph.DefaultGraph())
        return graph.parse(data=data, format="nt")
    path = check_output(paths, folder, manifest, FORMATS["nt"])
    try:
        return graph.parse(path, format="nt")
    except Exception as error:  # rdflib raises several unrelated types for bad syntax
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise ExographError(f"build/{FORMATS['nt']} is not valid N-Triples ({first[:200]}); "
                            "run `exograph build`") from None

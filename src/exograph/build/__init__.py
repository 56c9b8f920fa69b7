"""The build stage: curated files → triples → validated, reasoned graph → build/.

One entry point, `build(paths)`. The modules, in the order the data flows through them:

- convert.py: scan and hash the curated files; convert the changed ones (cached per record).
- validation.py: SHACL per record, incremental in the build, in the pool when many.
- derive.py: each review's computed claims.
- appraise.py: each record's appraisal facts and the bodies of evidence.
- reasoning.py: the ontology piece and the memberships the reasoner infers.
- publish.py: the build lock; the store and its exports (exograph.nt; .ttl, .jsonld on request), swapped in as one unit.
- cache.py, pool.py, pieces.py: the per-record cache, the worker pool, the cached pieces.
"""

from exograph.build.orchestrate import ALL_FORMATS, DEFAULT_FORMATS, BuildResult, build

__all__ = ["ALL_FORMATS", "DEFAULT_FORMATS", "BuildResult", "build"]

"""A content-addressed cache of per-record results under build/cache/: a record's triples (and its
validation) are recomputed only when something they depend on changes.

A key hashes everything a result depends on: the file's bytes and path, the context it is converted
in (its review's source document), and the source code of the modules that do the conversion (or
validation) — so editing triples.py or a shape invalidates exactly what it should, never silently.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from exograph.fingerprint import code_fingerprint, digest

CACHE_FORMAT = "1"  # bump when the layout or the meaning of an entry changes

# Modules whose code decides a record's triples: any edit to them changes every conversion key.
CONVERTER_MODULES = ("exograph.records.triples", "exograph.records.iri", "exograph.records.schema",
                     "exograph.records.load", "exograph.records.convert", "exograph.vocab",
                     "exograph.build.cache", "exograph.records.curies", "exograph.records.links",
                     "exograph.records.files", "exograph.records.yaml_strict",
                     "exograph.records.derived", "exograph.records.index",  # derived.py reads each record's facts at conversion
                     "exograph.closure", "exograph.formatting")  # formatting writes quantity labels
# ...and those that decide a record's validation report (shapes, ontology, term list and source texts
# are hashed apart). A package stands for every module in it.
VALIDATOR_MODULES = ("exograph.validate", "exograph.build.validation", "exograph.records.quotes",
                     "exograph.records.iri", "exograph.records.index", "exograph.records.curies", "exograph.closure")


def code_key(modules: tuple[str, ...]) -> str:
    """The cache's key for the code of `modules` (and the cache's own format)."""
    return digest(CACHE_FORMAT, code_fingerprint(modules))


class RecordCache:
    """Entries are files build/cache/<kind>/<key>; writes are atomic, so a crash never leaves half an
    entry, and parallel workers may write different keys at once."""

    def __init__(self, folder: Path):
        self.folder = folder

    def path(self, kind: str, key: str) -> Path:
        return self.folder / kind / key

    def read(self, kind: str, key: str) -> bytes | None:
        try:
            return self.path(kind, key).read_bytes()
        except FileNotFoundError:
            return None

    def write(self, kind: str, key: str, data: bytes) -> None:
        folder = self.folder / kind
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{key}.", dir=folder)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, folder / key)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def read_json(self, kind: str, key: str) -> Any:
        data = self.read(kind, key)
        return None if data is None else json.loads(data)

    def write_json(self, kind: str, key: str, value: Any) -> None:
        self.write(kind, key, json.dumps(value, ensure_ascii=False, sort_keys=True).encode("utf-8"))

    def prune(self, kind: str, keep: set[str]) -> int:
        """Delete the entries of `kind` this build did not use, so the cache does not grow forever."""
        folder = self.folder / kind
        removed = 0
        for entry in folder.iterdir() if folder.is_dir() else ():
            if entry.name not in keep:
                entry.unlink(missing_ok=True)
                removed += 1
        return removed

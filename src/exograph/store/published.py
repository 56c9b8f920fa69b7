"""The published graph in build/: one folder per build, swapped in as one unit.

    build/graph -> .graph-XXXX            the published unit (a symbolic link, replaced atomically)
    build/.graph-XXXX/store/              the Oxigraph store: the single source of truth
    build/.graph-XXXX/exograph.nt, .ttl, .jsonld   exports of the same graph (`--formats`)
    build/.graph-XXXX/manifest.json       what was built from what (inputs, pieces, outputs)
    build/store, build/exograph.nt, ...   links into build/graph/, so the paths stay the same

A build writes a new folder beside the published one and replaces the link only when everything in
it is complete, so a reader sees the old graph or the new one, never a mix; a failed or killed build
leaves the published folder byte for byte as it was. Every reading command opens the store read-only
after checking, from file sizes and times (no file is read), that data/ and ontology/ are what the
store was built from: a stale or missing store is an error that says to run `exograph build`, never
a silent rebuild.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from exograph.errors import ExographError

if TYPE_CHECKING:
    import pyoxigraph

    from exograph.paths import ProjectPaths

MANIFEST_FORMAT = 1
PUBLISHED = "graph"  # build/graph: the link to the published folder
GENERATION_PREFIX = ".graph-"
STORE = "store"
MANIFEST = "manifest.json"
FORMATS = {"nt": "exograph.nt", "ttl": "exograph.ttl", "jsonld": "exograph.jsonld"}
LINKED = (STORE, *FORMATS.values())  # build/<name> -> graph/<name>

Signature = dict[str, list[int]]  # shown path -> [size, mtime_ns]


class BuildMissing(ExographError):
    """No published graph, or one built from other inputs than data/ and ontology/ hold now."""


@dataclass
class Manifest:
    pieces: list[str]
    formats: list[str]
    triples: int
    inputs: Signature
    outputs: Signature = field(default_factory=dict)
    format: int = MANIFEST_FORMAT

    def write(self, folder: Path) -> None:
        self.write_to(folder / MANIFEST)

    def write_to(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self), indent=0, sort_keys=True) + "\n", encoding="utf-8")

    @classmethod
    def read(cls, folder: Path) -> Manifest | None:
        try:
            data: dict[str, Any] = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if data.get("format") != MANIFEST_FORMAT:
            return None
        try:
            return cls(**data)
        except TypeError:
            return None


def published_folder(build_dir: Path) -> Path | None:
    """The folder build/graph points at, or None when nothing is published."""
    link = build_dir / PUBLISHED
    if not link.is_symlink():
        return None
    target = build_dir / os.readlink(link)
    return target if target.is_dir() else None


def stat_signature(path: Path, shown: str, into: Signature) -> None:
    """Record the size and modification time of a file (a missing file is left out)."""
    try:
        info = path.stat()
    except OSError:
        return
    into[shown] = [info.st_size, info.st_mtime_ns]


def input_signature(paths: ProjectPaths) -> Signature:
    """Sizes and times of every file the graph is made of: the records and the ontology files."""
    from exograph.graphs import ontology_files
    from exograph.records.files import record_files, shown_path  # not records.load: no pydantic for a query

    signature: Signature = {}
    for path in [*record_files(paths.data), *ontology_files(paths.ontology)]:
        stat_signature(path, shown_path(path, paths.root), signature)
    return signature


def _difference(built: Signature, now: Signature) -> list[str]:
    changed = [name for name in now if built.get(name) != now[name]]
    return changed + [name for name in built if name not in now]


def fresh_manifest(paths: ProjectPaths) -> tuple[Path, Manifest]:
    """The published folder and its manifest, checked against data/ and ontology/; BuildMissing when
    there is nothing published or it was built from other files."""
    if paths.build.exists() and not paths.build.is_dir():
        raise BuildMissing(f"{paths.build} is a file, not a folder: move it away, then run `exograph build`")
    folder = published_folder(paths.build)
    manifest = Manifest.read(folder) if folder else None
    if folder is None or manifest is None:
        raise BuildMissing("no built graph in build/ (build/store is missing); run `exograph build`")
    changed = _difference(manifest.inputs, input_signature(paths))
    if changed:
        more = f" (and {len(changed) - 1} more)" if len(changed) > 1 else ""
        raise BuildMissing(f"build/store is out of date: {changed[0]} changed since the last build{more}; "
                           "run `exograph build`")
    return folder, manifest


def check_output(paths: ProjectPaths, folder: Path, manifest: Manifest, name: str) -> Path:
    """An exported file of the published graph, unchanged since the build wrote it."""
    path = folder / name
    now: Signature = {}
    stat_signature(path, name, now)
    if name not in manifest.outputs:
        raise BuildMissing(f"build/{name} was not written by the last build (see `exograph build --formats`); "
                           "run `exograph build`")
    if now.get(name) != manifest.outputs[name]:
        raise BuildMissing(f"build/{name} was changed or removed after the build; run `exograph build`")
    return path


def open_store(paths: ProjectPaths) -> pyoxigraph.Store:
    """The published store, opened read-only, after the freshness check."""
    folder, _ = fresh_manifest(paths)
    return open_read_only(folder / STORE)


def open_read_only(location: Path) -> pyoxigraph.Store:
    import pyoxigraph

    try:
        return pyoxigraph.Store.read_only(str(location))
    except OSError as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise BuildMissing(f"cannot open the built store {location}: {first}; run `exograph build`") from None

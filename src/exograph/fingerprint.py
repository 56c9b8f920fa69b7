"""Stable content hashes: of byte strings, of files, of the source code of modules. Every cache key of
the build (and the compiled-shapes key of validation) is made of these, so editing a record, a shape or
the code that reads them invalidates exactly what it should, never silently."""

from __future__ import annotations

import hashlib
import importlib.util
from functools import lru_cache
from pathlib import Path
from typing import Iterable


def digest(*parts: bytes | str) -> str:
    """A short, stable hash of the parts (length-prefixed, so ('ab','c') and ('a','bc') differ)."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()[:40]


@lru_cache(maxsize=None)
def code_fingerprint(modules: tuple[str, ...]) -> str:
    """The hash of the source files of `modules` (a module that is absent hashes as absent; a package
    stands for every module in it)."""
    parts: list[bytes | str] = []
    for name in modules:
        for path in _module_files(name):
            parts += [path.as_posix().rsplit("/exograph/", 1)[-1], path.read_bytes()]
    return digest(*parts)


def _module_files(name: str) -> list[Path]:
    """A module's source file, or every source file of a package and its subpackages."""
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        return []
    if spec.submodule_search_locations:
        return sorted(p for folder in spec.submodule_search_locations for p in Path(folder).rglob("*.py"))
    return [Path(spec.origin)] if Path(spec.origin).is_file() else []


def files_fingerprint(paths: Iterable[Path]) -> str:
    """The hash of files' names and bytes, in the order given."""
    parts: list[bytes | str] = []
    for path in paths:
        parts += [path.name, path.read_bytes()]
    return digest(*parts)

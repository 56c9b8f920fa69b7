"""Writing build/ from the cached pieces (pieces.py):

- build/exograph.nt: every line, sorted and de-duplicated — the canonical form, the same bytes the
  reference rdflib build (tests/build/oracle.py) writes for the same graph.
- build/exograph.ttl: one @prefix header, then each piece's Turtle body in a fixed order.
- build/exograph.jsonld: one JSON array of every piece's node objects.

Joining is I/O, so an unchanged 10,000-study graph is rewritten in seconds. Turtle and JSON-LD are
written by Oxigraph (rdflib's serializers are the slow part of a large build); a node that two pieces
mention appears in both, which both formats allow — the graph is the same.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

from exograph.build.pieces import turtle_header
from exograph.progress import progress

if TYPE_CHECKING:
    from exograph.build.cache import RecordCache
    from exograph.paths import ProjectPaths

OUTPUT_NT, OUTPUT_TTL, OUTPUT_JSONLD = "exograph.nt", "exograph.ttl", "exograph.jsonld"
OUTPUT_NAMES = (OUTPUT_TTL, OUTPUT_JSONLD, OUTPUT_NT)
WRITE_BATCH = 100_000  # lines joined per write: bounded memory while writing a large file


def write_outputs(paths: ProjectPaths, keys: list[str], cache: RecordCache) -> list[Path]:
    """build/ from the pieces `keys` name, in that order."""
    lines = _lines([cache.path("nt", key) for key in keys])
    outputs = write_build(paths.build, lines, _stream(cache, keys, "ttl"), _stream(cache, keys, "jsonld"))
    progress(f"wrote {', '.join(str(p.relative_to(paths.root)) for p in outputs)} ({len(lines)} triples)")
    return outputs


def _lines(files: list[Path]) -> list[bytes]:
    """Every N-Triples line, sorted and unique. Pieces are read in order of their first line, so the
    list is nearly sorted already and the sort mostly merges runs."""
    chunks = [path.read_bytes() for path in files]
    chunks.sort(key=lambda chunk: chunk[:chunk.find(b"\n")])
    lines: list[bytes] = []
    for chunk in chunks:
        lines += chunk.splitlines()
    return sort_unique(lines)


def _stream(cache: RecordCache, keys: list[str], kind: str) -> Iterator[bytes]:
    for key in keys:
        yield cache.path(kind, key).read_bytes()


def sort_unique(lines: list[bytes]) -> list[bytes]:
    """Sorted (byte order is code-point order for UTF-8: the reference build's order), unique, no blanks."""
    lines.sort()
    return [line for i, line in enumerate(lines) if line and (i == 0 or line != lines[i - 1])]


def write_build(build_dir: Path, lines: list[bytes], ttl: Iterable[bytes], jsonld: Iterable[bytes]) -> list[Path]:
    """Write each output to a temporary file, then rename them all: a failure leaves build/ as it was.
    `lines` are the sorted N-Triples lines; `ttl` and `jsonld` stream the pieces' bodies."""
    build_dir.mkdir(parents=True, exist_ok=True)
    temps = {name: _temp_path(build_dir, name) for name in OUTPUT_NAMES}
    try:
        write_lines(temps[OUTPUT_NT], lines)
        _write_joined(temps[OUTPUT_TTL], turtle_header(), ttl, b"", b"")
        _write_joined(temps[OUTPUT_JSONLD], b"[", jsonld, b",", b"]\n")
        for name in OUTPUT_NAMES:
            os.chmod(temps[name], 0o644)
            os.replace(temps[name], build_dir / name)
    finally:
        for temp in temps.values():
            temp.unlink(missing_ok=True)
    return [build_dir / name for name in OUTPUT_NAMES]


def _temp_path(folder: Path, name: str) -> Path:
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", dir=folder)
    os.close(fd)
    return Path(tmp)


def write_lines(path: Path, lines: list[bytes]) -> None:
    """Lines joined with newlines and a final newline (an empty graph is one newline, as before)."""
    with open(path, "wb") as handle:
        for start in range(0, len(lines), WRITE_BATCH):
            handle.write(b"\n".join(lines[start:start + WRITE_BATCH]) + b"\n")
        if not lines:
            handle.write(b"\n")


def _write_joined(path: Path, head: bytes, parts: Iterable[bytes], separator: bytes, tail: bytes) -> None:
    with open(path, "wb") as handle:
        handle.write(head)
        first = True
        for part in parts:
            if part:
                handle.write(part if first else separator + part)
                first = False
        handle.write(tail)

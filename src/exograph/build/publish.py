"""Publishing a build: the store and its exports are written into a new folder beside the published
one, which is swapped in only when complete (store/published.py describes the layout). One build at a
time holds build/.lock; leftovers of a killed build are removed by the next one.

The store is the single source of truth. A build that follows another copies the published store
(a RocksDB checkpoint: hard links, no data copied) and applies the difference — the triples of the
pieces that went away, the triples of the pieces that came — so one edited study among thousands
costs a few hundred triple updates, not a reload. N-Triples is written sorted (the canonical bytes);
Turtle and JSON-LD are streamed from those lines through Oxigraph's writers. The exports keep every
literal as curated; the store keeps typed values (Oxigraph stores "1.50"^^xsd:decimal as 1.5), which is
what queries compare and return.
"""

from __future__ import annotations

import bisect
import errno
import fcntl
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from exograph.build.pieces import output_prefixes
from exograph.errors import ExographError
from exograph.progress import progress
from exograph.store.published import (FORMATS, GENERATION_PREFIX, LINKED, MANIFEST, PUBLISHED, STORE, Manifest,
                                      Signature, published_folder, stat_signature)

if TYPE_CHECKING:
    import pyoxigraph

    from exograph.build.cache import RecordCache

LOCK = ".lock"
NEXT_LINK = ".graph.next"
WRITE_BATCH = 100_000  # lines joined per write: bounded memory while writing a large file
FULL_RELOAD_SHARE = 0.25  # above this share of triples changed, loading afresh beats updating


# ---- one build at a time ---------------------------------------------------------------------------


def prepare_build_dir(build_dir: Path) -> None:
    """build/ exists and is a folder, or a one-line error that says what to do."""
    if build_dir.exists() and not build_dir.is_dir():
        raise ExographError(f"{build_dir} is a file, not a folder: move it away or delete it, then build again")
    try:
        build_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ExographError(f"cannot create {build_dir}: {error.strerror}") from None


@contextmanager
def build_lock(build_dir: Path) -> Iterator[None]:
    """Hold build/.lock for the whole build: a second build waits for the first (and says so)."""
    prepare_build_dir(build_dir)
    handle = open(build_dir / LOCK, "a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            progress("another build of this project is running; waiting for it to finish")
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        handle.close()  # closing releases the lock


def remove_leftovers(build_dir: Path) -> None:
    """Folders and links a killed build left behind, and the folder the last build replaced (kept
    until now so that a reader who opened it before the swap could finish)."""
    published = published_folder(build_dir)
    for entry in build_dir.iterdir():
        if entry.name.startswith(GENERATION_PREFIX) and entry != published:
            shutil.rmtree(entry, ignore_errors=True)
        elif entry.name == NEXT_LINK or (entry.name.startswith(".exograph.") and entry.is_file()):
            entry.unlink(missing_ok=True)  # a half-made link; temporary outputs of the older layout


# ---- writing a new published folder -----------------------------------------------------------------


def publish(build_dir: Path, lines: list[bytes], pieces: list[str], cache: RecordCache, formats: list[str],
            inputs: Signature) -> Path:
    """Write the store and the exports into a new folder and swap it in; on any failure the folder is
    removed and build/ stays as it was."""
    folder = Path(tempfile.mkdtemp(prefix=GENERATION_PREFIX, dir=build_dir))
    try:
        os.chmod(folder, 0o755)
        previous = published_folder(build_dir)
        store = write_store(folder / STORE, lines, pieces, cache, previous)
        del store  # closes the store: its files are complete before anyone may open them
        outputs = write_exports(folder, lines, formats)
        Manifest(pieces, formats, len(lines), inputs, outputs).write(folder)
        swap(build_dir, folder)
    except BaseException as error:
        shutil.rmtree(folder, ignore_errors=True)
        if isinstance(error, OSError):
            raise ExographError(f"cannot write {build_dir}: {_reason(error)}; build/ is as it was") from None
        raise
    return folder


def _reason(error: OSError) -> str:
    if error.errno == errno.ENOSPC:
        return "the disk is full"
    return error.strerror or str(error).strip().splitlines()[0]


def write_store(location: Path, lines: list[bytes], pieces: list[str], cache: RecordCache,
                previous: Path | None) -> pyoxigraph.Store:
    """The store of `lines`: the previous store updated by difference when that is cheaper, else
    loaded afresh."""
    delta = _delta(previous, lines, pieces, cache)
    if delta is None:
        progress(f"writing the store ({len(lines)} triples)")
        return load_store(location, lines)
    removed, added = delta
    progress(f"updating the store (-{len(removed)} +{len(added)} triples)")
    return update_store(previous / STORE, location, removed, added)  # type: ignore[operator]


def _delta(previous: Path | None, lines: list[bytes], pieces: list[str],
           cache: RecordCache) -> tuple[list[bytes], list[bytes]] | None:
    """(triples to remove, triples to add) from the published graph to `lines`, or None when the
    published graph is unknown or the change is large. Removed: lines of pieces that went away that
    no remaining piece states (the graph is a set); added: lines of new pieces (adding a triple that
    is already there changes nothing)."""
    manifest = Manifest.read(previous) if previous else None
    if manifest is None or not (previous / STORE).is_dir():  # type: ignore[operator]
        return None
    old, new = set(manifest.pieces), set(pieces)
    gone = [cache.read("nt", key) for key in sorted(old - new)]
    came = [cache.read("nt", key) for key in sorted(new - old)]
    if any(data is None for data in gone + came):
        return None
    stated_before = {line for data in gone for line in data.splitlines() if line}
    removed = sorted(line for line in stated_before if not _contains(lines, line))
    # A new piece mostly restates its predecessor (a review's claims after one of its studies changed):
    # only lines no gone piece stated can be new to the store; the others are there already.
    added = sorted({line for data in came for line in data.splitlines() if line} - stated_before)
    if len(removed) + len(added) > FULL_RELOAD_SHARE * max(len(lines), 1):
        return None
    return removed, added + _same_subject_and_predicate(lines, removed)


def _contains(sorted_lines: list[bytes], line: bytes) -> bool:
    at = bisect.bisect_left(sorted_lines, line)
    return at < len(sorted_lines) and sorted_lines[at] == line


def _same_subject_and_predicate(sorted_lines: list[bytes], removed: list[bytes]) -> list[bytes]:
    """The remaining lines that share subject and predicate with a removed one: added again, because
    the store keeps values, not lexical forms ("2.0" and "2" as xsd:decimal are one triple there), so
    removing one form must not lose another that stays."""
    kept: list[bytes] = []
    for prefix in sorted({b" ".join(line.split(b" ", 2)[:2]) + b" " for line in removed}):
        at = bisect.bisect_left(sorted_lines, prefix)
        while at < len(sorted_lines) and sorted_lines[at].startswith(prefix):
            kept.append(sorted_lines[at])
            at += 1
    return kept


def load_store(location: Path, lines: list[bytes]) -> pyoxigraph.Store:
    """A new store holding `lines`. Blank nodes keep their labels (they are canonical, so the same
    graph gives the same store and the same exports on every run)."""
    import pyoxigraph as ox

    store = ox.Store(str(location))
    plain = [line for line in lines if b"_:" not in line]
    for start in range(0, len(plain), 10 * WRITE_BATCH):
        store.bulk_load(b"\n".join(plain[start:start + 10 * WRITE_BATCH]) + b"\n", ox.RdfFormat.N_TRIPLES)
    store.extend(_quads([line for line in lines if b"_:" in line]))
    store.flush()
    return store


def update_store(previous: Path, location: Path, removed: list[bytes], added: list[bytes]) -> pyoxigraph.Store:
    """A checkpoint of the previous store (hard links; the previous store is opened read-only and
    stays byte for byte as it was), then the difference applied to the copy."""
    import pyoxigraph as ox

    ox.Store.read_only(str(previous)).backup(str(location))
    store = ox.Store(str(location))
    for quad in _quads(removed):
        store.remove(quad)
    store.extend(_quads(added))
    store.flush()
    return store


def _quads(lines: list[bytes]) -> list:
    import pyoxigraph as ox

    if not lines:
        return []
    return list(ox.parse(b"\n".join(lines) + b"\n", ox.RdfFormat.N_TRIPLES, rename_blank_nodes=False))


def write_exports(folder: Path, lines: list[bytes], formats: list[str]) -> Signature:
    """The requested serializations of the whole graph; their sizes and times for the manifest."""
    import pyoxigraph as ox

    outputs: Signature = {}
    for kind in formats:
        path = folder / FORMATS[kind]
        if kind == "nt":
            write_lines(path, lines)
        else:
            rdf_format = ox.RdfFormat.TURTLE if kind == "ttl" else ox.RdfFormat.JSON_LD
            prefixes = output_prefixes() if kind == "ttl" else None
            ox.serialize(_triples(lines), str(path), rdf_format, prefixes=prefixes)
        os.chmod(path, 0o644)
        stat_signature(path, path.name, outputs)
    return outputs


def _triples(lines: list[bytes]) -> Iterator:
    """The lines' triples, parsed a batch at a time, blank node labels kept (the lines are sorted, so
    each subject's triples come together and the writers group them)."""
    import pyoxigraph as ox

    for start in range(0, len(lines), WRITE_BATCH):
        batch = b"\n".join(lines[start:start + WRITE_BATCH]) + b"\n"
        for quad in ox.parse(batch, ox.RdfFormat.N_TRIPLES, rename_blank_nodes=False):
            yield quad.triple


def write_lines(path: Path, lines: list[bytes]) -> None:
    """Lines joined with newlines and a final newline (an empty graph is one newline)."""
    with open(path, "wb") as handle:
        for start in range(0, len(lines), WRITE_BATCH):
            handle.write(b"\n".join(lines[start:start + WRITE_BATCH]) + b"\n")
        if not lines:
            handle.write(b"\n")


# ---- the swap ----------------------------------------------------------------------------------------


def swap(build_dir: Path, folder: Path) -> None:
    """Point build/graph at `folder` in one rename; keep build/store and build/exograph.* pointing into it."""
    _replace_with_link(build_dir / NEXT_LINK, build_dir / PUBLISHED, folder.name)
    for name in LINKED:
        link = build_dir / name
        if (folder / name).exists():
            if not (link.is_symlink() and os.readlink(link) == f"{PUBLISHED}/{name}"):
                _replace_with_link(build_dir / f".{name}.link", link, f"{PUBLISHED}/{name}")
        elif link.is_symlink():
            link.unlink()  # a format this build did not write


def _replace_with_link(temporary: Path, target: Path, points_to: str) -> None:
    temporary.unlink(missing_ok=True)
    os.symlink(points_to, temporary)
    if target.is_dir() and not target.is_symlink():
        shutil.rmtree(target)  # a folder of an older layout
    os.replace(temporary, target)


def refresh_inputs(build_dir: Path, inputs: Signature) -> None:
    """Nothing to rebuild, but files were touched: record their new times, so readers do not call
    the published graph stale (the manifest is replaced in one rename)."""
    folder = published_folder(build_dir)
    manifest = Manifest.read(folder) if folder else None
    if folder is None or manifest is None or manifest.inputs == inputs:
        return
    manifest.inputs = inputs
    fd, temporary = tempfile.mkstemp(prefix=".manifest.", dir=folder)
    os.close(fd)
    manifest.write_to(Path(temporary))
    os.replace(temporary, folder / MANIFEST)

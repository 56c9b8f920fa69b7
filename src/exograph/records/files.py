"""Which files under data/ are records, and reading one safely.

One discovery function serves every command (`validate`, `build` and the rest), so they always see
the same files. Every file under data/ whose name ends in .yaml or .yml (any case) is a candidate;
one that breaks a naming or placement rule is still returned, and loading it fails with a message
that says how to fix it: nothing that looks like a record is ever skipped in silence. Names that
start with a dot (editor locks, swap files, .git) are ignored, as a shell glob ignores them.

Reading accepts only regular files and reads at most MAX_BYTES + 1 bytes, so a link to a device or
a named pipe can neither hang a command nor fill its memory; a symbolic link that leads out of the
project is refused (its target would otherwise become part of the graph).
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from exograph.errors import ExographError, Problem, RecordError

MAX_BYTES = 1_000_000  # a curated record is a few kB; anything this large is not one

# folder under data/ -> kind of the records it holds
RECORD_FOLDERS: dict[str, str] = {"sources": "document", "reviews": "review", "studies": "study"}
RECORD_SUFFIX = ".yaml"
YAML_SUFFIXES = (".yaml", ".yml")


def record_files(data_dir: Path) -> list[Path]:
    """Every record candidate under data/, in a stable order: the record folders in the order of
    RECORD_FOLDERS (source documents, then reviews, then studies), then anything else, each sorted by
    path. The texts beside source records in data/sources/ are not records (not .yaml)."""
    found = [path for path in _walk(data_dir) if path.name.lower().endswith(YAML_SUFFIXES)]
    order = {folder: index for index, folder in enumerate(RECORD_FOLDERS)}

    def rank(path: Path) -> tuple[int, str]:
        relative = path.relative_to(data_dir)
        return order.get(relative.parts[0], len(order)) if len(relative.parts) > 1 else len(order), str(relative)

    return sorted(found, key=rank)


def _walk(folder: Path, seen: frozenset[str] = frozenset()) -> list[Path]:
    """Every entry below `folder` whose name does not start with a dot: files, links, pipes, and
    folders named like a record (reported when read). Linked folders are entered once (a link back
    up cannot loop); where they lead is checked when their files are read."""
    real = os.path.realpath(folder)
    if real in seen:
        return []
    try:
        children = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except FileNotFoundError:
        return []
    except NotADirectoryError:
        raise ExographError(f"{folder} is a file; expected the folder of curated records") from None
    except OSError as error:
        raise ExographError(f"cannot list {folder}: {error.strerror}") from None
    entries: list[Path] = []
    for child in children:
        if child.name.startswith("."):
            continue
        path = Path(child.path)
        if child.name.lower().endswith(YAML_SUFFIXES) or not _is_folder(child):
            entries.append(path)
        else:
            entries += _walk(path, seen | {real})
    return entries


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def shown_path(path: Path, root: Path | None) -> str:
    """The path relative to the project, as the file is named (a link is shown as the link, not as
    where it leads); the path as given when it lies outside the project."""
    if root is None:
        return str(path)
    absolute, base = os.path.abspath(path), os.path.join(os.path.abspath(root), "")
    if absolute.startswith(base):  # the common case, a string test: it runs for every file of a query's freshness check
        return absolute[len(base):]
    try:  # a project reached through a link: compare where both lead
        return str((path.parent.resolve() / path.name).relative_to(root.resolve()))
    except ValueError:
        return str(path)


def kind_of(path: Path) -> str:
    """The kind of record a file holds, from its folder (data/sources/ holds source documents,
    data/reviews/ reviews; anything else is read as a study, e.g. a file named on the command line)."""
    return RECORD_FOLDERS.get(path.parent.name, "study")


def placement_problem(path: Path, root: Path | None) -> str | None:
    """What is wrong with where a file under the project's data/ sits or how it is named, or None.
    Files outside data/ (named on the command line) are read wherever they are."""
    if root is None:
        return None
    data_dir = Path(os.path.abspath(root)) / "data"
    try:
        parts = Path(os.path.abspath(path)).relative_to(data_dir).parts
    except ValueError:
        return None
    folders = ", ".join(f"data/{name}/" for name in RECORD_FOLDERS)
    if len(parts) != 2 or parts[0] not in RECORD_FOLDERS:
        return f"not in a record folder; records sit directly in one of {folders}"
    name = parts[1]
    stem = name[: -len(Path(name).suffix)]
    if not name.endswith(RECORD_SUFFIX):
        return f"record files end in {RECORD_SUFFIX!r} (lower case); rename it to {stem + RECORD_SUFFIX!r}"
    if name.startswith("_"):
        return "a file name starting with '_' is not a record id; rename it or move it out of data/"
    return None


def read_record_bytes(path: Path, shown: str, root: Path | None = None) -> bytes:
    """The bytes of one record file, or RecordError saying why it cannot be read: a misplaced or
    misnamed file under data/, a dangling link, a link out of the project, anything but a regular
    file, or more than MAX_BYTES."""

    def fail(message: str) -> RecordError:
        return RecordError([Problem(shown, path.stem, "", message)])

    misplaced = placement_problem(path, root)
    if misplaced:
        raise fail(misplaced)
    escape = _link_problem(path, root)
    if escape:
        raise fail(escape)
    try:
        # O_NONBLOCK: opening a named pipe must not wait for a writer (fstat below refuses it)
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as error:
        raise fail(_open_problem(path, error)) from None
    try:
        kind = _non_regular(os.fstat(descriptor).st_mode)
        if kind:
            raise fail(f"{kind}, not a regular file; a record is a YAML file")
        data = _read_at_most(descriptor, MAX_BYTES + 1)
    except OSError as error:
        raise fail(f"cannot read the file: {error.strerror}") from None
    finally:
        os.close(descriptor)
    too_large = size_problem(len(data))
    if too_large:
        raise fail(too_large)
    return data


def size_problem(size: int) -> str | None:
    if size <= MAX_BYTES:
        return None
    return f"file is over {MAX_BYTES:,} bytes; a curated record is a few kB (is this the right file?)"


def _link_problem(path: Path, root: Path | None) -> str | None:
    """A file inside the project that is (or lies under) a link leading out of it, or a dangling link."""
    if path.is_symlink() and not path.exists():
        return f"dangling symbolic link to {os.readlink(path)!r}; fix the link or remove it"
    if root is None:
        return None
    project = Path(os.path.abspath(root))
    try:
        Path(os.path.abspath(path)).relative_to(project)
    except ValueError:
        return None  # named on the command line from elsewhere: the user chose it
    target = path.resolve()
    try:
        target.relative_to(project.resolve())
    except ValueError:
        return (f"a symbolic link out of the project (to {target}); "
                "copy the record into the project instead of linking to it")
    return None


def _open_problem(path: Path, error: OSError) -> str:
    if error.errno == errno.ENOENT:
        return "no such file"
    if error.errno == errno.ENXIO:  # a socket, or a pipe opened without a reader
        return "not a regular file; a record is a YAML file"
    return f"cannot read the file: {error.strerror}"


def _non_regular(mode: int) -> str | None:
    """What a file that is not a regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    for test, name in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a device"),
                       (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "a special file"


def _read_at_most(descriptor: int, limit: int) -> bytes:
    chunks: list[bytes] = []
    left = limit
    while left > 0:
        chunk = os.read(descriptor, min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)

"""Writing outputs safely: the one way exograph writes a file a user asked for (a page, a figure, a
GraphML file, a module, a report).

An output replaces nothing but a regular file, or nothing: a folder, a device (`/dev/full`), a named
pipe or a socket at the path is refused before anything is written. The bytes go to a temporary file
beside the target and are renamed over it, so a reader never sees half a file and a failure (a full
disk, a missing permission) leaves the target as it was and no temporary file behind. A symbolic link
is written through: its target is replaced, the link stays. Every failure is an OutputError (exit 2)
that names the path and says what to do.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from exograph.errors import ExographError

HINTS = {
    errno.ENOSPC: "free some disk space, or write elsewhere",
    errno.EDQUOT: "free some disk space, or write elsewhere",
    errno.EFBIG: "the file is larger than this process may write (ulimit -f); write elsewhere",
    errno.EACCES: "check the folder's permissions, or write elsewhere",
    errno.EPERM: "check the folder's permissions, or write elsewhere",
    errno.EROFS: "the file system is read-only; write elsewhere",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.EISDIR: "the path is a folder; give a file name",
    errno.ENAMETOOLONG: "give a shorter path",
}


class OutputError(ExographError):
    """An output cannot be written where it was asked for."""


def os_error_text(error: OSError) -> str:
    """'No space left on device (free some disk space, or write elsewhere)': the system's reason and
    what to do about it."""
    reason = error.strerror or str(error)
    hint = HINTS.get(error.errno or 0)
    return f"{reason} ({hint})" if hint else reason


def check_output(path: Path) -> Path:
    """The regular file (or free place) an output to `path` will replace, after following links;
    OutputError when the path is a folder, a device, a pipe or a socket."""
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        return target
    except OSError as error:
        raise OutputError(f"cannot write {path}: {os_error_text(error)}") from None
    if stat.S_ISREG(mode):
        return target
    kind = "a folder" if stat.S_ISDIR(mode) else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else \
        "a named pipe" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a special file"
    raise OutputError(f"cannot write {path}: it is {kind}, and an output only ever replaces a regular file; "
                      "give the path of a file")


def check_output_folder(path: Path) -> Path:
    """A folder outputs can be written into (it may not exist yet); OutputError when it is a file."""
    if path.exists() and not path.is_dir():
        raise OutputError(f"cannot write into {path}: it is a file, not a folder; give a folder")
    return path


def write_output(path: Path, data: bytes | Iterable[bytes]) -> Path:
    """Write `data` (bytes, or chunks of bytes) to `path` atomically; returns the file written."""
    target = check_output(path)
    _make_parents(path, target.parent)
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as error:
        raise OutputError(f"cannot write {path}: {os_error_text(error)}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            for chunk in [data] if isinstance(data, (bytes, bytearray)) else data:
                handle.write(chunk)
        os.chmod(temp, 0o644)
        os.replace(temp, target)
    except OSError as error:
        raise OutputError(f"cannot write {path}: {os_error_text(error)}; {path} was left as it was") from None
    finally:
        Path(temp).unlink(missing_ok=True)
    return target


def write_text_output(path: Path, text: str) -> Path:
    return write_output(path, text.encode("utf-8"))


def _make_parents(path: Path, folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputError(f"cannot write {path}: {folder} is a file, not a folder") from None
    except OSError as error:
        raise OutputError(f"cannot write {path}: cannot create the folder {folder}: {os_error_text(error)}") from None

"""Where the project's folders are: ontology/, shapes/, queries/, data/, build/."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

MARKER_DIRS = ("ontology", "shapes", "queries")


def _looks_like_root(path: Path) -> bool:
    return all((path / name).is_dir() for name in MARKER_DIRS)


def find_root(start: Path | None = None) -> Path:
    """The project root: $EXOGRAPH_ROOT, else the nearest folder above `start` (or the cwd, or this
    package) that holds ontology/, shapes/ and queries/."""
    env = os.environ.get("EXOGRAPH_ROOT")
    if env:
        return project_root(Path(env), "EXOGRAPH_ROOT")
    candidates = [start or Path.cwd(), Path(__file__).resolve()]
    for candidate in candidates:
        for path in [candidate, *candidate.parents]:
            if _looks_like_root(path):
                return path
    from exograph.errors import ExographError

    raise ExographError(
        "cannot find the exograph project folder (one holding ontology/, shapes/ and queries/); "
        "run from inside it or set EXOGRAPH_ROOT"
    )


def project_root(path: Path, given_as: str) -> Path:
    """`path` as the project root, or an error: a root named on purpose is never replaced by a guess."""
    if not _looks_like_root(path):
        from exograph.errors import ExographError

        raise ExographError(f"{given_as} {path} is not an exograph project folder (expected ontology/, shapes/ "
                            "and queries/ in it)")
    return path.resolve()


def input_file(path: Path, option: str) -> Path:
    """A file named by an option, which must be a regular file (a device or a pipe would be read
    without end), or an error saying what it is instead."""
    from exograph.errors import ExographError

    if not path.exists():
        raise ExographError(f"{option} {path}: no such file")
    if not path.is_file():
        kind = "a folder" if path.is_dir() else "not a regular file (a device, a pipe or a socket)"
        raise ExographError(f"{option} {path} is {kind}; give a file")
    return path


@dataclass(frozen=True)
class ProjectPaths:
    root: Path

    @property
    def ontology(self) -> Path:
        return self.root / "ontology"

    @property
    def imports(self) -> Path:
        return self.root / "ontology" / "imports"

    @property
    def shapes(self) -> Path:
        return self.root / "shapes"

    @property
    def queries(self) -> Path:
        return self.root / "queries"

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def build(self) -> Path:
        return self.root / "build"

    @property
    def seeds(self) -> Path:
        """The source documents the curated data quotes (beside the project in ../shared/seeds)."""
        return Path(os.environ.get("EXOGRAPH_SEEDS", self.root.parent / "shared" / "seeds"))

    @classmethod
    def discover(cls, start: Path | None = None) -> "ProjectPaths":
        return cls(find_root(start))

    @classmethod
    def given(cls, root: Path | None) -> "ProjectPaths":
        """The project of `--root` (which must be one), else the one found from the environment or cwd."""
        return cls(project_root(root, "--root")) if root is not None else cls.discover()

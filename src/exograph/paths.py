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
        return Path(env).resolve()
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

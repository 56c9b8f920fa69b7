"""Where the project's folders are: ontology/, shapes/, queries/, data/, build/, and the folders that
hold the texts of source documents."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MARKER_DIRS = ("ontology", "shapes", "queries")
TEXTS_ENV = "EXOGRAPH_TEXTS"  # folders of source texts, separated like PATH (os.pathsep)
LEGACY_SEEDS_ENV = "EXOGRAPH_SEEDS"  # one folder of source texts (the older name, still read)
CONFIG_FILE = "exograph.toml"  # [texts] folders = [...]; or pyproject.toml [tool.exograph] text-folders


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
    def sources(self) -> Path:
        """Source records (data/sources/*.yaml), and the texts of documents kept in the project."""
        return self.root / "data" / "sources"

    @property
    def text_folders(self) -> list[Path]:
        """Where the texts of source documents are looked for, in order: data/sources/, the folders of
        $EXOGRAPH_TEXTS (and $EXOGRAPH_SEEDS), then those configured in exograph.toml or pyproject.toml
        (relative to the project). A folder may be absent (a clone without ../shared)."""
        folders = [self.sources]
        folders += [Path(part) for part in os.environ.get(TEXTS_ENV, "").split(os.pathsep) if part]
        if os.environ.get(LEGACY_SEEDS_ENV):
            folders.append(Path(os.environ[LEGACY_SEEDS_ENV]))
        folders += [self.root / folder for folder in configured_text_folders(self.root)]
        return list(dict.fromkeys(folder if folder.is_absolute() else (self.root / folder) for folder in folders))

    @classmethod
    def discover(cls, start: Path | None = None) -> "ProjectPaths":
        return cls(find_root(start))

    @classmethod
    def given(cls, root: Path | None) -> "ProjectPaths":
        """The project of `--root` (which must be one), else the one found from the environment or cwd."""
        return cls(project_root(root, "--root")) if root is not None else cls.discover()


def configured_text_folders(root: Path) -> list[str]:
    """The text folders a project configures: exograph.toml `[texts] folders`, else pyproject.toml
    `[tool.exograph] text-folders`."""
    from exograph.errors import ExographError

    own, pyproject = root / CONFIG_FILE, root / "pyproject.toml"
    if own.is_file():
        config, where, key = _toml(own).get("texts", {}), f"{CONFIG_FILE} [texts]", "folders"
    elif pyproject.is_file():
        config, where, key = _toml(pyproject).get("tool", {}).get("exograph", {}), "pyproject.toml [tool.exograph]", "text-folders"
    else:
        return []
    folders = config.get(key, [])
    if not isinstance(folders, list) or not all(isinstance(f, str) for f in folders):
        raise ExographError(f"{where} {key} must be a list of folder paths, e.g. {key} = [\"../shared/seeds\"]")
    return folders


def _toml(path: Path) -> dict[str, Any]:
    from exograph.errors import ExographError

    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        raise ExographError(f"reading {path.name} needs Python 3.11 or later (tomllib)") from None
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ExographError(f"{path}: not valid TOML: {error}") from None

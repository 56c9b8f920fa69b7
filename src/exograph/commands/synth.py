"""exograph synth --studies N [--seed S] [--out DIR]: synthetic records for benchmarks."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from exograph.commands._common import project
from exograph.errors import ExographError
from exograph.outputs import OutputError, check_output_folder, write_text_output

# Written into every synthetic project folder: a later run may write there again, nothing else may.
MARKER = ".exograph-synth"
LINKED = ("ontology", "shapes", "queries")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--studies", type=int, required=True, metavar="N", help="how many study records to write")
    parser.add_argument("--seed", type=int, default=0, help="random seed (the same seed gives the same files)")
    parser.add_argument("--out", type=Path, help="folder to write into (default: build/synth-N): a new or empty "
                        "folder, or one an earlier `exograph synth` wrote; it becomes a project folder: data/ "
                        "(records and source texts), and links to this project's ontology/, shapes/, queries/")
    parser.add_argument("--per-review", type=int, default=100, metavar="K",
                        help="studies per synthetic review (each review has its own source document)")


def run(args: argparse.Namespace) -> int:
    from exograph.progress import progress
    from exograph.synthetic import write_synthetic

    paths = project(args)
    if args.studies < 1 or args.per_review < 1:
        raise ExographError("--studies and --per-review must be at least 1")
    out = (args.out or paths.build / f"synth-{args.studies}").resolve()
    check_synth_folder(out, paths.root)
    write_text_output(out / MARKER, "written by exograph synth; `exograph synth --out` may replace this "
                      "folder's synthetic records\n")
    count = write_synthetic(out, args.studies, args.seed, args.per_review, project=paths.root)
    progress(f"wrote {count} files under {out}")
    progress(f"next: EXOGRAPH_ROOT={out} exograph validate")
    print(out)
    return 0


def check_synth_folder(out: Path, project_root: Path) -> None:
    """Synthetic records go into a new or empty folder, or one an earlier run wrote: never into a
    project's curated data/ (this project's or another's), nor among files of any other kind."""
    check_output_folder(out)
    if out == project_root.resolve():
        raise OutputError(f"--out {out} is the project itself; synthetic records would mix with curated ones. "
                          "Give another folder.")
    for folder in [out, *out.parents]:
        if folder.name == "data" and _is_project(folder.parent):
            raise OutputError(f"--out {out} is inside the curated records of the project {folder.parent}; "
                              "give a folder outside any project's data/")
    if out.is_dir() and any(out.iterdir()) and not _written_by_synth(out):
        raise OutputError(f"--out {out} is not empty and was not written by `exograph synth`; give a new or "
                          "empty folder (synth replaces the synthetic records of a folder it wrote)")


def _is_project(folder: Path) -> bool:
    return all((folder / name).is_dir() for name in LINKED)


def _written_by_synth(out: Path) -> bool:
    """The marker, or (folders written before the marker existed) nothing but synthetic records, their
    documents, the links to a project and build outputs."""
    from exograph.synthetic.generate import REVIEW_PREFIX, STUDY_PREFIX

    if (out / MARKER).is_file():
        return True
    for entry in out.iterdir():
        if entry.name in LINKED and entry.is_symlink() or entry.name == "build":
            continue
        if entry.name not in ("data", "seeds") or not entry.is_dir():
            return False
    names = [p.name for folder in ("data", "seeds") if (out / folder).is_dir() for p in _files(out / folder)]
    return all(name.startswith((STUDY_PREFIX, REVIEW_PREFIX)) for name in names)


def _files(folder: Path) -> list[Path]:
    return [Path(here) / name for here, _, names in os.walk(folder) for name in names]

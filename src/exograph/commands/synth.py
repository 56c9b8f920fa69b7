"""exograph synth --studies N [--seed S] [--out DIR]: synthetic records for benchmarks."""

from __future__ import annotations

import argparse
from pathlib import Path

from exograph.commands._common import project
from exograph.errors import ExographError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--studies", type=int, required=True, metavar="N", help="how many study records to write")
    parser.add_argument("--seed", type=int, default=0, help="random seed (the same seed gives the same files)")
    parser.add_argument("--out", type=Path, help="folder to write into (default: build/synth-N); it becomes a "
                        "project folder: data/, seeds/, and links to this project's ontology/, shapes/, queries/")
    parser.add_argument("--per-review", type=int, default=100, metavar="K",
                        help="studies per synthetic review (each review has its own source document)")


def run(args: argparse.Namespace) -> int:
    from exograph.progress import progress
    from exograph.synthetic import write_synthetic

    paths = project(args)
    out = (args.out or paths.build / f"synth-{args.studies}").resolve()
    if out == paths.root.resolve():
        raise ExographError(f"--out {out} is the project itself; synthetic records would mix with curated ones. "
                            "Give another folder.")
    if args.studies < 1 or args.per_review < 1:
        raise ExographError("--studies and --per-review must be at least 1")
    count = write_synthetic(out, args.studies, args.seed, args.per_review, project=paths.root)
    progress(f"wrote {count} files under {out}")
    progress(f"next: EXOGRAPH_ROOT={out} EXOGRAPH_SEEDS={out / 'seeds'} exograph validate")
    print(out)
    return 0

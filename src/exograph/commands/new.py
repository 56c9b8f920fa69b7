"""exograph new study|source|review ID: write a commented template of a record, data/studies/ID.yaml
(data/sources/, data/reviews/), to fill in; an existing file is never replaced."""

from __future__ import annotations

import argparse
import re

from exograph.commands._common import project
from exograph.errors import ExographError
from exograph.records.files import shown_path

# what the command calls a record -> (template, folder under data/)
KINDS = {"study": ("study.yaml", "studies"), "source": ("source.yaml", "sources"), "review": ("review.yaml", "reviews")}
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("kind", choices=list(KINDS), help="the kind of record")
    parser.add_argument("id", help="the record id: lower-case words joined by '-', e.g. smith-2025")


def run(args: argparse.Namespace) -> int:
    from exograph.outputs import write_output
    from exograph.progress import progress

    paths = project(args)
    if not SLUG.match(args.id):
        suggestion = re.sub(r"[^a-z0-9]+", "-", args.id.lower()).strip("-") or "smith-2025"
        raise ExographError(f"record id {args.id!r} is not lower-case words joined by '-'; e.g. {suggestion}")
    template, folder = KINDS[args.kind]
    target = paths.data / folder / f"{args.id}.yaml"
    if target.exists() or target.is_symlink():
        raise ExographError(f"{shown_path(target, paths.root)} already exists; edit it, or choose another id")
    write_output(target, template_text(template, args.id).encode("utf-8"))
    print(shown_path(target, paths.root))
    progress(f"wrote {shown_path(target, paths.root)}: fill it in, then `exograph validate {shown_path(target, paths.root)}`")
    return 0


def template_text(name: str, record_id: str) -> str:
    """A template of exograph/records/templates/ with the record id filled in."""
    from importlib.resources import files

    return (files("exograph.records") / "templates" / name).read_text(encoding="utf-8").replace("__ID__", record_id)


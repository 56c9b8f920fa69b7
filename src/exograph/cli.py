"""The command line: one verb per pipeline stage, each a thin wrapper over library functions.

Each verb lives in exograph/commands/<verb>.py with `add_arguments(parser)` and `run(args) -> int`;
verbs are imported only when used, so heavy libraries load only where they are needed.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from exograph.errors import ExographError

# verb -> one-line help; the module is exograph.commands.<verb with - replaced by _>
VERBS: dict[str, str] = {
    "build": "load every record, convert, merge with the ontology, validate, write build/",
    "validate": "SHACL-validate curated records (default: all)",
    "shacl": "validate any RDF graph against any SHACL shapes graph",
    "reason": "run the OWL reasoner over ontology + imports + data",
    "query": "run a saved SPARQL query (embedded graph or --endpoint)",
    "viz": "write the interactive source -> outcome page",
    "analyze": "network analytics of sources and outcomes",
    "imports": "extract ontology import modules from ontology files or a SPARQL endpoint",
    "push": "load the built graph into a SPARQL store (Graph Store Protocol)",
    "serve": "serve the built graph from a local Oxigraph SPARQL server",
    "synth": "write synthetic study records for benchmarks",
    "demo": "build, validate, run every saved query and write the pages",
}


def _module(verb: str):
    return importlib.import_module(f"exograph.commands.{verb.replace('-', '_')}")


def _available_verbs() -> list[str]:
    folder = Path(__file__).parent / "commands"
    return [v for v in VERBS if (folder / f"{v.replace('-', '_')}.py").exists()]


def make_parser(verbs: list[str] | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="exograph", description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, help="project folder (default: found from the cwd)")
    sub = parser.add_subparsers(dest="verb", metavar="VERB")
    for verb in verbs or _available_verbs():
        verb_parser = sub.add_parser(verb, help=VERBS[verb], description=VERBS[verb])
        _module(verb).add_arguments(verb_parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = make_parser()
    args = parser.parse_args(argv)
    if not args.verb:
        parser.print_help()
        return 2
    try:
        return int(_module(args.verb).run(args) or 0)
    except ExographError as error:
        print(f"error: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head` and closed early: not an error of ours
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0

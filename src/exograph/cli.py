"""The command line: one verb per pipeline stage, each a thin wrapper over library functions.

Each verb lives in exograph/commands/<verb>.py with `add_arguments(parser)` and `run(args) -> int`;
verbs are imported only when used, so heavy libraries load only where they are needed.
"""

from __future__ import annotations

import argparse
import errno
import importlib
import os
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
    "new": "write a commented template of a study, source or review record",
    "vocab": "list the value sets (keys, labels, ontology terms) records use",
    "import-registry": "read ClinicalTrials.gov API v2 study JSON files into registry records",
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


def _verb_named(argv: list[str]) -> str | None:
    """The verb of the command line when it names one: only that verb's module is imported to parse
    the rest (each module imports what its verb needs: a query need not load the page's libraries)."""
    rest = iter(argv)
    for word in rest:
        if word == "--root":
            next(rest, None)
        elif not word.startswith("-"):
            return word if word in VERBS and word in _available_verbs() else None
        elif not word.startswith("--root="):
            return None  # -h or an unknown option before the verb: the full parser answers
    return None


def main(argv: list[str] | None = None) -> int:
    """Exit codes: 0 done (records conform), 1 records do not conform, 2 the tool could not do its job
    (a bad argument, path, file system, endpoint or project file), 130 interrupted. Every error is
    one line on stderr, never a traceback (EXOGRAPH_DEBUG=1 shows the traceback of an internal error)."""
    argv = sys.argv[1:] if argv is None else argv
    verb = _verb_named(argv)
    parser = make_parser([verb] if verb else None)
    args = parser.parse_args(argv)
    if not args.verb:
        parser.print_help()
        return 2
    try:
        check_text_arguments(args)
        code = int(_module(args.verb).run(args) or 0)
    except BaseException as error:  # noqa: BLE001 - each kind is answered by one line in _answer
        return _answer(error)
    try:
        sys.stdout.flush()  # a full disk or a closed pipe shows here
    except BrokenPipeError:
        _discard_stdout()
    except OSError as error:
        return _fail(f"cannot write the standard output: {_os_error(error)}", 2)
    return code


def _answer(error: BaseException) -> int:
    """The exit code of a failed command, after one line on stderr."""
    if isinstance(error, ExographError):
        return _fail(str(error), error.exit_code)
    if isinstance(error, KeyboardInterrupt):
        return 130
    if isinstance(error, BrokenPipeError):  # output piped into `head` and closed early: not an error of ours
        _discard_stdout()
        return 0
    if isinstance(error, OSError):
        if not _stdout_writable():
            return _fail(f"cannot write the standard output: {_os_error(error)}", 2)
        return _fail(_os_error(error), 2)
    if isinstance(error, MemoryError):
        return _fail("out of memory", 2)
    if isinstance(error, Exception) and not os.environ.get("EXOGRAPH_DEBUG"):
        said = " ".join(str(error).split())[:300]
        return _fail(f"internal error: {type(error).__name__}: {said} (a bug in exograph; "
                     "EXOGRAPH_DEBUG=1 shows the traceback)", 2)
    raise error


def check_text_arguments(args: argparse.Namespace) -> None:
    """Text arguments (parameters, URLs, names) must be UTF-8: the shell passes undecodable bytes
    through as lone surrogates, which would fail far from the argument that carried them."""
    for value in vars(args).values():
        for text in value if isinstance(value, list) else [value]:
            if not isinstance(text, str):
                continue
            try:
                text.encode("utf-8")
            except UnicodeEncodeError:
                shown = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
                raise ExographError(f"argument '{shown}' is not UTF-8 text; pass text as UTF-8") from None


def _os_error(error: OSError) -> str:
    from exograph.outputs import os_error_text

    if error.filename:
        return f"{error.filename}: {os_error_text(error)}"
    if error.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT, errno.EIO):
        return f"cannot write the output: {os_error_text(error)}"
    return os_error_text(error)


def _fail(message: str, code: int) -> int:
    try:
        print(f"error: {message}", file=sys.stderr, flush=True)
    except OSError:
        pass
    return code


def _stdout_writable() -> bool:
    try:
        sys.stdout.flush()
    except OSError:
        _discard_stdout()
        return False
    return True


def _discard_stdout() -> None:
    """Send what is left in stdout's buffer to /dev/null, so the exit does not fail on it a second time."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):
        pass

"""exograph serve [--port N]: the built graph on a local Oxigraph SPARQL server (127.0.0.1) until
Ctrl-C or SIGTERM."""

from __future__ import annotations

import argparse
import signal
import tempfile
from pathlib import Path
from types import FrameType


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=7878, help="port on 127.0.0.1 (0: any free port; default 7878)")


def run(args: argparse.Namespace) -> int:
    from exograph.commands._common import project
    from exograph.errors import ExographError
    from exograph.build import build
    from exograph.build.writer import OUTPUT_NT
    from exograph.progress import progress
    from exograph.store import OxigraphServer, load_store

    paths = project(args)
    built = paths.build / OUTPUT_NT
    if not built.exists():
        build(paths)
    with tempfile.TemporaryDirectory(prefix="exograph-store-") as location:
        progress(f"loading {built.relative_to(paths.root)} into a fresh Oxigraph store")
        load_store(Path(location), built)
        server = OxigraphServer(Path(location), port=args.port)
        # both signals stop the server the same way, even where SIGINT was ignored at start-up
        previous = {sig: signal.signal(sig, _interrupt) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            server.start()
            print(f"SPARQL endpoint: {server.query_url}", flush=True)
            print(f"query page:      {server.url}/", flush=True)
            progress("serving; press Ctrl-C to stop")
            code = server.wait()
            raise ExographError(f"oxigraph serve exited by itself (status {code}): {server.output()[-500:]}")
        except KeyboardInterrupt:
            progress("stopping")
        finally:
            server.stop()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
    return 0


def _interrupt(signum: int, frame: FrameType | None) -> None:
    """Ctrl-C and SIGTERM unwind through the `finally` above, so the store is always cleaned up."""
    raise KeyboardInterrupt

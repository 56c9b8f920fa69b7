"""exograph serve [--port N] [--host H] [--timeout S] [--writable]: the built store on a local Oxigraph
SPARQL server until Ctrl-C or SIGTERM, with exograph's own offline query page at its address. Read-only
unless --writable (then it serves a copy of the store: updates change the copy, never build/, and end
with the server)."""

from __future__ import annotations

import argparse
import signal
import tempfile
from pathlib import Path
from types import FrameType


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=7878, help="port (0: any free port; default 7878)")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1: this machine only)")
    parser.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS",
                        help="stop a query that runs longer than this (default 30)")
    parser.add_argument("--writable", action="store_true",
                        help="accept SPARQL UPDATE and Graph Store writes, on a temporary copy of the store")


def run(args: argparse.Namespace) -> int:
    from exograph.commands._common import project
    from exograph.errors import ExographError
    from exograph.store.published import STORE, fresh_manifest

    if args.timeout <= 0:
        raise ExographError("--timeout must be a positive number of seconds")
    folder, _ = fresh_manifest(project(args))
    if not args.writable:
        return _serve(args, folder / STORE, read_only=True)
    with tempfile.TemporaryDirectory(prefix="exograph-writable-") as location:
        copy = Path(location) / STORE
        _copy_store(folder / STORE, copy)
        return _serve(args, copy, read_only=False)


def _copy_store(source: Path, target: Path) -> None:
    from exograph.store.published import open_read_only

    open_read_only(source).backup(str(target))


def _serve(args: argparse.Namespace, location: Path, read_only: bool) -> int:
    from exograph.commands._common import project
    from exograph.errors import ExographError
    from exograph.progress import progress
    from exograph.store.front import QueryFront, query_page
    from exograph.store.server import OxigraphServer, check_port

    check_port(args.host, args.port)
    page = query_page(project(args).queries)
    # Oxigraph answers on a private port; the user's address serves exograph's offline query page and
    # passes every other request to it.
    server = OxigraphServer(location, port=0, host="127.0.0.1", read_only=read_only, timeout=args.timeout)
    front = None
    # both signals stop the server the same way, even where SIGINT was ignored at start-up
    previous = {sig: signal.signal(sig, _interrupt) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        server.start()
        try:
            front = QueryFront(args.host, args.port, (server.host, server.port), page, args.timeout + 30).start()
        except OSError as error:
            raise ExographError(f"cannot listen on {args.host}:{args.port}: {error.strerror}; choose another with "
                                "--port N (--port 0 picks a free one)") from None
        print(f"SPARQL endpoint: {front.url}/query", flush=True)
        print(f"query page:      {front.url}/", flush=True)
        if read_only:
            progress(f"serving build/store read-only (queries stop after {args.timeout:g} s); press Ctrl-C to stop")
        else:
            progress("serving a WRITABLE copy of build/store: updates are accepted, kept only until the server "
                     "stops, and never change build/; press Ctrl-C to stop")
        code = server.wait()
        raise ExographError(f"oxigraph exited by itself (status {code}): {server.output()[-300:]}")
    except KeyboardInterrupt:
        progress("stopping")
    finally:
        if front is not None:
            front.stop()
        server.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 0


def _interrupt(signum: int, frame: FrameType | None) -> None:
    """Ctrl-C and SIGTERM unwind through the `finally` above, so the server always stops."""
    raise KeyboardInterrupt

"""A local Oxigraph SPARQL server as a child process.

Read-only unless asked: `oxigraph serve-read-only` refuses SPARQL UPDATE and Graph Store writes, so
nobody who reaches the port (a form POST from any page open in a browser included) can change the
graph. It binds 127.0.0.1, answers queries over the union of its graphs (so pushed named graphs are
queried like the default graph), and stops a query that runs past its timeout. The child is tied to
this process: it receives SIGKILL when this process dies, however it dies, so it never outlives it.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from exograph.errors import ExographError

PR_SET_PDEATHSIG = 1  # linux/prctl.h


def oxigraph_command() -> str:
    """The `oxigraph` CLI installed beside this Python (the venv's bin), else one on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.exists():
        return str(beside)
    found = shutil.which("oxigraph")
    if not found:
        raise ExographError("the `oxigraph` command is not installed; `pip install oxigraph` puts it in the "
                            "venv's bin folder")
    return found


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def check_port(host: str, port: int) -> None:
    """One clear line when the address is taken, before anything starts or is printed."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((host, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise ExographError(f"port {port} on {host} is already in use; choose another with --port N "
                                    "(--port 0 picks a free one)") from None
            raise ExographError(f"cannot listen on {host}:{port}: {error.strerror}") from None


def load_store(location: Path, file: Path) -> None:
    """`oxigraph load`: the file's triples into the store's default graph (a served store is locked)."""
    result = subprocess.run([oxigraph_command(), "load", "--location", str(location), "--file", str(file)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise ExographError(f"oxigraph load {file} failed: {result.stderr.strip()[-500:]}")


def _die_with_parent(parent: int) -> None:
    """In the child, before exec: ask the kernel for SIGKILL when the parent dies; if it already died
    (between fork and here), exit now."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)


class OxigraphServer:
    """`oxigraph serve[-read-only]` on 127.0.0.1. Use as a context manager, or start()/stop()."""

    def __init__(self, location: Path | None = None, port: int = 0, host: str = "127.0.0.1",
                 union_default_graph: bool = True, read_only: bool = False, timeout: float | None = None):
        self.location, self.host, self.union_default_graph = location, host, union_default_graph
        self.read_only, self.timeout = read_only, timeout
        self.port = port or free_port(host)
        self.process: subprocess.Popen[bytes] | None = None
        self._log = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def query_url(self) -> str:
        return f"{self.url}/query"

    @property
    def store_url(self) -> str:
        return f"{self.url}/store"

    def command(self) -> list[str]:
        if self.read_only and self.location is None:
            raise ExographError("a read-only server needs a store folder to serve")
        verb = "serve-read-only" if self.read_only else "serve"
        command = [oxigraph_command(), verb, "--bind", f"{self.host}:{self.port}"]
        command += ["--union-default-graph"] if self.union_default_graph else []
        command += ["--timeout-s", str(max(1, round(self.timeout)))] if self.timeout else []
        return command + (["--location", str(self.location)] if self.location else [])

    def start(self, timeout: float = 15.0) -> "OxigraphServer":
        check_port(self.host, self.port)
        # Its output goes to a file, not a pipe: an unread pipe could fill up and block the server.
        self._log = tempfile.TemporaryFile()
        parent = os.getpid()
        self.process = subprocess.Popen(self.command(), stdout=self._log, stderr=subprocess.STDOUT,
                                        preexec_fn=lambda: _die_with_parent(parent))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self._failed()
            if self._answers():
                return self
            time.sleep(0.05)
        self.stop()
        raise ExographError(f"oxigraph did not answer on {self.url} within {timeout:.0f} s")

    def _failed(self) -> None:
        """The server exited while starting: one line saying why (not the Rust error chain)."""
        output = self.output()
        self.stop()
        if "Address already in use" in output or "AddrInUse" in output:
            raise ExographError(f"port {self.port} on {self.host} is already in use; choose another with "
                                "--port N (--port 0 picks a free one)")
        last = output.strip().splitlines()[-1] if output.strip() else f"exit status {self.process.returncode}"
        raise ExographError(f"oxigraph could not serve {self.location or 'a memory store'}: {last[:300]}")

    def _answers(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.query_url}?query=ASK%7B%7D", timeout=1) as response:
                return response.status == 200
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return False

    def output(self) -> str:
        """What the server printed so far."""
        if self._log is None:
            return ""
        self._log.seek(0)
        return self._log.read().decode("utf-8", "replace").strip()

    def stop(self, timeout: float = 10.0) -> None:
        """SIGTERM, then SIGKILL if it does not exit in time."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._log is not None:
            self._log.close()
            self._log = None

    def wait(self) -> int:
        assert self.process is not None, "start() the server first"
        return self.process.wait()

    def __enter__(self) -> "OxigraphServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

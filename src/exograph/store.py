"""The built graph in a SPARQL store: push it through the SPARQL 1.1 Graph Store Protocol, or serve it
from a local Oxigraph server.

Push replaces one named graph (HTTP PUT to <store>?graph=IRI), so pushing twice leaves one copy and
nothing else in the store is touched. A store answers queries over its *default* graph; Oxigraph's
``serve --union-default-graph`` makes the default graph the union of all graphs, so the saved queries
run unchanged on pushed data. On other stores, either enable their union default graph or pass the
graph to ``exograph query --endpoint URL --graph IRI`` (sent as the protocol's ``default-graph-uri``).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from exograph.errors import EndpointError, ExographError
from exograph.httpclient import request
from exograph.vocab import EXD

# The named graph exograph pushes to unless told otherwise.
GRAPH_IRI = str(EXD["graph"])
NTRIPLES = "application/n-triples"
PUSH_ANSWER_BYTES = 1024 * 1024  # a store answers a PUT with a status and a few words


# ---- Graph Store Protocol ------------------------------------------------------------------


def graph_store_url(endpoint: str) -> str:
    """The Graph Store Protocol URL for an endpoint given as a server base (``http://host:7878``),
    Oxigraph's query URL (``.../query``) or the store itself (``.../store``, ``/ds/data``)."""
    parts = urllib.parse.urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise EndpointError(f"expected an http(s) URL for the store, got {endpoint!r}")
    path = parts.path.rstrip("/")
    if path == "":
        path = "/store"
    elif path.endswith("/query"):
        path = path[: -len("/query")] + "/store"  # Oxigraph serves /query and /store side by side
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def graph_url(store: str, graph: str) -> str:
    return f"{store}?{urllib.parse.urlencode({'graph': graph})}"


@dataclass(frozen=True)
class PushResult:
    url: str
    graph: str
    triples: int
    status: int


def push_ntriples(ntriples: bytes, endpoint: str, graph: str = GRAPH_IRI, *, timeout: float = 60.0,
                  retries: int = 3, backoff: float = 0.5) -> PushResult:
    """PUT the triples as the whole content of `graph`: the store's previous copy is replaced. A PUT is
    idempotent, so transient failures are retried, all within one deadline of `timeout` seconds."""
    target = graph_url(graph_store_url(endpoint), graph)
    answer = request("PUT", target, body=ntriples, headers={"Content-Type": NTRIPLES}, timeout=timeout,
                     retries=retries, backoff=backoff, max_bytes=PUSH_ANSWER_BYTES)
    if not 200 <= answer.status < 300:
        detail = answer.first_line()
        raise EndpointError(f"{target} answered HTTP {answer.status}" + (f": {detail}" if detail else ""))
    return PushResult(target, graph, ntriples.count(b"\n"), answer.status)


# ---- a local Oxigraph server ---------------------------------------------------------------


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


def load_store(location: Path, file: Path) -> None:
    """`oxigraph load`: the file's triples into the store's default graph (a served store is locked)."""
    result = subprocess.run([oxigraph_command(), "load", "--location", str(location), "--file", str(file)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise ExographError(f"oxigraph load {file} failed: {result.stderr.strip()[-500:]}")


class OxigraphServer:
    """`oxigraph serve` on 127.0.0.1 as a child process, with the union of all graphs as the default
    graph so saved queries see pushed named graphs. Use as a context manager, or start()/stop()."""

    def __init__(self, location: Path | None = None, port: int = 0, host: str = "127.0.0.1",
                 union_default_graph: bool = True):
        self.location, self.host, self.union_default_graph = location, host, union_default_graph
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
        command = [oxigraph_command(), "serve", "--bind", f"{self.host}:{self.port}"]
        command += ["--union-default-graph"] if self.union_default_graph else []
        return command + (["--location", str(self.location)] if self.location else [])

    def start(self, timeout: float = 15.0) -> "OxigraphServer":
        # Its output goes to a file, not a pipe: an unread pipe could fill up and block the server.
        self._log = tempfile.TemporaryFile()
        self.process = subprocess.Popen(self.command(), stdout=self._log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ExographError(f"oxigraph serve on {self.host}:{self.port} exited: {self.output()[-500:]}")
            if self._answers():
                return self
            time.sleep(0.05)
        self.stop()
        raise ExographError(f"oxigraph serve did not answer on {self.url} within {timeout:.0f} s")

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

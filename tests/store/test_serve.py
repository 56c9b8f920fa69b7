"""`exograph serve` through the real command line and a real Oxigraph server: read-only by default,
127.0.0.1 only, one clear line when the port is taken, no orphan server when it is killed, and a
query timeout."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest

from exograph.errors import EndpointError
from exograph.query.backends import EndpointBackend

STUDIES = "SELECT (COUNT(?s) AS ?n) WHERE { ?s a <https://w3id.org/exograph/ontology#Study> }"
PLANTED = "SELECT ?x WHERE { BIND(EXISTS { <http://example.org/planted> ?p ?o } AS ?x) }"
INSERT = "INSERT DATA { <http://example.org/planted> <http://example.org/p> 1 }"


@dataclass
class Served:
    process: subprocess.Popen[str]
    endpoint: str
    stderr_head: str

    @property
    def base(self) -> str:
        return self.endpoint.removesuffix("/query")


def _start(project: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "EXOGRAPH_ROOT": str(project), "PYTHONWARNINGS": "ignore"}
    return subprocess.Popen([sys.executable, "-m", "exograph", "serve", *args], cwd=project, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _serve(project: Path, *args: str) -> Served:
    process = _start(project, "--port", "0", *args)
    line = process.stdout.readline()
    if not line.startswith("SPARQL endpoint: "):
        process.kill()
        raise AssertionError(f"serve did not start: {line}{process.stderr.read()}")
    process.stdout.readline()  # the query page
    return Served(process, line.split(": ", 1)[1].strip(), process.stderr.readline())


def _stop(served: Served) -> None:
    if served.process.poll() is None:
        served.process.send_signal(signal.SIGTERM)
        try:
            served.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            served.process.kill()
            served.process.wait()


@pytest.fixture
def served(built_project: Path) -> Iterator[Served]:
    server = _serve(built_project)
    try:
        yield server
    finally:
        _stop(server)


def _post(url: str, data: bytes, content_type: str, origin: str | None = None, method: str = "POST") -> int:
    headers = {"Content-Type": content_type} | ({"Origin": origin} if origin else {})
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_serve_is_read_only_by_default(served: Served) -> None:
    assert "read-only" in served.stderr_head
    assert EndpointBackend(served.endpoint).select(STUDIES) == [{"n": 11}]
    update = _post(f"{served.base}/update", INSERT.encode(), "application/sparql-update")
    form = _post(f"{served.base}/update", urllib.parse.urlencode({"update": INSERT}).encode(),
                 "application/x-www-form-urlencoded", origin="http://attacker.example")
    store_put = _post(f"{served.base}/store?default", b"<http://example.org/planted> <http://example.org/p> 1 .\n",
                      "application/n-triples", method="PUT")
    store_post = _post(f"{served.base}/store", b"<http://example.org/planted> <http://example.org/p> 1 .\n",
                       "application/n-triples")
    assert all(status >= 400 for status in (update, form, store_put, store_post)), (update, form, store_put, store_post)
    assert EndpointBackend(served.endpoint).select(PLANTED) \
        == [{"x": False}]
    assert EndpointBackend(served.endpoint).select(STUDIES) == [{"n": 11}]


def test_serve_binds_this_machine_only(served: Served) -> None:
    assert served.endpoint.startswith("http://127.0.0.1:")
    port = int(urllib.parse.urlsplit(served.endpoint).port or 0)
    outside = _outside_address()
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:  # not on the machine's other addresses
        assert probe.connect_ex((outside, port)) != 0


def _outside_address() -> str:
    """This machine's address on its default route (a UDP 'connect' sends nothing)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        try:
            udp.connect(("192.0.2.1", 9))
        except OSError:
            pytest.skip("this machine has no network address besides loopback to probe")
        address = udp.getsockname()[0]
    if address.startswith("127."):
        pytest.skip("this machine has no network address besides loopback to probe")
    return address


def test_writable_says_so_and_changes_only_its_copy(built_project: Path) -> None:
    store_files = sorted((p.name, p.stat().st_size) for p in (built_project / "build" / "store").iterdir())
    served = _serve(built_project, "--writable")
    try:
        assert "WRITABLE" in served.stderr_head
        assert _post(f"{served.base}/update", INSERT.encode(), "application/sparql-update") in (200, 204)
        assert EndpointBackend(served.endpoint).select(PLANTED) \
            == [{"x": True}]
    finally:
        _stop(served)
    assert sorted((p.name, p.stat().st_size) for p in (built_project / "build" / "store").iterdir()) == store_files
    result = subprocess.run([sys.executable, "-m", "exograph", "query", "studies", "--format", "json"],
                            cwd=built_project, env={**os.environ, "EXOGRAPH_ROOT": str(built_project)},
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and "planted" not in result.stdout


def test_a_port_in_use_is_one_clear_line(built_project: Path) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        process = _start(built_project, "--port", str(taken.getsockname()[1]))
        out, err = process.communicate(timeout=60)
    assert process.returncode == 2
    assert out == ""  # nothing about serving was printed
    assert err.strip().count("\n") == 0 and "already in use" in err and "--port" in err, err
    assert "panicked" not in err and "Traceback" not in err


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(child) for child in (task / "children").read_text().split()]
    return found


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "State:\tZ" not in status


def test_sigkill_leaves_no_oxigraph_running(built_project: Path) -> None:
    served = _serve(built_project)
    try:
        children = _children(served.process.pid)
        assert len(children) == 1 and "oxigraph" in Path(f"/proc/{children[0]}/cmdline").read_text()
        served.process.kill()  # SIGKILL: no handler of ours runs
        served.process.wait(timeout=10)
        deadline = time.monotonic() + 10
        while _alive(children[0]) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(children[0]), "the Oxigraph server outlived `exograph serve`"
        with pytest.raises(EndpointError):
            EndpointBackend(served.endpoint, retries=1, timeout=2).select("ASK {}")
    finally:
        for child in _children(served.process.pid) if _alive(served.process.pid) else []:
            os.kill(child, signal.SIGKILL)
        _stop(served)


def test_a_query_past_the_timeout_is_stopped(built_project: Path) -> None:
    served = _serve(built_project, "--timeout", "1")
    try:
        # every pair of the ~12,000 triples compared: minutes of work without the timeout
        slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f FILTER(STR(?c) = CONCAT(STR(?f), 'x')) }"
        started = time.monotonic()
        with pytest.raises(EndpointError):
            EndpointBackend(served.endpoint, retries=1, timeout=60).select(slow)
        assert time.monotonic() - started < 20
        assert EndpointBackend(served.endpoint).select(STUDIES) == [{"n": 11}]  # and it still serves
    finally:
        _stop(served)

"""Real TCP servers on 127.0.0.1 that answer HTTP requests badly on purpose: one byte a second, not
HTTP at all, far too much. Each reads the request, then plays its behaviour on the socket. Use as a
context manager: `with MisbehavingServer("trickle-body") as server: server.url`."""

from __future__ import annotations

import socket
import socketserver
import threading
import time
from typing import Callable

JSON_HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"


def _read_request(conn: socket.socket) -> None:
    """Read the request's headers and its body (by Content-Length), so the client is not reset."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip() or 0)
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            return
        body += chunk


def _trickle(conn: socket.socket, data: bytes, stop: threading.Event, per_second: float = 1.0) -> None:
    for byte in data:
        if stop.wait(1 / per_second):
            return
        conn.sendall(bytes([byte]))


def trickle_body(conn: socket.socket, stop: threading.Event) -> None:
    """Headers at once, then a 1,000-byte body one byte a second (each read returns within a second)."""
    conn.sendall(JSON_HEAD + b"Content-Length: 1000\r\n\r\n")
    _trickle(conn, b" " * 1000, stop)


def trickle_headers(conn: socket.socket, stop: threading.Event) -> None:
    """The status line and headers one byte a second."""
    _trickle(conn, JSON_HEAD + b"Content-Length: 2\r\n\r\n{}", stop)


def not_http(conn: socket.socket, stop: threading.Event) -> None:
    """An SSH server's greeting."""
    conn.sendall(b"SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n")
    stop.wait(5)


def endless(conn: socket.socket, stop: threading.Event) -> None:
    """A 200 answer without a length whose body never ends, sent as fast as the client reads."""
    conn.sendall(JSON_HEAD + b"Connection: close\r\n\r\n")
    block = b"[" * 65536
    while not stop.is_set():
        try:
            conn.sendall(block)
        except OSError:
            return


def declared_huge(conn: socket.socket, stop: threading.Event) -> None:
    """A 200 answer that announces a terabyte."""
    conn.sendall(JSON_HEAD + b"Content-Length: 1000000000000\r\n\r\n{")
    stop.wait(5)


def accept_and_close(conn: socket.socket, stop: threading.Event) -> None:
    """Read the request, then close without a word."""


BEHAVIOURS: dict[str, Callable[[socket.socket, threading.Event], None]] = {
    "trickle-body": trickle_body, "trickle-headers": trickle_headers, "not-http": not_http,
    "endless": endless, "declared-huge": declared_huge, "accept-and-close": accept_and_close,
}


class MisbehavingServer:
    def __init__(self, behaviour: str):
        self.behaviour = BEHAVIOURS[behaviour]
        self.stop = threading.Event()
        self.requests = 0
        server = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                server.requests += 1
                try:
                    _read_request(self.request)
                    server.behaviour(self.request, server.stop)
                except OSError:
                    pass  # the client gave up: what these servers are for

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sparql"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "MisbehavingServer":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.server.shutdown()
        self.server.server_close()


def elapsed(action: Callable[[], object]) -> float:
    """Seconds an action took (whether it returned or raised)."""
    start = time.monotonic()
    try:
        action()
    except Exception:  # noqa: BLE001 - only the time matters here
        pass
    return time.monotonic() - start

"""A real HTTP server (http.server on 127.0.0.1) that answers with scripted replies: the endpoint
error paths are tested against real sockets, not mocks."""

from __future__ import annotations

import http.server
import time
from dataclasses import dataclass, field


@dataclass
class Reply:
    status: int
    body: bytes = b""
    content_type: str = "application/sparql-results+json"
    delay: float = 0.0


@dataclass
class FakeEndpoint:
    """Answers each request with the next scripted reply (the last one repeats), counts requests and
    keeps each request's headers."""

    url: str
    replies: list[Reply] = field(default_factory=list)
    requests: int = 0
    headers: list[dict[str, str]] = field(default_factory=list)

    def script(self, *replies: Reply) -> "FakeEndpoint":
        self.replies, self.requests = list(replies), 0
        return self

    def next_reply(self) -> Reply:
        self.requests += 1
        return self.replies[min(self.requests, len(self.replies)) - 1]


def handler_for(endpoint: FakeEndpoint) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            self.rfile.read(length)
            endpoint.headers.append(dict(self.headers.items()))
            reply = endpoint.next_reply()
            time.sleep(reply.delay)
            try:
                self.send_response(reply.status)
                self.send_header("Content-Type", reply.content_type)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a timeout test)

        do_GET = do_POST = do_PUT = _answer

        def log_message(self, *args: object) -> None:  # keep test output clean
            pass

    return Handler



"""HTTP for SPARQL endpoints and stores: a deadline for the whole request and a cap on what is read.

urllib's `timeout` limits each socket operation, so a server that sends one byte a second keeps a
request alive for ever; and a response is read whole into memory, however large. Here:

- `timeout` is a deadline for everything: connecting, sending, every retry, every backoff sleep,
  the headers and the body. A watchdog shuts the socket down when it passes, which ends any read
  in progress.
- A body larger than `max_bytes` is refused (by its Content-Length before reading, or as soon as
  the bytes read pass the cap).
- Retries (connection refused or reset, HTTP 429/502/503/504) wait an exponential backoff capped at
  `max_backoff` seconds (or the server's Retry-After, within the same cap), never past the deadline.
- An answer that is not HTTP, an empty or non-HTTP URL, and every other failure are EndpointErrors
  (exit 2) that name the URL and what came back.
- With `credentials`, a 401 answer's challenge is met once (HTTP Digest, as Virtuoso asks, or Basic)
  and the request sent again with the Authorization header; a second 401 is the caller's to word.
  Before an upload, a HEAD request fetches the challenge, so the body is sent once.
Proxies from the environment (http_proxy, https_proxy, no_proxy) are honoured, as urllib does.
"""

from __future__ import annotations

import http.client
import math
import socket
import ssl
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from email.message import Message

from exograph.errors import EndpointError

TRANSIENT_STATUS = frozenset({429, 502, 503, 504})
MAX_BACKOFF = 5.0  # seconds between two attempts, at most
MAX_REDIRECTS = 5
DEFAULT_MAX_BYTES = 200 * 1024 * 1024
CHUNK = 1 << 16


@dataclass(frozen=True)
class Answer:
    """A complete HTTP answer."""

    url: str
    status: int
    headers: Message
    body: bytes

    def first_line(self) -> str:
        """The first non-blank line of the body, cut short (what a server says with an error status)."""
        for line in self.body[:4096].decode("utf-8", "replace").splitlines():
            if line.strip():
                return line.strip()[:200]
        return ""


@dataclass(frozen=True)
class Credentials:
    """A user name and password for a server that asks for them (HTTP Digest or Basic)."""

    user: str
    password: str = field(repr=False)


@dataclass
class Deadline:
    """A point in time, `seconds` from now."""

    seconds: float
    start: float = field(default_factory=time.monotonic)

    def remaining(self) -> float:
        return self.seconds - (time.monotonic() - self.start)

    def expired(self) -> bool:
        return self.remaining() <= 0


class Timeout(EndpointError):
    """The deadline passed before the answer was complete."""


class Transient(Exception):
    """A failure worth another attempt (refused or reset connection, HTTP 429/502/503/504)."""

    def __init__(self, reason: str, retry_after: float | None = None):
        super().__init__(reason)
        self.retry_after = retry_after


def check_url(url: str, what: str = "endpoint") -> urllib.parse.SplitResult:
    """The parts of an http(s) URL; EndpointError for an empty or non-HTTP one."""
    parts = urllib.parse.urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise EndpointError(f"the {what} must be an http:// or https:// URL with a host, got {url!r}")
    try:
        parts.port
    except ValueError:
        raise EndpointError(f"the {what} URL {url!r} has an invalid port") from None
    return parts


def check_timeout(seconds: float) -> float:
    if not math.isfinite(seconds) or seconds <= 0:
        raise EndpointError(f"--timeout must be a positive number of seconds, got {seconds}")
    return seconds


def request(method: str, url: str, *, body: bytes | None = None, headers: dict[str, str] | None = None,
            timeout: float = 30.0, retries: int = 3, backoff: float = 0.5, max_backoff: float = MAX_BACKOFF,
            max_bytes: int = DEFAULT_MAX_BYTES, credentials: Credentials | None = None) -> Answer:
    """The answer to a request, retried on transient failures within one deadline of `timeout`
    seconds. An answer with a permanent error status is returned (the caller words it); EndpointError
    when no answer came (refused, not HTTP, too large, deadline passed)."""
    check_url(url)
    deadline = Deadline(check_timeout(timeout))
    last = ""
    headers = dict(headers or {})
    if credentials is not None and body:
        # Ask for the challenge without the body: a store that refuses an unauthenticated upload may
        # answer and close before reading it, which breaks the pipe instead of giving the 401.
        probe = _follow("HEAD", url, None, {}, deadline, max_bytes)
        if probe.status == 401:
            headers["Authorization"] = authorization(credentials, probe, method, body)
    for attempt in range(1, max(1, retries) + 1):
        retry_after = None
        try:
            answer = _follow(method, url, body, headers, deadline, max_bytes)
            if answer.status == 401 and credentials is not None and "Authorization" not in headers:
                signed = {**headers, "Authorization": authorization(credentials, answer, method, body)}
                answer = _follow(method, answer.url, body, signed, deadline, max_bytes)
            if answer.status not in TRANSIENT_STATUS:
                return answer
            last = f"HTTP {answer.status}" + (f": {answer.first_line()}" if answer.first_line() else "")
            retry_after = _retry_after(answer.headers)
        except Transient as failure:
            last, retry_after = str(failure), failure.retry_after
        if attempt == retries:
            break
        pause = min(max_backoff, retry_after if retry_after is not None else backoff * 2 ** (attempt - 1))
        if pause >= deadline.remaining():
            raise Timeout(f"{url}: no answer within the {timeout:g} s deadline ({attempt} attempt(s); last: {last})")
        time.sleep(max(0.0, pause))
    raise EndpointError(f"{url} failed after {max(1, retries)} attempts: {last}")


def authorization(credentials: Credentials, challenged: Answer, method: str, body: bytes | None) -> str:
    """The Authorization header that meets a 401 answer's WWW-Authenticate challenge: Digest (computed
    by the standard library's digest handler) or Basic."""
    import base64

    challenge = challenged.headers.get("WWW-Authenticate", "")
    scheme, _, rest = challenge.strip().partition(" ")
    if scheme.lower() == "basic":
        token = base64.b64encode(f"{credentials.user}:{credentials.password}".encode("utf-8")).decode("ascii")
        return f"Basic {token}"
    if scheme.lower() != "digest":
        raise EndpointError(f"{challenged.url} asks for credentials by {scheme or 'an unnamed scheme'!r}; "
                            "exograph answers HTTP Digest and Basic")
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    passwords.add_password(None, challenged.url, credentials.user, credentials.password)
    handler = urllib.request.AbstractDigestAuthHandler(passwords)
    fields = urllib.request.parse_keqv_list(filter(None, urllib.request.parse_http_list(rest)))
    try:
        value = handler.get_authorization(urllib.request.Request(challenged.url, data=body, method=method), fields)
    except urllib.error.URLError as error:  # a qop the handler does not implement (auth-int)
        raise EndpointError(f"{challenged.url}: cannot answer its Digest challenge ({error.reason})") from None
    if not value:
        raise EndpointError(f"{challenged.url}: cannot answer its Digest challenge {rest[:120]!r}")
    return f"Digest {value}"


def _follow(method: str, url: str, body: bytes | None, headers: dict[str, str], deadline: Deadline,
            max_bytes: int) -> Answer:
    """One attempt, following redirects that keep the request's meaning."""
    for _ in range(MAX_REDIRECTS + 1):
        answer = _exchange(method, url, body, headers, deadline, max_bytes)
        location = answer.headers.get("Location")
        if answer.status not in (301, 302, 303, 307, 308) or not location:
            return answer
        target = urllib.parse.urljoin(url, location)
        if method not in ("GET", "HEAD") and answer.status not in (307, 308):
            raise EndpointError(f"{url} redirects ({answer.status}) to {target}; give that URL instead")
        check_url(target, "redirect target")
        url = target
    raise EndpointError(f"{url}: more than {MAX_REDIRECTS} redirects")


def _exchange(method: str, url: str, body: bytes | None, headers: dict[str, str], deadline: Deadline,
              max_bytes: int) -> Answer:
    """Send one request and read its whole answer before the deadline, or fail."""
    if deadline.expired():
        raise Timeout(f"{url}: no answer within the {deadline.seconds:g} s deadline")
    connection, target = _connection(url, deadline.remaining())
    watchdog = threading.Timer(max(0.0, deadline.remaining()), _shut, args=(connection,))
    watchdog.daemon = True
    watchdog.start()
    try:
        try:
            connection.request(method, target, body=body, headers=headers)
        except (BrokenPipeError, ConnectionResetError):
            # A server may answer (401, 413) and close before reading the whole body: its answer is
            # what the caller needs; with none, the failure below is retried as transient.
            if body is None:
                raise
        response = connection.getresponse()
        data = _read_body(response, url, max_bytes)
        if deadline.expired():  # the watchdog ended the read: what came is not the whole answer
            raise Timeout(f"{url}: no complete answer within the {deadline.seconds:g} s deadline")
        return Answer(url, response.status, response.msg, data)
    except EndpointError:
        raise
    except (OSError, http.client.HTTPException) as error:
        if deadline.expired():
            raise Timeout(f"{url}: no complete answer within the {deadline.seconds:g} s deadline") from None
        raise _classified(url, error) from None
    finally:
        watchdog.cancel()
        connection.close()


def _connection(url: str, seconds: float) -> tuple[http.client.HTTPConnection, str]:
    """A connection for `url` (through the environment's proxy, if any) and the request target."""
    parts = urllib.parse.urlsplit(url)
    target = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
    secure = parts.scheme == "https"
    port = parts.port or (443 if secure else 80)
    proxy = urllib.request.getproxies().get(parts.scheme)
    if proxy and not urllib.request.proxy_bypass(parts.hostname or ""):
        via = urllib.parse.urlsplit(proxy if "://" in proxy else f"http://{proxy}")
        if secure:
            connection = http.client.HTTPSConnection(via.hostname, via.port or 80, timeout=seconds,
                                                     context=ssl.create_default_context())
            connection.set_tunnel(parts.hostname, port)
            return connection, target
        return http.client.HTTPConnection(via.hostname, via.port or 80, timeout=seconds), url
    if secure:
        return http.client.HTTPSConnection(parts.hostname, port, timeout=seconds,
                                           context=ssl.create_default_context()), target
    return http.client.HTTPConnection(parts.hostname, port, timeout=seconds), target


def _shut(connection: http.client.HTTPConnection) -> None:
    """Called by the watchdog at the deadline: end whatever the request is waiting for."""
    sock = connection.sock
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def _read_body(response: http.client.HTTPResponse, url: str, max_bytes: int) -> bytes:
    declared = response.getheader("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise EndpointError(f"{url} answered {int(declared):,} bytes, more than the {max_bytes:,}-byte cap "
                            "(--max-response)")
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = response.read1(CHUNK)
        if not chunk:
            break
        size += len(chunk)
        if size > max_bytes:
            raise EndpointError(f"{url} answered more than the {max_bytes:,}-byte cap (--max-response)")
        chunks.append(chunk)
    if declared and declared.isdigit() and size < int(declared):
        raise http.client.IncompleteRead(b"".join(chunks), int(declared) - size)
    return b"".join(chunks)


def _classified(url: str, error: Exception) -> Exception:
    """A transient failure to retry, or an EndpointError saying what came back."""
    if isinstance(error, http.client.BadStatusLine) and not isinstance(error, http.client.RemoteDisconnected):
        shown = str(error.args[0] if error.args else error)[:80]
        return EndpointError(f"{url} did not answer HTTP (it sent {shown!r}); is this the endpoint's URL?")
    if isinstance(error, http.client.LineTooLong):
        return EndpointError(f"{url} did not answer HTTP (a header line too long); is this the endpoint's URL?")
    if isinstance(error, ssl.SSLError):
        return EndpointError(f"{url}: TLS failed: {error.reason or error}")
    if isinstance(error, socket.gaierror):
        return EndpointError(f"{url}: cannot resolve the host name ({error.strerror})")
    if isinstance(error, (ConnectionError, http.client.RemoteDisconnected, http.client.IncompleteRead,
                          TimeoutError, socket.timeout)):
        return Transient(f"{type(error).__name__}: {error}")
    if isinstance(error, OSError):
        return Transient(f"{type(error).__name__}: {error.strerror or error}")
    return EndpointError(f"{url}: {type(error).__name__}: {error}")


def _retry_after(headers: Message) -> float | None:
    value = headers.get("Retry-After", "")
    try:
        return max(0.0, float(value))
    except ValueError:
        return None

"""The address `exograph serve` gives the user: exograph's own query page at `/`, everything else passed
through to the Oxigraph server behind it.

Oxigraph's own page loads YASGUI, which asks an outside prefix service for prefixes (a failed request
offline). exograph's page needs no network: its script and styles are in the page, and the saved
queries of queries/ are its examples. Every other request (/query, /update, /store, ...) goes to the
Oxigraph child unchanged, so its read-only refusals, its query timeout and its answers are what the
user gets.
"""

from __future__ import annotations

import html
import http.client
import http.server
import json
import threading
from pathlib import Path

# Headers that belong to one connection, never passed on (RFC 9110 §7.6.1).
HOP_BY_HOP = frozenset({"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
                        "transfer-encoding", "upgrade", "host"})
CHUNK = 1 << 16
# The page may run its own inline script and talk to this address only.
PAGE_POLICY = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; "
               "base-uri 'none'; form-action 'none'")


def examples(queries_dir: Path) -> list[dict[str, str]]:
    """The saved queries as the page's examples: name, question and text, parameters at their defaults."""
    from exograph.query.catalog import load_catalog
    from exograph.query.params import bindings, with_values

    return [{"name": name, "summary": query.summary, "text": with_values(query.text, bindings(query, {}))}
            for name, query in load_catalog(queries_dir).items()]


def query_page(queries_dir: Path) -> bytes:
    """The page: a query box, the saved queries as examples, and the results as a table (text only)."""
    data = json.dumps(examples(queries_dir), ensure_ascii=True).replace("</", "<\\/")
    return PAGE.replace("__EXAMPLES__", data).replace("__TITLE__", html.escape("exograph SPARQL")).encode("utf-8")


class QueryFront:
    """A threaded HTTP server on host:port: the page at `/`, the rest passed to `backend` (host, port)."""

    def __init__(self, host: str, port: int, backend: tuple[str, int], page: bytes, timeout: float):
        handler = _handler(backend, page, timeout)
        self.server = http.server.ThreadingHTTPServer((host, port), handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> "QueryFront":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _handler(backend: tuple[str, int], page: bytes, timeout: float) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"  # one request per connection: a passed-through body ends with it

        def _page(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Security-Policy", PAGE_POLICY)
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(page)

        def _pass(self) -> None:
            if self.command in ("GET", "HEAD") and self.path in ("/", "/index.html"):
                return self._page()
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
            connection = http.client.HTTPConnection(*backend, timeout=timeout)
            try:
                connection.request(self.command, self.path, body=body, headers=headers)
                answer = connection.getresponse()
                self.send_response(answer.status, answer.reason)
                for key, value in answer.getheaders():
                    if key.lower() not in HOP_BY_HOP:
                        self.send_header(key, value)
                self.end_headers()
                while chunk := answer.read1(CHUNK):
                    self.wfile.write(chunk)
            except (OSError, http.client.HTTPException) as error:
                self.send_error(502, f"the SPARQL server did not answer: {error}")
            finally:
                connection.close()

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = do_OPTIONS = _pass

        def log_message(self, *args: object) -> None:  # requests are not logged on the terminal
            pass

    return Handler


PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>__TITLE__</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 16px 24px; color: #212529; }
h1 { font-size: 20px; margin: 0 0 8px; }
label { font-weight: 600; margin-right: 6px; }
select { max-width: 60ch; }
textarea { width: 100%; height: 16em; font: 13px/1.4 ui-monospace, monospace; box-sizing: border-box; margin: 8px 0; }
button { font-size: 14px; padding: 4px 14px; }
#summary { color: #495057; margin: 4px 0; }
#status { margin: 8px 0; color: #495057; }
#status.error { color: #b02a37; white-space: pre-wrap; }
table { border-collapse: collapse; margin-top: 8px; }
th, td { border: 1px solid #dee2e6; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #f1f3f5; }
</style>
</head>
<body>
<h1>exograph SPARQL query</h1>
<p>Runs SPARQL 1.1 queries on this server's graph (endpoint <code id="endpoint"></code>). The saved queries of
<code>queries/</code> are the examples, with their parameters' default values.</p>
<div><label for="example">Example</label><select id="example"></select></div>
<p id="summary"></p>
<textarea id="query" spellcheck="false" aria-label="SPARQL query"></textarea>
<div><button id="run" type="button">Run</button> <span id="status" role="status"></span></div>
<div id="results"></div>
<script>
"use strict";
const EXAMPLES = __EXAMPLES__;
const endpoint = new URL("query", window.location.href).href;
const select = document.getElementById("example");
const box = document.getElementById("query");
const status = document.getElementById("status");
const results = document.getElementById("results");
document.getElementById("endpoint").textContent = endpoint;
for (const [index, example] of EXAMPLES.entries()) {
  const option = document.createElement("option");
  option.value = String(index);
  option.textContent = example.name;
  select.appendChild(option);
}
function choose() {
  const example = EXAMPLES[Number(select.value)];
  if (!example) return;
  box.value = example.text;
  document.getElementById("summary").textContent = example.summary;
}
function cell(term) {
  if (!term) return "";
  return term.type === "bnode" ? "_:" + term.value : term.value;
}
function show(answer) {
  results.replaceChildren();
  if (typeof answer.boolean === "boolean") {
    status.textContent = "answer: " + answer.boolean;
    return;
  }
  const names = answer.head.vars;
  const rows = answer.results.bindings;
  const table = document.createElement("table");
  const head = table.createTHead().insertRow();
  for (const name of names) {
    const th = document.createElement("th");
    th.textContent = name;
    head.appendChild(th);
  }
  const body = table.createTBody();
  for (const row of rows) {
    const line = body.insertRow();
    for (const name of names) line.insertCell().textContent = cell(row[name]);
  }
  results.appendChild(table);
  status.textContent = rows.length + (rows.length === 1 ? " row" : " rows");
}
async function run() {
  status.className = "";
  status.textContent = "running...";
  try {
    const response = await fetch(endpoint, {
      method: "POST",
      headers: {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"},
      body: new URLSearchParams({query: box.value}),
    });
    const text = await response.text();
    if (!response.ok) throw new Error("HTTP " + response.status + ": " + text.slice(0, 2000));
    show(JSON.parse(text));
  } catch (error) {
    results.replaceChildren();
    status.className = "error";
    status.textContent = String(error.message || error);
  }
}
select.addEventListener("change", choose);
document.getElementById("run").addEventListener("click", run);
box.addEventListener("keydown", (event) => { if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) run(); });
choose();
</script>
</body>
</html>
"""

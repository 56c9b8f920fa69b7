"""--endpoint: a real local HTTP server that fails on purpose (500, 503, garbage, slow, gone), and a
real Oxigraph server, both reached through SPARQLWrapper's protocol requests and exograph's HTTP client
(one deadline per request, a cap on the answer's size)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from exograph.errors import EndpointError
from exograph.query.backends import EndpointBackend
from exograph.store import GRAPH_IRI, OxigraphServer, free_port

from exograph.httpclient import MAX_BACKOFF
from misbehaving_server import MisbehavingServer, elapsed

from .http_double import Reply

OK = Reply(200, json.dumps({"head": {"vars": ["x"]},
                            "results": {"bindings": [{"x": {"type": "literal", "value": "1",
                                                            "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}]}}).encode())
QUERY = "SELECT ?x WHERE { BIND(1 AS ?x) }"


def backend(url: str, **options: float) -> EndpointBackend:
    return EndpointBackend(url, **{"timeout": 5, "retries": 3, "backoff": 0.01, **options})


def test_a_good_answer_is_read(fake_endpoint) -> None:  # noqa: ANN001
    fake_endpoint.script(OK)
    assert backend(fake_endpoint.url).select(QUERY) == [{"x": 1}]


def test_http_500_fails_at_once_with_the_servers_message(fake_endpoint) -> None:  # noqa: ANN001
    fake_endpoint.script(Reply(500, b"boom: store exploded\nstack...", "text/plain"))
    with pytest.raises(EndpointError, match=r"answered HTTP 500: boom: store exploded$"):
        backend(fake_endpoint.url).select(QUERY)
    assert fake_endpoint.requests == 1


def test_http_400_is_not_retried(fake_endpoint) -> None:  # noqa: ANN001
    fake_endpoint.script(Reply(400, b"Parse error at line 1", "text/plain"))
    with pytest.raises(EndpointError, match="HTTP 400: Parse error at line 1"):
        backend(fake_endpoint.url).select(QUERY)
    assert fake_endpoint.requests == 1


def test_http_503_is_retried_until_it_succeeds(fake_endpoint) -> None:  # noqa: ANN001
    fake_endpoint.script(Reply(503, b"busy", "text/plain"), Reply(503, b"busy", "text/plain"), OK)
    assert backend(fake_endpoint.url).select(QUERY) == [{"x": 1}]
    assert fake_endpoint.requests == 3


def test_http_503_every_time_gives_up_after_the_retries(fake_endpoint) -> None:  # noqa: ANN001
    fake_endpoint.script(Reply(503, b"busy", "text/plain"))
    with pytest.raises(EndpointError, match="failed after 3 attempts: HTTP 503: busy"):
        backend(fake_endpoint.url).select(QUERY)
    assert fake_endpoint.requests == 3


def test_garbage_is_a_malformed_result_not_a_retry(fake_endpoint) -> None:  # noqa: ANN001
    fake_endpoint.script(Reply(200, b"<html>hello</html>", "application/sparql-results+json"))
    with pytest.raises(EndpointError, match="did not answer with SPARQL JSON results; it sent '<html>hello</html>'"):
        backend(fake_endpoint.url).select(QUERY)
    assert fake_endpoint.requests == 1


def test_json_that_is_not_a_select_result_is_named(fake_endpoint) -> None:  # noqa: ANN001
    fake_endpoint.script(Reply(200, b'{"boolean": true}'))
    with pytest.raises(EndpointError, match="not a SPARQL SELECT result"):
        backend(fake_endpoint.url).select(QUERY)


def test_a_slow_server_meets_the_deadline_of_the_whole_request(fake_endpoint) -> None:  # noqa: ANN001
    fake_endpoint.script(Reply(200, OK.body, delay=1.0))
    with pytest.raises(EndpointError, match="no complete answer within the 0.2 s deadline"):
        backend(fake_endpoint.url, timeout=0.2, retries=2).select(QUERY)
    assert fake_endpoint.requests == 1  # no time was left for a second attempt


def test_nothing_listening_is_reported_after_the_retries() -> None:
    url = f"http://127.0.0.1:{free_port()}/sparql"
    with pytest.raises(EndpointError, match="failed after 2 attempts: ConnectionRefusedError"):
        backend(url, retries=2).select(QUERY)


# ---- the deadline and the size cap, against servers that misbehave on real sockets ------------


@pytest.mark.parametrize("behaviour", ["trickle-body", "trickle-headers"])
def test_one_byte_a_second_cannot_outlast_the_deadline(behaviour: str) -> None:
    with MisbehavingServer(behaviour) as server:
        took = elapsed(lambda: backend(server.url, timeout=2.5, retries=3).select(QUERY))
        with pytest.raises(EndpointError, match="within the 1.5 s deadline"):
            backend(server.url, timeout=1.5, retries=3).select(QUERY)
    assert 2.4 < took < 4.0, took


def test_retries_and_their_backoff_stay_within_the_deadline() -> None:
    url = f"http://127.0.0.1:{free_port()}/sparql"
    took = elapsed(lambda: backend(url, timeout=1.0, retries=50, backoff=0.4).select(QUERY))
    assert took < 1.5, took
    with pytest.raises(EndpointError, match="no answer within the 1 s deadline"):
        backend(url, timeout=1.0, retries=50, backoff=0.4).select(QUERY)


def test_backoff_is_capped() -> None:
    url = f"http://127.0.0.1:{free_port()}/sparql"
    # uncapped, the three pauses would take 50 + 100 + 200 s
    took = elapsed(lambda: backend(url, timeout=60, retries=4, backoff=50, max_backoff=0.3).select(QUERY))
    assert 0.85 < took < 2.5, took
    assert MAX_BACKOFF <= 10  # the default cap: a few seconds between attempts at most


def test_an_answer_over_the_cap_is_refused_while_reading() -> None:
    with MisbehavingServer("endless") as server:
        with pytest.raises(EndpointError, match="more than the 1,048,576-byte cap"):
            backend(server.url, max_bytes=2**20).select(QUERY)


def test_an_announced_length_over_the_cap_is_refused_before_reading() -> None:
    with MisbehavingServer("declared-huge") as server:
        with pytest.raises(EndpointError, match="answered 1,000,000,000,000 bytes, more than"):
            backend(server.url).select(QUERY)


def test_a_server_that_does_not_speak_http_is_named() -> None:
    with MisbehavingServer("not-http") as server:
        with pytest.raises(EndpointError, match="did not answer HTTP .*SSH-2.0"):
            backend(server.url).select(QUERY)
        assert server.requests == 1


@pytest.mark.parametrize("url", ["", " ", "ftp://example.org/sparql", "file:///etc/passwd", "localhost:7878",
                                 "http://", "http://host:99999/x"])
def test_an_empty_or_non_http_endpoint_is_an_error(url: str) -> None:
    with pytest.raises(EndpointError, match="http"):
        EndpointBackend(url)


@pytest.mark.parametrize("seconds", [-1, 0, float("nan"), float("inf")])
def test_timeout_must_be_a_positive_number(seconds: float) -> None:
    with pytest.raises(EndpointError, match="--timeout must be a positive number"):
        EndpointBackend("http://127.0.0.1:1/sparql", timeout=seconds)


def test_cli_endpoint_error_is_one_line_without_traceback(fake_endpoint, built_project: Path, run_cli) -> None:  # noqa: ANN001
    fake_endpoint.script(Reply(500, b"internal error", "text/plain"))
    result = run_cli("query", "studies", "--endpoint", fake_endpoint.url, cwd=built_project)
    assert result.returncode == 2
    assert f"error: {fake_endpoint.url} answered HTTP 500: internal error" in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_runs_a_saved_query_on_the_oxigraph_server(oxigraph_server, built_project: Path, run_cli) -> None:  # noqa: ANN001
    result = run_cli("query", "density-change", "--param", "source=adipose", "--format", "json",
                     "--endpoint", oxigraph_server.query_url, cwd=built_project, check=True)
    rows = json.loads(result.stdout)
    assert {row["study"] for row in rows} == {"Nadeem et al. 2024", "Park et al. 2022", "Wan et al. 2025"}


def test_query_reads_the_pushed_graph_by_default_and_warns_on_an_empty_one(tmp_path: Path, built_project: Path,
                                                                           run_cli) -> None:  # noqa: ANN001
    """On a store whose default graph is its own (not the union of its graphs), `query --endpoint`
    still finds what `push` wrote; asking an empty graph gives no rows and says why."""
    with OxigraphServer(tmp_path / "store", union_default_graph=False) as server:
        run_cli("push", "--endpoint", server.url, cwd=built_project, check=True)
        query = ("query", "studies", "--format", "csv", "--endpoint", server.query_url)
        pushed = run_cli(*query, cwd=built_project)
        assert pushed.returncode == 0 and len(pushed.stdout.strip().splitlines()) == 1 + 11, pushed.stderr
        assert "warning" not in pushed.stderr
        own = run_cli(*query, "--default-graph", cwd=built_project)
        assert own.returncode == 0 and own.stdout.strip().splitlines()[1:] == []
        assert f"warning: no rows: the default graph of {server.query_url} holds no triples" in own.stderr
        assert f"named graphs include <{GRAPH_IRI}>" in own.stderr
        other = run_cli(*query, "--graph", "http://example.org/nothing", cwd=built_project)
        assert "graph <http://example.org/nothing>" in other.stderr and f"<{GRAPH_IRI}>" in other.stderr
        both = run_cli(*query, "--graph", GRAPH_IRI, "--default-graph", cwd=built_project)
        assert both.returncode == 2 and "give one" in both.stderr

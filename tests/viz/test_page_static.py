"""The page as a file: self-contained, deterministic, every piece of data text escaped (no browser)."""

from __future__ import annotations

import html
import re
from pathlib import Path

from exograph.analysis.evidence import Evidence
from exograph.analysis.network import network_from_evidence
from exograph.viz.page import render_page, script_json

from .conftest import IMG_PAYLOAD, SCRIPT_PAYLOAD

REMOTE = re.compile(r"""<(?:script|link|img|iframe|source)\b[^>]*\b(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.I)


def _page(evidence: Evidence) -> str:
    return render_page(evidence, network_from_evidence(evidence), density_png=b"\x89PNG fake")


def test_page_references_nothing_remote_and_forbids_requests(tiny_evidence: Evidence) -> None:
    page = _page(tiny_evidence)
    assert not REMOTE.search(page), REMOTE.search(page)
    assert "<script src" not in page and "<link " not in page
    csp = html.unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1))
    assert "default-src 'none'" in csp and "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    assert 'src="data:image/png;base64,' in page


def test_page_is_deterministic(tiny_evidence: Evidence) -> None:
    assert _page(tiny_evidence) == _page(tiny_evidence)


def test_html_in_the_data_is_escaped_everywhere(tiny_evidence: Evidence) -> None:
    for key in ("S1", "O1", "I1"):
        kind = {"S1": "source", "O1": "outcome", "I1": "indication"}[key]
        tiny_evidence.labels[(kind, key)] = f"{IMG_PAYLOAD} {SCRIPT_PAYLOAD}"
    tiny_evidence.studies["a"].label = f"Study {IMG_PAYLOAD}"
    tiny_evidence.labels[("study", "a")] = tiny_evidence.studies["a"].label
    tiny_evidence.reviews.append(SCRIPT_PAYLOAD)
    page = _page(tiny_evidence)
    for payload in (IMG_PAYLOAD, SCRIPT_PAYLOAD, "<img src=x", "<script>alert"):
        assert payload not in page, f"{payload!r} reached the page unescaped"
    assert "&lt;img src=x onerror=alert(1)&gt;" in page  # filters, gap map, subtitle
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in page  # node labels and cards, as JSON


def test_script_json_cannot_close_its_script() -> None:
    text = script_json({"label": "</script><script>alert(1)</script> & <!--"})
    assert "<" not in text and ">" not in text and "&" not in text


def test_node_ids_in_the_page_are_plain(tiny_evidence: Evidence) -> None:
    tiny_evidence.mentions[0] = tiny_evidence.mentions[0].__class__(
        "source", f"S1{IMG_PAYLOAD}", "a", "text", tiny_evidence.mentions[0].provenance)
    net = network_from_evidence(tiny_evidence)
    assert all(re.fullmatch(r"[a-z_]+:[a-z0-9-]+", node) for node in net), sorted(net)


def test_demo_writes_the_pages(tmp_path: Path) -> None:
    from exograph.commands import demo, viz

    assert viz in demo._page_verbs()


def test_an_empty_graph_still_gives_a_page_and_plots(tmp_path: Path) -> None:
    from exograph.analysis.density import write_density_forest
    from exograph.analysis.gapmap import write_gap_map

    empty = Evidence({}, [], {}, [], [])
    assert "0 studies" in _page(empty)
    assert len(write_gap_map(empty, tmp_path / "g") + write_density_forest(empty, tmp_path / "d")) == 4

"""The page in a real headless Chromium, opened from file://: no request, no console error, the
network of the built graph, a settled layout, filters, search, hover cards with provenance, and HTML
in the data shown as text. Screenshots go to test-artifacts/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from exograph.analysis.evidence import load_evidence
from exograph.analysis.network import network_from_evidence

from .conftest import IMG_PAYLOAD, SCRIPT_PAYLOAD, OpenedPage, open_page

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def real_net(built_graph) -> nx.Graph:
    return network_from_evidence(load_evidence(built_graph))


@pytest.fixture
def real_page(browser: Any, viz_project: Path, opened: list[OpenedPage]) -> OpenedPage:
    page = open_page(browser, viz_project / "build" / "exograph.html")
    opened.append(page)
    return page


def _only_local(requests: list[str]) -> list[str]:
    return [url for url in requests if not url.startswith(("file:", "data:"))]


def test_page_opens_offline_without_errors_or_requests(real_page: OpenedPage) -> None:
    assert not _only_local(real_page.requests), _only_local(real_page.requests)
    assert not real_page.errors, real_page.errors
    assert not real_page.dialogs
    real_page.screenshot("exograph-page.png")
    real_page.screenshot("exograph-page-full.png", full_page=True)


def test_network_holds_the_networkx_graph(real_page: OpenedPage, real_net: nx.Graph, viz_project: Path) -> None:
    assert real_page.js("network.body.data.nodes.length") == real_net.number_of_nodes()
    assert real_page.js("network.body.data.edges.length") == real_net.number_of_edges()
    shown = set(real_page.js("nodes.getIds()"))
    assert shown == set(real_net.nodes)
    curated = {p.stem for p in (viz_project / "data" / "studies").glob("*.yaml")}
    studies = {node.split(":", 1)[1] for node in shown if node.startswith("study:")}
    assert studies == curated, "every curated study is on the page"
    for study in studies:
        linked = real_page.js(f"network.getConnectedNodes('study:{study}')")
        assert any(n.startswith("source:") for n in linked), f"{study} shows no exosome source"


def test_layout_settles_and_stays_put(real_page: OpenedPage) -> None:
    assert real_page.js("network.physics.physicsEnabled") is False
    before = real_page.js("network.getPositions()")
    real_page.page.wait_for_timeout(600)
    assert real_page.js("network.getPositions()") == before


def test_a_filter_changes_what_is_visible(real_page: OpenedPage, real_net: nx.Graph) -> None:
    everything = set(real_page.visible_nodes())
    assert everything == set(real_net.nodes)
    options = real_page.js("JSON.parse(document.getElementById('exograph-data').textContent).facets[1].options")
    index = min(range(len(options)), key=lambda i: len(options[i]["studies"]))
    real_page.page.select_option("#filter-source", str(index))
    kept = set(options[index]["studies"])
    expected = kept | {n for study in kept for n in real_net.neighbors(study)}
    assert set(real_page.visible_nodes()) == expected
    assert len(expected) < len(everything)
    status = real_page.page.text_content("#filter-status")
    assert f"Showing {len(kept)} of" in status
    real_page.page.click("#reset")
    assert set(real_page.visible_nodes()) == everything
    real_page.page.select_option("#filter-source", str(index))
    real_page.screenshot("exograph-page-filtered.png")


def test_search_selects_matching_nodes(real_page: OpenedPage) -> None:
    real_page.page.fill("#search", "park")
    assert "study:park-2022" in real_page.js("network.getSelectedNodes()")
    assert "match" in real_page.page.text_content("#search-status")
    assert "Park" in real_page.page.text_content("#details")


def _hover(page: OpenedPage, node: str) -> str:
    x, y = page.js(f"""(function () {{
        var p = network.canvasToDOM(network.getPositions(['{node}'])['{node}']);
        var box = document.getElementById('mynetwork').getBoundingClientRect();
        return [box.left + p.x, box.top + p.y]; }})()""")
    page.page.mouse.move(x - 30, y - 30)
    page.page.mouse.move(x, y, steps=4)
    tooltip = page.page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5000)
    return tooltip.text_content()


def test_hover_card_shows_facts_and_provenance(real_page: OpenedPage, real_net: nx.Graph) -> None:
    source = next(n for n in real_net.neighbors("study:park-2022") if real_net.nodes[n]["kind"] == "source")
    card = _hover(real_page, source)
    assert "exosome source" in card and "patients" in card
    assert "Adipose-derived stem cells (ASCs)" in card  # Park's quote
    assert "Table 1, Source of Exosomes" in card  # and where it is
    real_page.screenshot("exograph-page-hover.png")


def test_html_in_the_data_shows_as_text_and_never_runs(browser: Any, xss_project: Path,
                                                       opened: list[OpenedPage]) -> None:
    page = open_page(browser, xss_project / "build" / "exograph.html")
    opened.append(page)
    assert not page.dialogs, page.dialogs
    assert not page.errors, page.errors
    assert not _only_local(page.requests)
    assert page.js("document.querySelectorAll('img[src=\"x\"], img[onerror]').length") == 0
    assert page.js("document.querySelectorAll('script:not([type])').length") == 2  # vis-network + the page's own
    label = page.js("nodes.get('study:park-2022').label")
    assert label == f"Park {IMG_PAYLOAD} 2022"  # drawn on the canvas as text
    source = page.js("network.getConnectedNodes('study:park-2022').filter(function (n) { "
                     "return n.indexOf('source:') === 0; })")[0]
    assert page.js(f"nodes.get('{source}').label") == f"adipose {SCRIPT_PAYLOAD} stem cells"
    assert SCRIPT_PAYLOAD in page.page.text_content("#filter-source")  # an <option>'s text, not markup
    assert f"adipose {SCRIPT_PAYLOAD} stem cells" in page.page.text_content("#gap-maps")
    page.js("window.exograph.showDetails('study:park-2022')")
    assert f"Park {IMG_PAYLOAD} 2022" in page.page.text_content("#details")
    page.page.fill("#search", "script")
    assert source in page.js("network.getSelectedNodes()")
    card = _hover(page, source)
    assert f"adipose {SCRIPT_PAYLOAD} stem cells" in card and f"Adipose-derived {IMG_PAYLOAD} (ASCs)" in card
    indication = page.js("network.getConnectedNodes('study:park-2022').filter(function (n) { "
                         "return n.indexOf('indication:') === 0; })")[0]
    page.js(f"window.exograph.showDetails('{indication}')")
    assert f"{SCRIPT_PAYLOAD} AGA" in page.page.text_content("#details")
    page.page.wait_for_timeout(300)
    assert not page.dialogs, page.dialogs
    page.screenshot("exograph-page-xss.png")

"""The page over its node budget, in a real headless Chromium: studies folded into weighted source → X
links (analysis/fold.py), filters that show and hide links by their studies, a click that lists a
link's studies, and `exograph viz --focus` drilling down. Under the budget the page stays unfolded."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from support import run_cli
from exograph.analysis.evidence import Evidence, load_evidence
from exograph.analysis.fold import PAGE_NODE_BUDGET, drill_down, find_nodes, fold_network, linked_studies, page_network
from exograph.analysis.network import network_from_evidence
from exograph.errors import ExographError
from exograph.paths import ProjectPaths
from exograph.store.graph import built_graph
from exograph.viz.page import render_page

from .conftest import IMG_PAYLOAD, MEASURE, SCRIPT_PAYLOAD, SYNTH_STUDIES, DrawnProject, OpenedPage, open_page

CURATED_BUDGET = 10  # low enough to fold the 11 curated studies


def _network(root: Path) -> tuple[Evidence, nx.Graph]:
    evidence = load_evidence(built_graph(ProjectPaths(root)))
    return evidence, network_from_evidence(evidence)


def _studies(net: nx.Graph) -> set[str]:
    return {n for n, d in net.nodes(data=True) if d["kind"] == "study"}


def _links(page: OpenedPage) -> dict[str, dict[str, Any]]:
    """The folded links (a review's own links, which hold no studies, are not folded links)."""
    return {e["id"]: e for e in page.js(
        "edges.get({filter: function (e) { return Array.isArray(e.studies); }}).map(function (e) { "
        "return {id: e.id, from: e.from, to: e.to, studies: e.studies, hidden: e.hidden === true, value: e.value}; })")}


def _link_studies(folded: nx.Graph, link: str) -> list[str]:
    a, b = link.split("|")
    return folded.edges[a, b]["studies"]


def _listed(page: OpenedPage) -> list[str]:
    """The studies the details panel lists, in order."""
    return page.js("Array.from(document.querySelectorAll('#details li[data-study]'))"
                   ".map(function (li) { return li.getAttribute('data-study'); })")


def _link_point(page: OpenedPage, link: str) -> tuple[float, float]:
    """A point on the screen where vis-network finds `link` and nothing else: no node, and no other
    visible link within 12 canvas units (vis-network's hover test and its click test may pick different
    links where two run close)."""
    point = page.js(f"""(function () {{
        var e = edges.get('{link}'), pos = network.getPositions();
        var box = document.getElementById('mynetwork').getBoundingClientRect();
        function distance(p, a, b) {{
            var dx = b.x - a.x, dy = b.y - a.y, t = ((p.x - a.x) * dx + (p.y - a.y) * dy) / (dx * dx + dy * dy);
            t = Math.max(0, Math.min(1, t));
            return Math.hypot(p.x - a.x - t * dx, p.y - a.y - t * dy);
        }}
        var others = edges.get({{filter: function (o) {{ return o.id !== e.id && !o.hidden; }}}});
        for (var i = 1; i < 80; i++) {{
            var t = (i % 2 ? 40 - (i + 1) / 2 : 40 + i / 2) / 80;  // from the middle outwards
            var c = {{x: pos[e.from].x + t * (pos[e.to].x - pos[e.from].x), y: pos[e.from].y + t * (pos[e.to].y - pos[e.from].y)}};
            var clear = others.every(function (o) {{ return distance(c, pos[o.from], pos[o.to]) > 12; }});
            var p = network.canvasToDOM(c);
            if (clear && network.getEdgeAt(p) === e.id && network.getNodeAt(p) === undefined) {{
                return [box.left + p.x, box.top + p.y];
            }}
        }}
        return null; }})()""")
    assert point, f"no point of {link} is clear of other links"
    return tuple(point)


def _click_link(page: OpenedPage, link: str) -> None:
    """Click a link as a reader would; vis-network selects it."""
    x, y = _link_point(page, link)
    page.page.mouse.click(x, y)
    assert page.js("network.getSelectedEdges()") == [link]


def _hover_link(page: OpenedPage, link: str) -> str:
    """The hover card of `link`: the pointer comes straight to it from outside the network, so no other
    link's card is on its way."""
    x, y = _link_point(page, link)
    corner = page.js("(function () { var b = document.getElementById('mynetwork').getBoundingClientRect(); "
                     "return [b.left + 4, b.top + 4]; })()")
    assert page.js(f"network.getNodeAt({{x: 4, y: 4}}) === undefined && network.getEdgeAt({{x: 4, y: 4}}) === undefined")
    page.page.mouse.move(*corner)  # an empty spot of the network: any hover card goes away
    page.page.mouse.move(corner[0] + 2, corner[1] + 2)
    page.page.wait_for_selector("div.vis-tooltip", state="hidden", timeout=5000)
    page.page.mouse.move(x, y)
    page.page.mouse.move(x + 1, y)
    return page.page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5000).text_content()


def _select(page: OpenedPage, facet: str, index: int) -> None:
    page.page.select_option(f"#filter-{facet}", str(index))


def _facets(page: OpenedPage) -> dict[str, list[dict[str, Any]]]:
    data = page.js("JSON.parse(document.getElementById('exograph-data').textContent).facets")
    return {facet["name"]: facet["options"] for facet in data}


def _check_filtered(page: OpenedPage, folded: nx.Graph, kept: set[str]) -> dict[str, list[str]]:
    """Every link shows exactly while one of its studies is kept, as wide as the kept count; a node
    shows while one of its links does. The kept studies per link."""
    remaining = {}
    for link, edge in _links(page).items():
        left = [s for s in _link_studies(folded, link) if s in kept]
        assert edge["hidden"] is (not left), link
        if left:
            assert edge["value"] == len(left), link
            remaining[link] = left
    ends = {end for link in remaining for end in link.split("|")}
    assert set(page.visible_nodes()) == ends
    return remaining


# ---- a synthetic project far over the budget ------------------------------------------------------------


@pytest.fixture(scope="module")
def synthetic_net(synthetic_viz: DrawnProject) -> nx.Graph:
    return _network(synthetic_viz.root)[1]


@pytest.fixture(scope="module")
def synthetic_folded(synthetic_net: nx.Graph) -> nx.Graph:
    return fold_network(synthetic_net, PAGE_NODE_BUDGET)


@pytest.fixture
def synthetic_page(browser: Any, synthetic_viz: DrawnProject, opened: list[OpenedPage]) -> OpenedPage:
    page = open_page(browser, synthetic_viz.page)
    opened.append(page)
    return page


@pytest.mark.browser
def test_over_the_budget_the_page_is_folded_and_opens_fast(browser: Any, synthetic_viz: DrawnProject,
                                                           synthetic_net: nx.Graph, synthetic_folded: nx.Graph,
                                                           opened: list[OpenedPage]) -> None:
    assert synthetic_net.number_of_nodes() > PAGE_NODE_BUDGET
    assert "folded the page: 1000 studies" in synthetic_viz.stderr and "--focus" in synthetic_viz.stderr
    start = time.perf_counter()
    page = open_page(browser, synthetic_viz.page)
    settled = time.perf_counter() - start
    opened.append(page)
    print(f"folded page of {SYNTH_STUDIES} studies settled in {settled:.2f} s")
    assert settled < 15, f"the folded page took {settled:.1f} s to settle"
    assert not page.errors and not page.dialogs, page.errors
    assert page.js("window.exograph.folded") is True
    shown = set(page.js("nodes.getIds()"))
    assert shown == set(synthetic_folded.nodes) and not shown & _studies(synthetic_net)
    assert len(shown) <= PAGE_NODE_BUDGET
    assert set(_links(page)) == {"|".join(sorted((a, b), key=lambda n: not n.startswith("source:")))
                                 for a, b in synthetic_folded.edges}
    behind = {s for edge in _links(page).values() for s in edge["studies"]}
    assert behind == _studies(synthetic_net), "every study is behind some link"
    assert page.page.text_content("#filter-status").startswith(f"Showing all {SYNTH_STUDIES} studies")
    labels = page.js(MEASURE)
    assert labels["smallest"] >= 12 and not labels["overlaps"], labels
    assert "reviews (own results)" not in page.page.text_content(".subtitle")  # there are none to count
    page.screenshot("exograph-page-folded.png")


@pytest.mark.browser
def test_clicking_a_folded_link_lists_exactly_its_studies(synthetic_page: OpenedPage,
                                                          synthetic_folded: nx.Graph, synthetic_net: nx.Graph) -> None:
    links = _links(synthetic_page)
    widest = max(links, key=lambda link: len(links[link]["studies"]))
    _click_link(synthetic_page, widest)
    expected = _link_studies(synthetic_folded, widest)
    assert _listed(synthetic_page) == expected
    details = synthetic_page.page.text_content("#details")
    assert f"studies{len(expected)}" in details and "--focus" in details
    for study in expected[:3]:
        assert synthetic_net.nodes[study]["label"] in details
    assert "folded link" in _hover_link(synthetic_page, widest)
    assert not synthetic_page.errors, synthetic_page.errors
    synthetic_page.screenshot("exograph-page-folded-drill-down.png")


@pytest.mark.browser
def test_filters_hide_links_whose_studies_all_fail_them(synthetic_page: OpenedPage, synthetic_folded: nx.Graph) -> None:
    facets = _facets(synthetic_page)
    source = min(range(len(facets["source"])), key=lambda i: facets["source"][i]["count"])
    _select(synthetic_page, "source", source)
    kept = set(facets["source"][source]["studies"])
    remaining = _check_filtered(synthetic_page, synthetic_folded, kept)
    assert len(remaining) < synthetic_folded.number_of_edges(), "links of other sources are hidden"
    level = max(range(len(facets["level"])), key=lambda i: facets["level"][i]["count"])
    _select(synthetic_page, "level", level)
    kept &= set(facets["level"][level]["studies"])
    remaining = _check_filtered(synthetic_page, synthetic_folded, kept)
    partial = next(link for link, left in remaining.items() if len(left) < len(_link_studies(synthetic_folded, link)))
    synthetic_page.js(f"window.exograph.showStudies('{partial}')")
    assert _listed(synthetic_page) == remaining[partial], "the drill-down lists only the studies kept"
    assert f"Showing {len(kept)} of {SYNTH_STUDIES} studies" in synthetic_page.page.text_content("#filter-status")
    synthetic_page.page.click("#reset")
    assert set(synthetic_page.visible_nodes()) == set(synthetic_folded.nodes)
    assert not any(edge["hidden"] for edge in _links(synthetic_page).values())
    assert not synthetic_page.errors, synthetic_page.errors


# ---- the curated data: unfolded under the budget, folded under a low one ---------------------------------


def test_under_the_budget_the_curated_page_is_unchanged(built_project: Path) -> None:
    evidence, net = _network(built_project)
    assert net.number_of_nodes() <= PAGE_NODE_BUDGET
    assert page_network(net) is net
    assert render_page(evidence, net, drawn=page_network(net)) == render_page(evidence, net)


@pytest.mark.browser
def test_the_curated_page_draws_every_study(browser: Any, viz_project: Path, opened: list[OpenedPage]) -> None:
    page = open_page(browser, viz_project / "build" / "exograph.html")
    opened.append(page)
    assert page.js("window.exograph.folded") is False
    assert _studies(_network(viz_project)[1]) <= set(page.js("nodes.getIds()"))
    assert page.page.query_selector("#folded-note") is None


@pytest.fixture(scope="module")
def curated_folded(built_project: Path, tmp_path_factory: pytest.TempPathFactory) -> DrawnProject:
    """The curated page written with a node budget low enough to fold it (beside build/)."""
    out = tmp_path_factory.mktemp("curated-folded")
    result = run_cli("viz", "--node-budget", str(CURATED_BUDGET), "--out", str(out / "page.html"),
                     "--figures", str(out), cwd=built_project, check=True)
    return DrawnProject(built_project, out / "page.html", result.stderr)


@pytest.mark.browser
def test_a_low_budget_folds_the_curated_page(browser: Any, curated_folded: DrawnProject, built_graph: Any,
                                             opened: list[OpenedPage]) -> None:
    assert "folded the page: 11 studies" in curated_folded.stderr
    net = network_from_evidence(load_evidence(built_graph))
    folded = fold_network(net, CURATED_BUDGET)
    page = open_page(browser, curated_folded.page)
    opened.append(page)
    assert set(page.js("nodes.getIds()")) == set(folded.nodes)
    park = [link for link, edge in _links(page).items() if "study:park-2022" in edge["studies"]]
    _click_link(page, park[0])
    assert _listed(page) == _link_studies(folded, park[0])
    page.page.fill("#search", "park et al")
    assert sorted(page.js("network.getSelectedEdges()")) == sorted(park)
    assert "study:park-2022" in _listed(page)
    assert "1 study on" in page.page.text_content("#search-status")
    assert not page.errors and not page.dialogs, page.errors
    page.screenshot("exograph-page-curated-folded.png")


@pytest.mark.browser
def test_html_in_a_folded_page_shows_as_text(browser: Any, xss_project: Path, opened: list[OpenedPage],
                                             tmp_path_factory: pytest.TempPathFactory) -> None:
    out = tmp_path_factory.mktemp("xss-folded")
    run_cli("viz", "--node-budget", str(CURATED_BUDGET), "--out", str(out / "page.html"), "--figures", str(out),
            cwd=xss_project, check=True)
    page = open_page(browser, out / "page.html")
    opened.append(page)
    park = next(link for link, edge in _links(page).items() if "study:park-2022" in edge["studies"])
    page.js(f"window.exograph.showStudies('{park}')")
    details = page.page.text_content("#details")
    assert f"Park {IMG_PAYLOAD} 2022" in details and f"adipose {SCRIPT_PAYLOAD} stem cells" in details
    tooltip = _hover_link(page, park)
    assert f"adipose {SCRIPT_PAYLOAD} stem cells" in tooltip
    page.page.wait_for_timeout(300)
    assert page.js("document.querySelectorAll('img[src=\"x\"], img[onerror]').length") == 0
    assert page.js("document.querySelectorAll('script:not([type])').length") == 2
    assert not page.dialogs and not page.errors, (page.dialogs, page.errors)


# ---- drilling down from the command line ---------------------------------------------------------------


@pytest.mark.browser
def test_focus_draws_the_studies_behind_a_link(browser: Any, built_project: Path, built_graph: Any,
                                               opened: list[OpenedPage], tmp_path: Path) -> None:
    net = network_from_evidence(load_evidence(built_graph))
    source = next(n for n in net.neighbors("study:park-2022") if net.nodes[n]["kind"] == "source")
    result = run_cli("viz", "--focus", source, "--focus", "hair density", "--out", str(tmp_path / "page.html"),
                     "--figures", str(tmp_path), cwd=built_project, check=True)
    focus = [source, "outcome:hairdensity"]
    assert f"around {' + '.join(focus)}" in result.stderr
    page = open_page(browser, tmp_path / "page.html")
    opened.append(page)
    shown = set(page.js("nodes.getIds()"))
    assert shown == set(drill_down(net, focus).nodes)
    assert shown & _studies(net) == linked_studies(net, focus) and "study:park-2022" in shown
    assert page.js("window.exograph.folded") is False and not page.errors


def test_focus_on_an_unknown_node_is_an_error(built_project: Path, tmp_path: Path) -> None:
    result = run_cli("viz", "--focus", "no such node", "--out", str(tmp_path / "page.html"),
                     "--figures", str(tmp_path), cwd=built_project)
    assert result.returncode == 2 and "no node has this id or label" in result.stderr
    assert not (tmp_path / "page.html").exists()


def test_focus_names_resolve_by_id_label_or_unique_part(tiny_evidence: Evidence) -> None:
    net = network_from_evidence(tiny_evidence)
    assert find_nodes(net, ["source:s1", "HAIR DENSITY", "redn"]) == ["source:s1", "outcome:o1", "adverse_event:e1"]
    with pytest.raises(ExographError, match="matches 2 nodes"):
        find_nodes(net, ["source"])
    with pytest.raises(ExographError, match="no study links"):
        page_network(net, focus=["source:s2", "adverse_event:e1"])
    assert page_network(net, budget=None) is net
    assert page_network(net, budget=3).graph["folded"]

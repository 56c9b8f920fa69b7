"""The page in a real headless Chromium, opened from file:// at 1440×900 (and 1024×700): no request, no
console error, the network of the built graph, legible labels, a layout with few crossings, filters that
fit the view, the path of a node lit on hover, adverse-event and study cards, the skin review's own
results as a layer, search over every card, keyboard access, the gap map and the forest plot's
omissions, and HTML in the data shown as text. Screenshots go to test-artifacts/.

One page serves the module (each test starts from Reset), to keep the browser's share of the suite small."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterator

import networkx as nx
import pytest

from exograph.analysis.evidence import load_evidence
from exograph.analysis.network import network_from_evidence
from exograph.viz.layout import alphabetical_positions, column_positions, edge_crossings, label_lines

from .conftest import IMG_PAYLOAD, MEASURE, SCRIPT_PAYLOAD, OpenedPage, open_page

pytestmark = pytest.mark.browser

# Every label at least this many CSS pixels high at the default zoom, by viewport.
LEGIBLE_PX = {(1440, 900): 12.0, (1024, 700): 11.0}
REDNESS = "adverse_event:hp-0010783"

CROSSINGS = """(function () {
  var at = network.getPositions(), list = edges.get().filter(function (e) { return !e.hidden; });
  function side(p, q, r) { var v = (q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x); return v > 0 ? 1 : v < 0 ? -1 : 0; }
  var found = 0;
  list.forEach(function (e, i) { list.slice(i + 1).forEach(function (f) {
    if (e.from === f.from || e.from === f.to || e.to === f.from || e.to === f.to) { return; }
    var p = at[e.from], q = at[e.to], r = at[f.from], s = at[f.to];
    if (side(p, q, r) * side(p, q, s) < 0 && side(r, s, p) * side(r, s, q) < 0) { found += 1; } }); });
  return found;
})()"""


@pytest.fixture(scope="module")
def real_net(built_graph) -> nx.Graph:  # noqa: ANN001 - an rdflib Graph
    return network_from_evidence(load_evidence(built_graph))


@pytest.fixture(scope="module")
def shared_page(browser: Any, viz_project: Path) -> Iterator[OpenedPage]:
    page = open_page(browser, viz_project / "build" / "exograph.html", 1440, 900)
    yield page
    page.page.context.close()


@pytest.fixture
def real_page(shared_page: OpenedPage) -> OpenedPage:
    """The shared page, reset: no filter, no search, no lit path, the view fitted."""
    shared_page.page.mouse.move(1, 1)
    shared_page.page.click("#reset")
    shared_page.page.evaluate("window.scrollTo(0, 0)")
    return shared_page


def _only_local(requests: list[str]) -> list[str]:
    return [url for url in requests if not url.startswith(("file:", "data:"))]


def _node_point(page: OpenedPage, node: str) -> tuple[float, float]:
    """Where `node` is on the screen, with the page scrolled to its top (the network in view)."""
    return tuple(page.js(f"""(function () {{
        window.scrollTo(0, 0);
        var p = network.canvasToDOM(network.getPositions(['{node}'])['{node}']);
        var box = document.getElementById('mynetwork').getBoundingClientRect();
        return [box.left + p.x, box.top + p.y]; }})()"""))


def _hover(page: OpenedPage, node: str) -> str:
    x, y = _node_point(page, node)
    page.page.mouse.move(x - 30, y - 30)
    page.page.mouse.move(x, y, steps=4)
    tooltip = page.page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5000)
    return tooltip.text_content()


def _tooltip_shown(page: OpenedPage) -> bool:
    return page.js("(function () { var t = document.querySelector('div.vis-tooltip'); "
                   "return !!t && getComputedStyle(t).visibility !== 'hidden'; })()")


def _click(page: OpenedPage, node: str) -> str:
    x, y = _node_point(page, node)
    page.page.mouse.click(x, y)
    return page.page.text_content("#details")


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


# At scroll 0: where the controls, the legend and the network are, and which nodes' boxes leave the network.
ONE_SCREEN = """(function () {
  var box = function (selector) { var b = document.querySelector(selector).getBoundingClientRect();
    return {top: b.top, bottom: b.bottom, left: b.left, right: b.right}; };
  window.scrollTo(0, 0);
  var net = document.getElementById('mynetwork'), outside = [];
  nodes.getIds().forEach(function (i) { var b = network.getBoundingBox(i);
    var a = network.canvasToDOM({x: b.left, y: b.top}), z = network.canvasToDOM({x: b.right, y: b.bottom});
    if (a.x < 0 || a.y < 0 || z.x > net.clientWidth || z.y > net.clientHeight) { outside.push(i); } });
  var shown = {};
  ['#search', '#filter-indication', '#filter-source', '#filter-level', '#filter-outcome', '#reset', '#legend',
   '#mynetwork', '#keys'].forEach(function (s) { shown[s] = box(s); });
  return {boxes: shown, viewport: [window.innerWidth, window.innerHeight], outside: outside};
})()"""


def _one_screen(page: OpenedPage) -> dict[str, Any]:
    """The filters, the search, the legend and the whole network inside the window at scroll 0; the
    network at least 60 % of the window's height; every node (with its label) inside the network."""
    found = page.js(ONE_SCREEN)
    width, height = found["viewport"]
    for selector, box in found["boxes"].items():
        assert box["top"] >= 0 and box["bottom"] <= height and box["right"] <= width, (selector, box, width, height)
    network = found["boxes"]["#mynetwork"]
    assert network["bottom"] - network["top"] >= 0.6 * height, network
    assert network["right"] - network["left"] >= 0.7 * width, network
    assert not found["outside"], found["outside"]
    return found


def test_labels_are_legible_and_apart(real_page: OpenedPage, browser: Any, viz_project: Path) -> None:
    found = real_page.js(MEASURE)
    print(f"1440×900: labels ≥ {found['smallest']:.1f} px at scale {found['scale']:.2f}")
    drawn = real_page.js("nodes.getIds().map(function (i) { var n = nodes.get(i); "
                         "return [i, n.label, n.kind, network.body.nodes[i].labelModule.lineCount]; })")
    estimated = {node: label_lines(label, kind) for node, label, kind, _ in drawn}
    assert estimated == {node: lines for node, _, _, lines in drawn}  # the layout leaves each label its room
    assert found["smallest"] >= LEGIBLE_PX[1440, 900] and not found["overlaps"], found
    small = open_page(browser, viz_project / "build" / "exograph.html", 1024, 700)
    try:
        found = small.js(MEASURE)
        print(f"1024×700: labels ≥ {found['smallest']:.1f} px at scale {found['scale']:.2f}")
        assert found["smallest"] >= LEGIBLE_PX[1024, 700] and not found["overlaps"], found
        assert not small.errors, small.errors
        small.screenshot("exograph-page-1024.png")
    finally:
        small.page.context.close()


def test_controls_legend_and_the_whole_network_fit_one_screen(real_page: OpenedPage, browser: Any,
                                                              viz_project: Path) -> None:
    """At 1440×900 beside the sidebar, at 1024×700 under a row of filters: nothing to scroll to see the
    network with its filters and legend; resizing the window resizes the network and fits it again."""
    wide = _one_screen(real_page)
    assert wide["boxes"]["#filter-outcome"]["right"] <= wide["boxes"]["#mynetwork"]["left"]  # the sidebar
    small = open_page(browser, viz_project / "build" / "exograph.html", 1024, 700)
    try:
        narrow = _one_screen(small)
        boxes = narrow["boxes"]
        assert boxes["#filter-outcome"]["bottom"] <= boxes["#legend"]["top"] <= boxes["#mynetwork"]["top"]
        small.page.set_viewport_size({"width": 1440, "height": 900})
        small.page.wait_for_timeout(200)
        _one_screen(small)
        assert small.js(MEASURE)["smallest"] >= LEGIBLE_PX[1440, 900]
        assert not small.errors, small.errors
    finally:
        small.page.context.close()


def test_the_drawn_layout_has_few_crossings_and_stays_put(real_page: OpenedPage, real_net: nx.Graph) -> None:
    drawn = real_page.js(CROSSINGS)
    assert drawn == edge_crossings(real_net, column_positions(real_net))
    naive = edge_crossings(real_net, alphabetical_positions(real_net))
    print(f"edge crossings on the page: {drawn} of {real_net.number_of_edges()} edges (label order: {naive})")
    assert drawn <= 0.6 * naive
    assert real_page.js("network.physics.physicsEnabled") is False
    before = real_page.js("network.getPositions()")
    real_page.page.wait_for_timeout(400)
    assert real_page.js("network.getPositions()") == before


def test_a_filter_keeps_its_studies_and_fits_the_view(real_page: OpenedPage, real_net: nx.Graph) -> None:
    everything = set(real_page.visible_nodes())
    assert everything == set(real_net.nodes)
    before = real_page.js(MEASURE)
    options = real_page.js("JSON.parse(document.getElementById('exograph-data').textContent).facets[1].options")
    index = min(range(len(options)), key=lambda i: len(options[i]["studies"]))
    real_page.page.select_option("#filter-source", str(index))
    kept = set(options[index]["studies"])
    expected = kept | {n for study in kept for n in real_net.neighbors(study)}
    assert set(real_page.visible_nodes()) == expected and len(expected) < len(everything)
    assert f"Showing {len(kept)} of" in real_page.page.text_content("#filter-status")
    after = real_page.js(MEASURE)
    assert after["scale"] > before["scale"] and after["smallest"] > before["smallest"]
    spread = real_page.js("""(function () {
        var ids = nodes.getIds().filter(function (i) { return !nodes.get(i).hidden; });
        var box = document.getElementById('mynetwork'), xs = [], ys = [];
        ids.forEach(function (i) { var b = network.getBoundingBox(i);
          var a = network.canvasToDOM({x: b.left, y: b.top}), z = network.canvasToDOM({x: b.right, y: b.bottom});
          xs.push(a.x, z.x); ys.push(a.y, z.y); });
        return [(Math.max.apply(null, xs) - Math.min.apply(null, xs)) / box.clientWidth,
                (Math.max.apply(null, ys) - Math.min.apply(null, ys)) / box.clientHeight,
                Math.min.apply(null, xs), Math.min.apply(null, ys)]; })()""")
    assert max(spread[:2]) > 0.6 and min(spread[2:]) >= -1, spread  # fills the view, and all of it in view
    real_page.screenshot("exograph-page-filtered.png")
    real_page.page.click("#reset")
    assert set(real_page.visible_nodes()) == everything
    assert real_page.js("network.getScale()") == pytest.approx(before["scale"])


def test_hover_lights_the_whole_path_source_study_outcome(real_page: OpenedPage, real_net: nx.Graph) -> None:
    source = next(n for n in real_net.neighbors("study:lueangarun-2022") if real_net.nodes[n]["kind"] == "source")
    card = _hover(real_page, source)
    studies = [s for s in real_net.neighbors(source) if real_net.nodes[s]["kind"] == "study"]
    downstream = {n for s in studies for n in real_net.neighbors(s)
                  if real_net.nodes[n]["kind"] in ("outcome", "adverse_event")}
    assert set(real_page.js("window.exograph.highlighted()")) == {source, *studies, *downstream}
    assert real_page.js("nodes.get('study:nadeem-2024').opacity") < 0.5  # another source's study: dimmed
    assert "exosome source" in card and "Table 1, Source of Exosomes" in card
    real_page.screenshot("exograph-page-path.png")
    real_page.page.mouse.move(1, 1)
    assert real_page.js("window.exograph.highlighted()") == []


def test_an_adverse_event_card_counts_affected_patients_and_shows_the_conflict(real_page: OpenedPage) -> None:
    assert real_page.js(f"nodes.get('{REDNESS}').label").startswith("⚠ ")
    details = _click(real_page, REDNESS)
    assert "studies reporting it2" in details
    assert "patients affected17 patients" in details and "computed" in details
    assert "145" not in details  # the two studies' sample sizes are not patients affected
    assert "zero side effects" in details and "20% of 85 patients = 17" in details
    real_page.screenshot_of("#details", "exograph-card-adverse-event.png")


def test_a_study_card_shows_results_sources_events_and_notes(real_page: OpenedPage) -> None:
    details = _click(real_page, "study:nadeem-2024")
    for text in ("Exosome source", "Human adipose-derived MSCs", "Results", "hair density · Treatment group",
                 "+35 hairs/cm² at 12 weeks, p = 0.001", "35 hairs/cm² increase in density (p=0.001)",
                 "Table 1, Key Results", "patient satisfaction · Treatment group8.5/10", "Adverse events",
                 "20% of 85 patients = 17", "Curators' notes", "countryPakistan", "evidence levelLevel I",
                 "risk of biaslow (risk-of-bias tool not named)", "risk of bias (risk-of-bias tool not named)overall: low"):
        assert text in details, text
    assert "<sup>" not in details and "$p" not in details and "not-named" not in details  # labels, not keys
    every_card = real_page.js("JSON.stringify(JSON.parse(document.getElementById('exograph-data').textContent).cards)")
    assert not re.search(r"</?su[pb]>|\$[^$]*\$", every_card)  # no quote keeps its markup
    real_page.screenshot_of("#details", "exograph-card-study.png")
    _one_screen(real_page)  # a card taller than the window (shot whole) leaves the network its height
    dehghani = _click(real_page, "study:dehghani-2024")
    assert "from 96.5 to 163.5 hairs/cm² ( p < 0.0001 )" in dehghani  # the quote, as a person reads it
    _click(real_page, "study:amini-2025")
    link = real_page.page.locator("#details a")
    assert link.get_attribute("href") == "https://doi.org/10.3390/life15030500"
    assert link.get_attribute("rel") == "noopener noreferrer" and link.text_content() == "10.3390/life15030500"


def test_the_skin_review_is_drawn_as_a_review_level_layer(real_page: OpenedPage, real_net: nx.Graph) -> None:
    review = "review:skin-review-2025"
    linked = set(real_page.js(f"network.getConnectedNodes('{review}')"))
    labels = {real_net.nodes[n]["label"] for n in linked}
    assert {"scar thickness", "wrinkle parameters", "Scarring", "keloid"} <= labels
    assert all(real_page.js(f"edges.get(network.getConnectedEdges('{review}')).map(function (e) {{ return e.dashes; }})"))
    details = _click(real_page, review)
    real_page.page.wait_for_timeout(400)
    assert not _tooltip_shown(real_page)  # the card is in the panel: no second copy over the network
    assert "Nadeem et al. 2024" in _hover(real_page, "study:nadeem-2024")  # another node's hover card shows
    details = _click(real_page, review)
    assert "exosome 32.5% vs control 19.9%" in details and "p < 0.01" in details and "no per-study data" in details
    assert "participants99 participants" in details
    options = real_page.js("JSON.parse(document.getElementById('exograph-data').textContent).facets[0].options")
    scarring = next(i for i, o in enumerate(options) if o["label"] == "Scarring")
    real_page.page.select_option("#filter-indication", str(scarring))
    assert review in real_page.visible_nodes()
    assert real_page.page.text_content("#filter-status") == "Showing 0 of 11 studies and 1 review-level layer"
    real_page.screenshot("exograph-page-skin-layer.png")


def test_search_reads_every_card(real_page: OpenedPage) -> None:
    real_page.page.fill("#search", "zero side effects")  # words only in the cards, in no label
    selected = set(real_page.js("network.getSelectedNodes()"))
    assert "study:nadeem-2024" in selected and REDNESS in selected
    assert "match" in real_page.page.text_content("#search-status")
    real_page.page.fill("#search", "nappage")  # a technique named in a quote
    assert real_page.js("network.getSelectedNodes()")


def test_keyboard_reaches_the_network_and_the_filters(real_page: OpenedPage) -> None:
    page = real_page.page
    page.focus("#search")
    for _ in range(20):  # search, four filters, Reset, any link in the details panel, then the network
        if page.evaluate("document.getElementById('mynetwork').contains(document.activeElement)"):
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.getElementById('mynetwork').contains(document.activeElement)")
    assert page.evaluate("document.activeElement.getAttribute('aria-describedby')") == "keys"
    page.keyboard.press("ArrowDown")
    first = real_page.js("network.getSelectedNodes()")
    assert len(first) == 1 and first[0].startswith(("study:", "review:"))
    announced = page.text_content("#keyboard-status")
    assert announced and page.text_content("#details")
    page.keyboard.press("ArrowRight")
    (right,) = real_page.js("network.getSelectedNodes()")
    assert right in real_page.js(f"network.getConnectedNodes('{first[0]}')") and real_page.js(f"nodes.get('{right}').column") == 2
    page.keyboard.press("Escape")
    assert real_page.js("network.getSelectedNodes()") == []
    page.focus("#filter-source")
    page.keyboard.press("ArrowDown")
    assert page.input_value("#filter-source") == "0"
    assert "Showing" in page.text_content("#filter-status") and "of 11 studies" in page.text_content("#filter-status")


def test_gap_map_shows_conflicting_levels_and_fits_the_page(real_page: OpenedPage) -> None:
    conflict = real_page.page.locator("#gap-indication td.conflict")
    assert conflict.count() == 1 and "II≠IV" in conflict.text_content()
    assert "Norooznejhad et al. 2023" in conflict.get_attribute("title")
    badges = real_page.js("Array.from(document.querySelectorAll('#gap-maps td .rob')).map(function (b) { return b.textContent; })")
    assert badges and all(badges)  # every risk-of-bias badge carries its letter
    overflow = real_page.js("Array.from(document.querySelectorAll('.gap-table')).map(function (d) { "
                            "return d.scrollWidth - d.clientWidth; })")
    assert max(overflow) <= 0, overflow  # no column hidden behind a scroll bar at 1440 px
    findings = real_page.page.text_content("#sof")
    assert "Nadeem et al. 2024: +35 hairs/cm² (p = 0.001) at 12 weeks" in findings
    assert not re.search(r"hairs/cm2|\d um\b|\d (week|month)\b", findings)  # units and durations as read
    real_page.screenshot_of("#gap-maps", "exograph-gap-map.png")


RAMP = ("low", "moderate", "serious", "serious-to-critical", "critical")  # risk of bias, least to most concern
CVD = ("protanomaly", "deuteranomaly", "tritanomaly")
BADGES = """Array.from(document.querySelectorAll('#gap-maps .rob, #gap-maps td')).filter(function (e) {
    return e.classList.contains('rob') || /level-/.test(e.className); }).map(function (e) {
    var style = getComputedStyle(e);
    return {kind: e.className, text: e.firstChild ? e.firstChild.textContent : '',
            background: style.backgroundColor, colour: style.color}; })"""


def _hex(css: str) -> str:
    red, green, blue = (int(part) for part in css[css.index("(") + 1:css.index(")")].split(",")[:3])
    return f"#{red:02x}{green:02x}{blue:02x}"


def test_risk_of_bias_reads_by_letter_and_lightness_with_any_colour_vision(real_page: OpenedPage) -> None:
    """Every badge carries its letter in text that contrasts (WCAG AA, 4.5:1) with its colour, and the
    ramp from low to critical concern steps down in lightness, with neighbours apart, in simulations of
    protan, deutan and tritan colour vision (Machado et al. 2009, full severity; CAM02-UCS distances)."""
    import colorspacious

    from exograph.analysis.figures import contrast_ratio

    shown = real_page.js(BADGES)
    key = {item["kind"].split("rob-", 1)[1]: item for item in shown if item["kind"].startswith("rob rob-")}
    assert set(RAMP) <= set(key) and all(key[j]["text"].strip() for j in key), key
    weakest = min(contrast_ratio(_hex(i["background"]), _hex(i["colour"])) for i in shown)
    assert weakest >= 4.5, [i for i in shown if contrast_ratio(_hex(i["background"]), _hex(i["colour"])) < 4.5]
    ramp = [[int(_hex(key[j]["background"])[k:k + 2], 16) / 255 for k in (1, 3, 5)] for j in RAMP]
    for deficiency in CVD:
        seen = colorspacious.cspace_convert(ramp, {"name": "sRGB1+CVD", "cvd_type": deficiency, "severity": 100},
                                            "sRGB1")
        ucs = colorspacious.cspace_convert(seen.clip(0, 1), "sRGB1", "CAM02-UCS")
        lightness = [round(float(j), 1) for j in ucs[:, 0]]
        steps = [round(float(((a - b) ** 2).sum() ** 0.5), 1) for a, b in zip(ucs, ucs[1:])]
        print(f"{deficiency}: lightness {lightness}, neighbours apart by {steps} (CAM02-UCS)")
        assert lightness == sorted(lightness, reverse=True) and len(set(lightness)) == len(RAMP), deficiency
        assert min(steps) >= 10, (deficiency, steps)
    real_page.screenshot_of("#gap-maps .key", "exograph-gap-map-key.png")


def test_the_forest_plot_lists_what_it_leaves_out(real_page: OpenedPage) -> None:
    omitted = real_page.js("Array.from(document.querySelectorAll('#not-plotted li')).map(function (li) { return li.textContent; })")
    assert len(omitted) == 4 and omitted[0].startswith("Amini et al. 2025 (Level I)")
    assert "treated patients" in real_page.page.text_content("#density")
    real_page.screenshot_of("#density", "exograph-forest-plot.png")


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

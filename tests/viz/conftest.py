"""Fixtures for the page, plots and notebooks: a real headless Chromium, built projects with the page
written by the real command line, a project whose records carry an XSS payload, a synthetic project
far over the page's node budget, and a tiny evidence set made by hand for fast unit tests."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import pytest

from support import ROOT, copy_project, run_cli
from exograph.analysis.evidence import Evidence, Measurement, Mention, Provenance, Study

ARTIFACTS = ROOT / "test-artifacts"
SYNTH_STUDIES = 1000  # far over the page's node budget: the page folds
CHROMIUM = Path(os.environ.get("EXOGRAPH_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
IMG_PAYLOAD = "<img src=x onerror=alert(1)>"
SCRIPT_PAYLOAD = "<script>alert(1)</script>"
# In a page: the zoom, the smallest label in CSS pixels and the pairs of visible labels that overlap.
MEASURE = """(function () {
  var ids = nodes.getIds().filter(function (i) { return !nodes.get(i).hidden; }), scale = network.getScale();
  var boxes = ids.map(function (i) { var l = network.body.nodes[i].labelModule.size;
    return {id: i, l: l.left, t: l.top, r: l.left + l.width, b: l.top + l.height}; });
  var overlaps = [];
  boxes.forEach(function (a, i) { boxes.slice(i + 1).forEach(function (b) {
    if (Math.min(a.r, b.r) - Math.max(a.l, b.l) > 1 && Math.min(a.b, b.b) - Math.max(a.t, b.t) > 1) {
      overlaps.push([a.id, b.id]); } }); });
  var px = ids.map(function (i) { return network.body.nodes[i].options.font.size * scale; });
  return {scale: scale, smallest: Math.min.apply(null, px), overlaps: overlaps};
})()"""


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def need_chromium() -> Path:
    """Debian's Chromium; skipped with a reason when absent, a failure when CI=true."""
    if CHROMIUM.exists():
        return CHROMIUM
    message = f"{CHROMIUM} is absent: the page tests need Debian's chromium (apt-get install -y chromium)"
    if in_ci():
        pytest.fail(message + " (CI=true requires it)")
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    path = need_chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if in_ci():
            pytest.fail("the playwright package is missing (pip install -e '.[test]')")
        pytest.skip("the playwright package is missing (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(path), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@dataclass
class OpenedPage:
    """A page opened from file://, with every request, console error, page error and dialog it caused."""

    page: Any
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def js(self, expression: str) -> Any:
        return self.page.evaluate(expression)

    def visible_nodes(self) -> list[str]:
        return self.js("nodes.get({filter: function (n) { return !n.hidden; }}).map(function (n) { return n.id; })")

    def screenshot(self, name: str, full_page: bool = False) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / name
        self.page.screenshot(path=str(path), full_page=full_page)
        return path

    def screenshot_of(self, selector: str, name: str) -> Path:
        """A screenshot of one element (a card, a table, a plot), whole: the scrolling sidebar is let out
        to its full height for the shot."""
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / name
        self.page.evaluate("document.getElementById('sidebar').style.maxHeight = 'none'")
        try:
            self.page.locator(selector).screenshot(path=str(path))
        finally:
            self.page.evaluate("document.getElementById('sidebar').style.maxHeight = ''")
        return path


def _on_dialog(opened: OpenedPage, dialog: Any) -> None:
    opened.dialogs.append(f"{dialog.type}: {dialog.message}")
    dialog.dismiss()


def open_page(browser: Any, html: Path, width: int = 1600, height: int = 1000) -> OpenedPage:
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    opened = OpenedPage(page)
    page.on("request", lambda request: opened.requests.append(request.url))
    page.on("console", lambda msg: opened.errors.append(msg.text) if msg.type in ("error", "warning") else None)
    page.on("pageerror", lambda error: opened.errors.append(str(error)))
    page.on("dialog", lambda dialog: _on_dialog(opened, dialog))
    page.goto(html.resolve().as_uri())
    page.wait_for_selector("body[data-settled=true]", timeout=60_000)
    return opened


@pytest.fixture
def opened(browser: Any) -> Iterator[list[OpenedPage]]:
    """Pages opened in a test, closed afterwards."""
    pages: list[OpenedPage] = []
    yield pages
    for item in pages:
        item.page.context.close()


@pytest.fixture(scope="session")
def viz_project(built_project: Path) -> Path:
    """The built project with the page and figures written by `exograph viz`."""
    run_cli("viz", cwd=built_project, check=True)
    return built_project


def _inject(text: str, old: str, new: str) -> str:
    assert old in text, f"{old!r} is no longer in park-2022.yaml: update the XSS fixture"
    return text.replace(old, new, 1)


@pytest.fixture(scope="session")
def xss_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scratch project whose park-2022 record carries HTML in its label, its source's label and
    as_reported and its condition, built and drawn by the real command line."""
    target = tmp_path_factory.mktemp("xss")
    copy_project(target)
    record = target / "data" / "studies" / "park-2022.yaml"
    text = record.read_text(encoding="utf-8")
    text = _inject(text, "label: Park et al. 2022", f"label: \"Park {IMG_PAYLOAD} 2022\"")
    text = _inject(text, "      label: adipose-derived stem cells",
                   f"      label: \"adipose {SCRIPT_PAYLOAD} stem cells\"")
    text = _inject(text, "      as_reported: Adipose-derived stem cells (ASCs)",
                   f"      as_reported: \"Adipose-derived {IMG_PAYLOAD} (ASCs)\"")
    # without tissue and cell type the source is grouped by its label alone, so the label is shown
    text = _inject(text, "      tissue: UBERON:0001013\n", "")
    text = _inject(text, "      cell_type: CL:0002570\n", "")
    text = _inject(text, "    as_reported: AGA (Hamilton-Norwood", f"    as_reported: {SCRIPT_PAYLOAD} AGA (Hamilton-Norwood")
    record.write_text(text, encoding="utf-8")
    run_cli("build", "--no-reason", cwd=target, check=True)
    run_cli("viz", cwd=target, check=True)
    return target


@dataclass
class DrawnProject:
    """A project, the page `exograph viz` wrote for it and what it said on stderr."""

    root: Path
    page: Path
    stderr: str


@pytest.fixture(scope="session")
def synthetic_viz(tmp_path_factory: pytest.TempPathFactory) -> DrawnProject:
    """SYNTH_STUDIES synthetic studies written by `exograph synth`, built by the build (without
    validation or reasoning: the records are generated valid, and validating a thousand takes minutes)
    and drawn by `exograph viz`."""
    from exograph.build import build
    from exograph.paths import ProjectPaths

    target = tmp_path_factory.mktemp("synth-viz") / "project"
    run_cli("synth", "--studies", str(SYNTH_STUDIES), "--out", str(target), cwd=ROOT, check=True)
    build(ProjectPaths(target), reason=False, validate=False)
    return DrawnProject(target, target / "build" / "exograph.html", run_cli("viz", cwd=target, check=True).stderr)


# ---- a tiny evidence set, made by hand -------------------------------------------------------------


def _study(sid: str, patients: int, level: str, rob: str) -> Study:
    here = Provenance("a quote", "Table 1", "review")
    return Study(sid, f"https://example.org/{sid}", f"Study {sid.upper()}", patients, levels=[(level, here)],
                 risk_of_bias=[("robins-i", rob, here)])


def _density(study: str, change: float | None, unit: str = "hairs/cm2", measure: str = "hair-density",
             **extra: Any) -> Measurement:
    return Measurement(study, measure, unit, f"{measure} {change}", Provenance("q", "Results", "review"),
                       change=change, **extra)


@pytest.fixture
def tiny_evidence() -> Evidence:
    """Three studies: a and b use source S1, c uses S2; outcomes O1 (a, b, c) and O2 (c)."""
    here = Provenance("quoted", "Table 1", "review")
    studies = {"a": _study("a", 10, "I", "low"), "b": _study("b", 20, "III", "serious"),
               "c": _study("c", 5, "II", "moderate")}
    links = [("source", "S1", "a"), ("source", "S1", "b"), ("source", "S2", "c"),
             ("indication", "I1", "a"), ("indication", "I1", "b"), ("indication", "I1", "c"),
             ("outcome", "O1", "a"), ("outcome", "O1", "b"), ("outcome", "O1", "c"), ("outcome", "O2", "c"),
             ("adverse_event", "E1", "b")]
    mentions = [Mention(kind, key, study, f"{key} as reported", here) for kind, key, study in links]
    labels = {("source", "S1"): "source one", ("source", "S2"): "source two", ("indication", "I1"): "alopecia",
              ("outcome", "O1"): "hair density", ("outcome", "O2"): "hair count", ("adverse_event", "E1"): "redness"}
    labels |= {("study", s.id): s.label for s in studies.values()}
    measurements = [_density("a", 10.0, timepoint="12 week"), _density("a", 10.0),
                    _density("b", 30.0, sd=5.0), _density("c", 4.0, measure="hair-count", unit="hairs"),
                    _density("c", 12.0, measure="hair-density-percent-change", unit="percent"),
                    Measurement("c", "hair-density", "hairs/cm2", "", here, baseline=100.0, followup=112.5)]
    return Evidence(studies, mentions, labels, measurements, ["Review 2025"])

"""Identifiers on the page as links, in a real headless Chromium: the DOI, PubMed, ClinicalTrials.gov and
PROSPERO IDs of reviews, studies, source documents and trial registry records link to their resolvers;
an identifier inside a quote or a curators' note is linked where it is written as its registry writes it,
and nothing else (a malformed ID, markup next to an ID) becomes a link or markup.

The project is the curated one plus the fictional standalone study, its preprint and the registry
record of its trial (tests/resources/), built and drawn by the real command line."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any, Iterator

import pytest

from support import ROOT, copy_project, run_cli

from .conftest import OpenedPage, open_page

pytestmark = pytest.mark.browser

RESOURCES = ROOT / "tests" / "resources"
RESOLVERS = ("https://doi.org/", "https://pubmed.ncbi.nlm.nih.gov/", "https://pmc.ncbi.nlm.nih.gov/articles/",
             "https://clinicaltrials.gov/study/", "https://www.crd.york.ac.uk/prospero/display_record.php?ID=")
# a curators' note with identifiers: well-formed ones, a malformed one, and markup right after a DOI
NOTE = ('Also indexed as PMID: 35143117 (doi:10.1101/2026.01.15.26300001). Not NCT1234 nor PMC; '
        'see 10.1000/x"><img src=x onerror=alert(1)> for nothing.')
ALL_LINKS = "Array.from(document.querySelectorAll('a')).map(function (a) { return [a.textContent, a.href]; })"


@pytest.fixture(scope="module")
def page(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[OpenedPage]:
    root = copy_project(tmp_path_factory.mktemp("identifiers"))
    shutil.copytree(RESOURCES / "standalone-study" / "data", root / "data", dirs_exist_ok=True)
    study = root / "data" / "studies" / "doe-2026.yaml"
    study.write_text(study.read_text(encoding="utf-8") + f"\nnotes: '{NOTE}'\n", encoding="utf-8")
    run_cli("import-registry", str(RESOURCES / "registry" / "nct09999901.json"), cwd=root, check=True)
    run_cli("build", "--no-reason", cwd=root, check=True)
    run_cli("viz", cwd=root, check=True)
    opened = open_page(browser, root / "build" / "exograph.html", 1440, 900)
    yield opened
    opened.page.context.close()


def _links(page: OpenedPage, selector: str) -> list[list[str]]:
    return page.js(f"Array.from(document.querySelectorAll('{selector} a'))"
                   ".map(function (a) { return [a.textContent, a.href]; })")


def test_source_documents_list_their_identifiers_as_links(page: OpenedPage) -> None:
    links = _links(page, "#document-list")
    assert ["10.2147/CCID.S543451", "https://doi.org/10.2147/CCID.S543451"] in links  # the hair review
    assert ["CRD420251058477", "https://www.crd.york.ac.uk/prospero/display_record.php?ID=CRD420251058477"] in links
    assert ["10.1101/2026.01.15.26300001", "https://doi.org/10.1101/2026.01.15.26300001"] in links  # a preprint
    assert ["NCT09999901", "https://clinicaltrials.gov/study/NCT09999901"] in links  # a registry record
    rows = page.js("Array.from(document.querySelectorAll('#document-list tbody tr')).map(function (r) { "
                   "return r.textContent; })")
    registry = next(row for row in rows if "NCT09999901" in row)
    assert "trial registry record" in registry and "Doe et al. 2026" in registry  # the study that reports it
    page.screenshot_of("#documents", "exograph-documents.png")


def test_a_study_card_links_its_doi_and_its_trial_registration(page: OpenedPage) -> None:
    page.js("exograph.showDetails('study:doe-2026')")
    links = _links(page, "#details")
    assert ["10.1101/2026.01.15.26300001", "https://doi.org/10.1101/2026.01.15.26300001"] in links
    assert ["ClinicalTrials.gov NCT09999901", "https://clinicaltrials.gov/study/NCT09999901"] in links
    page.js("exograph.showDetails('study:park-2022')")
    assert ["10.1111/jocd.14846", "https://doi.org/10.1111/jocd.14846"] in _links(page, "#details")


def test_identifiers_in_notes_are_linked_only_when_well_formed(page: OpenedPage) -> None:
    page.js("exograph.showDetails('study:doe-2026')")
    notes = page.page.locator("#details .card-notes")
    assert NOTE in notes.text_content()  # shown whole, as text
    links = _links(page, "#details .card-notes")
    assert links == [["PMID: 35143117", "https://pubmed.ncbi.nlm.nih.gov/35143117"],
                     ["10.1101/2026.01.15.26300001", "https://doi.org/10.1101/2026.01.15.26300001"],
                     ["10.1000/x", "https://doi.org/10.1000/x"]]
    assert page.js("document.querySelectorAll('#details img').length") == 0
    assert not page.dialogs and not page.errors, (page.dialogs, page.errors)
    page.screenshot_of("#details", "exograph-card-identifiers.png")


def test_every_link_on_the_page_goes_to_an_identifier_resolver(page: OpenedPage) -> None:
    links = page.js(ALL_LINKS) + page.js(
        "[].concat.apply([], Object.keys(JSON.parse(document.getElementById('exograph-data').textContent).cards)"
        ".map(function (id) { exograph.showDetails(id); return " + ALL_LINKS.replace("document.", "document.getElementById('details').") + "; }))")
    assert len(links) > 20
    assert all(href.startswith(RESOLVERS) for _, href in links), [h for _, h in links if not h.startswith(RESOLVERS)]

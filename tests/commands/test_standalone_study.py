"""A study that no review includes, quoted from a preprint whose text sits in data/sources/, in a copy of
the project without ../shared (as a user's clone): it validates with its quotes checked, builds, and
appears in the queries, the page and the gap map, and no review's claims change. Its trial registration
links it to a registry record imported from ClinicalTrials.gov JSON. A second review that includes two of
the hair review's studies makes each of them one study node with both reviews' statements. All through
the real command line.

The study, the preprint, the second review and the registry files are fictional fixtures
(tests/resources/), not evidence."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Iterator

import pytest

from support import ROOT, copy_project, run_cli

FIXTURE = ROOT / "tests" / "resources" / "standalone-study"
SECOND_REVIEW = ROOT / "tests" / "resources" / "second-review"
HAIR, ROE = "Al Ameer et al. 2025 (hair review)", "Roe et al. 2026 (rapid review; fictional test fixture)"
REGISTRY = ROOT / "tests" / "resources" / "registry"
TEXT_ENV = ("EXOGRAPH_TEXTS", "EXOGRAPH_SEEDS", "EXOGRAPH_STRICT_QUOTES")


@pytest.fixture(scope="module", autouse=True)
def without_shared() -> Iterator[None]:
    """No text folder but the project's own: as in a clone without ../shared."""
    with pytest.MonkeyPatch.context() as patch:
        for name in TEXT_ENV:
            patch.delenv(name, raising=False)
        yield


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("standalone"))
    shutil.copytree(FIXTURE / "data", root / "data", dirs_exist_ok=True)
    shutil.copytree(SECOND_REVIEW / "data", root / "data", dirs_exist_ok=True)
    return root


@pytest.fixture(scope="module")
def built(project: Path) -> Path:
    result = run_cli("import-registry", str(REGISTRY / "nct09999901.json"), str(REGISTRY / "nct09999902.json"),
                     cwd=project)
    assert result.returncode == 0, result.stderr
    run_cli("build", cwd=project, check=True)
    return project


def _json(project: Path, *args: str) -> list[dict]:
    result = run_cli(*args, "--format", "json", cwd=project)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


def test_it_validates_with_its_quotes_checked_without_shared(project: Path) -> None:
    result = run_cli("validate", "--format", "json", cwd=project)
    assert result.returncode == 0, result.stdout[-3000:]
    problems = json.loads(result.stdout)
    unchecked = {p["record"] for p in problems if p["message"].startswith("quotes not checked")}
    assert "park-2022" in unchecked and "hair-review-2025" in unchecked  # the seeds are not here
    assert not unchecked & {"doe-2026", "doe-2026-preprint"}  # the preprint's text is in data/sources/
    assert any(p["record"] == "doe-2026" and p["severity"] == "Info" and p["field"] == "countries"
               and "reporting gap: the source does not state countries" in p["message"] for p in problems)
    assert "QUOTES NOT CHECKED" in result.stderr and "doe-2026" not in result.stderr
    strict = run_cli("validate", "--strict-quotes", "data/studies/doe-2026.yaml", "data/sources/doe-2026-preprint.yaml",
                     cwd=project)
    assert strict.returncode == 0, strict.stdout  # every one of its quotes was checked


def test_a_quote_the_preprint_does_not_contain_is_a_violation(project: Path, tmp_path: Path) -> None:
    copy = tmp_path / "p"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns("build"))
    study = copy / "data" / "studies" / "doe-2026.yaml"
    study.write_text(study.read_text(encoding="utf-8").replace("(change 18.2 hairs/cm2, p<0.01)",
                                                               "(change 18.2 hairs/cm2, p<0.001)"), encoding="utf-8")
    problems = json.loads(run_cli("validate", "data/studies/doe-2026.yaml", "--format", "json", cwd=copy).stdout)
    assert [p["field"] for p in problems if p["severity"] == "Violation"] == ["measurements[density-change].quote"]


def test_a_source_record_whose_text_file_is_missing_is_a_violation(project: Path, tmp_path: Path) -> None:
    """With every configured text folder present (here: only data/sources/), a text named by a source
    record that is in none of them is a violation of that record's `text`; its quotes go unchecked."""
    copy = tmp_path / "p"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns("build"))
    (copy / "exograph.toml").write_text("[texts]\nfolders = []\n", encoding="utf-8")
    (copy / "data" / "sources" / "doe-2026-preprint.md").unlink()
    result = run_cli("validate", "data/sources/doe-2026-preprint.yaml", "data/studies/doe-2026.yaml",
                     "--format", "json", cwd=copy)
    assert result.returncode == 1, result.stdout[-3000:]
    problems = json.loads(result.stdout)
    [violation] = [p for p in problems if p["severity"] == "Violation"]
    assert (violation["file"], violation["record"], violation["field"]) == \
        ("data/sources/doe-2026-preprint.yaml", "doe-2026-preprint", "text")
    assert "'doe-2026-preprint.md' is in none of the text folders (data/sources/)" in violation["message"]
    assert any(p["record"] == "doe-2026" and p["message"].startswith("quotes not checked") for p in problems)
    build = run_cli("build", cwd=copy)
    assert build.returncode == 1 and "doe-2026-preprint.md" in build.stderr
    assert not (copy / "build" / "store").exists()  # nothing published


def test_it_appears_in_the_studies_documents_and_reporting_gaps(built: Path) -> None:
    studies = {row["study"]: row for row in _json(built, "query", "studies")}
    doe = studies["Doe et al. 2026"]
    assert doe["review"] in ("", None) and doe["country"] == "not reported" and doe["sample_size"] == 24
    assert studies["Park et al. 2022"]["review"] == f"{HAIR} | {ROE}"
    documents = {row["document"]: row for row in _json(built, "query", "documents")}
    preprint = documents["Doe et al. 2026 (preprint; fictional test fixture)"]
    assert preprint["kind"] == "preprint" and preprint["cited_by"] == "Doe et al. 2026"
    assert preprint["doi"] == "10.1101/2026.01.15.26300001" and preprint["quoted_facts"] > 10
    gaps = _json(built, "query", "reporting-gaps")
    assert [(g["field"], g["looked_in"]) for g in gaps if g["record"] == "Doe et al. 2026"] == \
        [("countries", "Title page; Methods (the study sites are not described)")]


def test_no_review_claim_changes(built: Path, built_project: Path) -> None:
    """The hair review's claims are computed over the studies it includes: neither the study no review
    includes nor the second review changes them."""
    assert _json(built, "query", "review-claims") == _json(built_project, "query", "review-claims")
    totals = {row["review"]: row for row in _json(built, "query", "patients-total")}
    assert totals[HAIR] == {row["review"]: row for row in _json(built_project, "query", "patients-total")}[HAIR]
    assert (totals[ROE]["studies"], totals[ROE]["sum_of_sample_sizes"]) == (2, 39 + 31)  # Park and Sasaki only


def test_a_study_in_two_reviews_is_one_node_with_both_reviews_statements(built: Path) -> None:
    park = [row for row in _json(built, "query", "studies") if row["study"] == "Park et al. 2022"]
    assert len(park) == 1 and park[0]["review"] == f"{HAIR} | {ROE}"
    overlap = {row["review"]: row for row in _json(built, "query", "review-overlap")}
    assert (overlap[HAIR]["included"], overlap[HAIR]["shared"], overlap[HAIR]["shared_with"]) == (11, 2, ROE)
    assert (overlap[ROE]["included"], overlap[ROE]["shared"], overlap[ROE]["shared_with"]) == (2, 2, HAIR)
    total = overlap["all reviews"]
    assert (total["reviews"], total["distinct_studies"], total["inclusions"]) == (2, 11, 13)
    assert abs(float(total["cca_percent"]) - 100 * 2 / 11) < 1e-6  # (N − r) / (r·c − r) = (13 − 11) / (22 − 11)
    documents = {row["document"]: row for row in _json(built, "query", "documents")}
    assert documents[ROE]["kind"] == "systematic review" and documents[ROE]["cited_by"] == ROE
    assert _claims_about(built, "park-2022", "evidence-level") == [
        ("hair-review-2025", "III", "hair-review-2025"), ("hair-review-2025", "III", "hair-review-2025"),
        ("roe-review-2026", "III", "roe-review-2026")]  # each review's claim, quoted from its own text


def _claims_about(project: Path, study: str, topic: str) -> list[tuple[str, str, str]]:
    """(review, value, document quoted) of every stated claim of `topic` about the study node, read from
    the published store."""
    from exograph.paths import ProjectPaths
    from exograph.records.iri import document_id, record_ref
    from exograph.store.published import open_store

    store = open_store(ProjectPaths(project))
    query = f"""PREFIX exo: <https://w3id.org/exograph/ontology#> PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?review ?value ?document WHERE {{
          ?r exo:hasClaim ?c ; exo:recordId ?review .
          ?c a exo:StatedClaim ; exo:topic "{topic}" ; exo:about <{record_ref("study", study).iri}> ;
             exo:claimedValue ?value ; prov:wasDerivedFrom ?document }}"""
    found = [(row["review"].value, row["value"].value, document_id(row["document"].value)) for row in store.query(query)]
    del store
    return sorted(found)


def test_registered_trials_with_and_without_published_results(built: Path) -> None:
    rows = _json(built, "query", "registered-trials")
    by_trial = {row["nct_id"]: row for row in rows}
    assert by_trial["NCT09999901"]["published"] == "yes" and by_trial["NCT09999901"]["study"] == "Doe et al. 2026"
    assert by_trial["NCT09999901"]["phases"] == "PHASE1 | PHASE2" and by_trial["NCT09999901"]["enrollment"] == 24
    assert by_trial["NCT09999902"]["published"] == "no" and by_trial["NCT09999902"]["study"] in ("", None)
    assert by_trial["NCT09999902"]["status"] == "RECRUITING"
    documents = {row["nct_id"]: row for row in _json(built, "query", "documents") if row.get("nct_id")}
    assert documents["NCT09999901"]["cited_by"] == "Doe et al. 2026" and documents["NCT09999901"]["kind"] == "trial registry record"


def _gap_map_cells(project: Path) -> dict[str, tuple[int, int]]:
    """Each source row of the page's sources × indications gap map: (studies, patients) over its cells."""
    run_cli("viz", cwd=project, check=True)
    page = (project / "build" / "exograph.html").read_text(encoding="utf-8")
    table = page[page.index('<table id="gap-indication">'):]
    table = table[:table.index("</table>")]
    found = {}
    for label, cells in re.findall(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', table):
        # a cell's title: "<row> × <column>: N studies, M patients; best evidence ..."
        titles = re.findall(r'title="[^"]*?: (\d+) stud(?:y|ies), (\d+) patients?[;"]', cells)
        counts = [tuple(map(int, m)) for m in titles]
        found[label] = (sum(c[0] for c in counts), sum(c[1] for c in counts))
    return found


def test_it_appears_on_the_page_and_in_the_gap_map(built: Path, built_project: Path) -> None:
    with_study, curated = _gap_map_cells(built), _gap_map_cells(built_project)
    assert "Doe et al. 2026" in (built / "build" / "exograph.html").read_text(encoding="utf-8")

    def adipose(cells: dict[str, tuple[int, int]]) -> tuple[str, tuple[int, int]]:
        [found] = [(label, counts) for label, counts in cells.items() if "adipose" in label]
        return found

    (_, before), (_, after) = adipose(curated), adipose(with_study)
    assert after == (before[0] + 1, before[1] + 24)  # the preprint's study: adipose tissue, 24 patients
    others = sorted(counts for label, counts in with_study.items() if "adipose" not in label)
    assert others == sorted(counts for label, counts in curated.items() if "adipose" not in label)

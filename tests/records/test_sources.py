"""Source records, review inclusion, links across records, fields recorded as not reported, CURIEs
written as a curator would mistype them, and where source texts are looked for."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from exograph.errors import RecordError
from exograph.paths import ProjectPaths
from exograph.records.load import load_all, load_record, record_files
from exograph.records.schema import SourceRecord, StudyRecord
from support import ROOT, copy_project

PARK = ROOT / "data" / "studies" / "park-2022.yaml"


def _write(path: Path, data: dict) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _park(**changes: object) -> dict:
    data = yaml.safe_load(PARK.read_text(encoding="utf-8"))
    data.update(changes)
    return data


def test_the_curated_data_has_its_source_records_and_inclusions() -> None:
    records, problems = load_all(record_files(ROOT / "data"), ROOT)
    assert not problems
    documents = {r.record.id for r in records if r.kind == "document"}
    assert documents == {"hair-review-2025", "skin-review-2025", "reference-notes"}
    hair = next(r.record for r in records if r.kind == "review" and r.record.id == "hair-review-2025")
    studies = sorted(r.record.id for r in records if r.kind == "study")
    assert sorted(i.study for i in hair.included_studies) == studies  # the 11 studies, each once
    assert {i.study: i.reference_number for i in hair.included_studies}["park-2022"] == 16
    assert all(r.record.document == "hair-review-2025" for r in records if r.kind == "study")


def test_not_reported_moves_out_of_the_field_and_keeps_where_the_curator_looked(tmp_path: Path) -> None:
    data = _park(countries={"not_reported": True, "looked_in": "Table 1, Country; Results"})
    loaded = load_record(_write(tmp_path / "data" / "studies" / "park-2022.yaml", data), tmp_path)
    record = loaded.record
    assert isinstance(record, StudyRecord) and record.countries == []
    assert record.not_reported["countries"].looked_in == "Table 1, Country; Results"


def test_not_reported_needs_where_the_curator_looked(tmp_path: Path) -> None:
    data = _park(countries={"not_reported": True})
    with pytest.raises(RecordError) as caught:
        load_record(_write(tmp_path / "data" / "studies" / "park-2022.yaml", data), tmp_path)
    [problem] = caught.value.problems
    assert problem.field == "countries.looked_in" and problem.message == "required field is missing"


def test_a_field_that_cannot_be_not_reported_says_which_can(tmp_path: Path) -> None:
    data = _park(not_reported={"label": {"not_reported": True, "looked_in": "title"}})
    with pytest.raises(RecordError) as caught:
        load_record(_write(tmp_path / "data" / "studies" / "park-2022.yaml", data), tmp_path)
    assert "label cannot be recorded as not reported; fields that can: first_author" in caught.value.problems[0].message


def test_not_reported_becomes_a_reporting_gap_in_the_graph(tmp_path: Path) -> None:
    from exograph.records.convert import record_triples
    from exograph.vocab import EXD, EXO

    data = _park(countries={"not_reported": True, "looked_in": "Table 1"})
    loaded = load_record(_write(tmp_path / "data" / "studies" / "park-2022.yaml", data), tmp_path)
    triples = set(record_triples(loaded, set()))
    study, gap = EXD["study/park-2022"], EXD["study/park-2022/countries"]
    assert (study, EXO.notReported, EXO.country) in triples
    assert (study, EXO.hasReportingGap, gap) in triples
    assert not [t for t in triples if t[1] == EXO.country]


@pytest.mark.parametrize("written, expected", [
    ("mondo:0005339", "write it as MONDO:0005339"),
    ("MONDO_0005339", "write it as MONDO:0005339"),
    ("http://purl.obolibrary.org/obo/MONDO_0005339", "write it as MONDO:0005339"),
    ("MONDO:5339", "write it as MONDO:0005339"),
    ("androgenetic alopecia", "not an ontology term ID; write a term as PREFIX:ID, e.g. MONDO:0005339"),
    ("FOO:0000001", "unknown ontology prefix 'FOO'"),
])
def test_a_malformed_curie_is_told_how_to_write_it(tmp_path: Path, written: str, expected: str) -> None:
    data = _park()
    data["conditions"][0]["indication"] = written
    with pytest.raises(RecordError) as caught:
        load_record(_write(tmp_path / "data" / "studies" / "park-2022.yaml", data), tmp_path)
    [problem] = caught.value.problems
    assert problem.field == "conditions[0].indication" and expected in problem.message and problem.value == written


def _links_project(tmp_path: Path) -> Path:
    project = copy_project(tmp_path / "p")
    return project


def test_a_study_citing_a_missing_source_record_is_named(tmp_path: Path) -> None:
    project = _links_project(tmp_path)
    data = _park(document="hair-reveiw-2025")
    data["measurements"][0]["document"] = "smith-2025"
    _write(project / "data" / "studies" / "park-2022.yaml", data)
    _, problems = load_all(record_files(project / "data"), project)
    found = {(p.file, p.field, p.value) for p in problems}
    assert ("data/studies/park-2022.yaml", "document", "hair-reveiw-2025") in found
    assert ("data/studies/park-2022.yaml", "measurements[0].document", "smith-2025") in found
    message = next(p.message for p in problems if p.value == "hair-reveiw-2025")
    assert "did you mean 'hair-review-2025'?" in message


def test_a_review_listing_a_missing_study_is_named(tmp_path: Path) -> None:
    project = _links_project(tmp_path)
    review = project / "data" / "reviews" / "hair-review-2025.yaml"
    review.write_text(review.read_text(encoding="utf-8").replace("{study: park-2022,", "{study: park-2023,"),
                      encoding="utf-8")
    _, problems = load_all(record_files(project / "data"), project)
    [problem] = problems
    assert (problem.file, problem.record, problem.field) == ("data/reviews/hair-review-2025.yaml", "hair-review-2025",
                                                             "included_studies[5].study")
    assert "did you mean 'park-2022'" in problem.message


def test_two_source_records_with_one_doi_are_both_named(tmp_path: Path) -> None:
    project = _links_project(tmp_path)
    _write(project / "data" / "sources" / "hair-review-copy.yaml",
           {"id": "hair-review-copy", "kind": "journal-article", "label": "A copy",
            "identifiers": {"doi": "10.2147/ccid.s543451"}})
    _, problems = load_all(record_files(project / "data"), project)
    [problem] = problems
    assert problem.file == "data/sources/hair-review-copy.yaml" and problem.field == "identifiers.doi"
    assert "also the doi of source record 'hair-review-2025' (data/sources/hair-review-2025.yaml)" in problem.message


@pytest.mark.parametrize("change, field, message", [
    ({"identifiers": {"nct": "NCT123"}}, "identifiers.nct", "write it as NCT05658094"),
    ({"identifiers": {"doi": "https://doi.org/10.1/x"}}, "identifiers.doi", "write it as 10.2147/CCID.S543451"),
    ({"text": "../secret.md"}, "text", "without '..'"),
    ({"kind": "registry-record"}, "", "needs identifiers.nct and trial"),
])
def test_a_malformed_source_record_is_explained(tmp_path: Path, change: dict, field: str, message: str) -> None:
    data = {"id": "smith-2025", "kind": "preprint", "label": "Smith 2025", **change}
    with pytest.raises(RecordError) as caught:
        load_record(_write(tmp_path / "data" / "sources" / "smith-2025.yaml", data), tmp_path)
    [problem] = caught.value.problems
    assert problem.field == field and message in problem.message


def test_text_folders_come_from_the_project_the_environment_and_the_settings(tmp_path: Path,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EXOGRAPH_SEEDS", raising=False)
    monkeypatch.setenv("EXOGRAPH_TEXTS", os.pathsep.join([str(tmp_path / "a"), str(tmp_path / "b")]))
    (tmp_path / "exograph.toml").write_text('[texts]\nfolders = ["texts", "../elsewhere"]\n', encoding="utf-8")
    folders = ProjectPaths(tmp_path).text_folders
    assert folders == [tmp_path / "data" / "sources", tmp_path / "a", tmp_path / "b", tmp_path / "texts",
                       tmp_path / "../elsewhere"]
    (tmp_path / "exograph.toml").unlink()
    (tmp_path / "pyproject.toml").write_text('[tool.exograph]\ntext-folders = ["../shared/seeds"]\n', encoding="utf-8")
    monkeypatch.delenv("EXOGRAPH_TEXTS")
    assert ProjectPaths(tmp_path).text_folders == [tmp_path / "data" / "sources", tmp_path / "../shared/seeds"]


def test_a_malformed_text_folder_setting_is_a_tool_error(tmp_path: Path) -> None:
    from exograph.errors import ExographError

    (tmp_path / "exograph.toml").write_text('[texts]\nfolders = "seeds"\n', encoding="utf-8")
    with pytest.raises(ExographError, match="must be a list of folder paths"):
        ProjectPaths(tmp_path).text_folders


def test_source_record_kinds_match_the_vocabulary() -> None:
    from typing import get_args

    from exograph import vocab
    from exograph.records.schema import DocumentKind
    from exograph.records.triples import NOT_REPORTED_PREDICATES
    from exograph.records.schema import Intervention, ReviewRecord

    assert set(get_args(DocumentKind)) == set(vocab.DOCUMENT_KINDS)
    reportable = set(StudyRecord.REPORTABLE) | set(Intervention.REPORTABLE) | set(ReviewRecord.REPORTABLE)
    assert reportable == set(NOT_REPORTED_PREDICATES)
    assert SourceRecord.model_fields["kind"].annotation is DocumentKind

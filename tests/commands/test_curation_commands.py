"""Curation without reading Python: `exograph new` writes commented templates, `exograph vocab` lists
every value set with its labels and terms, `exograph import-registry` reads ClinicalTrials.gov API v2
JSON into registry records; bad input is refused with the file, record and field, and nothing is
half-written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from support import ROOT, run_cli

REGISTRY = ROOT / "tests" / "resources" / "registry"


# ---- exograph new ---------------------------------------------------------------------------------


@pytest.mark.parametrize("kind, folder, model", [("study", "studies", "StudyRecord"), ("source", "sources", "SourceRecord"),
                                                 ("review", "reviews", "ReviewRecord")])
def test_new_writes_a_commented_template_naming_every_field(scratch_project: Path, kind: str, folder: str,
                                                           model: str) -> None:
    from exograph.records import schema

    result = run_cli("new", kind, "smith-2026", cwd=scratch_project)
    assert result.returncode == 0, result.stderr
    path = scratch_project / "data" / folder / "smith-2026.yaml"
    assert result.stdout.strip() == f"data/{folder}/smith-2026.yaml"
    text = path.read_text(encoding="utf-8")
    assert yaml.safe_load(text)["id"] == "smith-2026" and text.startswith("# smith-2026")
    missing = [name for name in getattr(schema, model).model_fields if name != "not_reported" and f"{name}:" not in text]
    assert not missing, f"the {kind} template does not mention {missing}"
    assert "exograph vocab" in text or kind == "source"


def test_a_new_study_validates_with_messages_naming_what_to_fill(scratch_project: Path) -> None:
    run_cli("new", "study", "smith-2026", cwd=scratch_project, check=True)
    result = run_cli("validate", "data/studies/smith-2026.yaml", "--format", "json", cwd=scratch_project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    fields = {p["field"] for p in json.loads(result.stdout)}
    assert {"label", "document", "first_author[0].value", "sample_size[0].value"} <= fields
    assert all("Traceback" not in p["message"] for p in json.loads(result.stdout))
    label = next(p for p in json.loads(result.stdout) if p["field"] == "label")
    assert label["message"] == "is empty: fill it in (text)" and label["value"] == ""


def test_new_never_replaces_a_record_and_checks_the_id(scratch_project: Path) -> None:
    park = scratch_project / "data" / "studies" / "park-2022.yaml"
    before = park.read_bytes()
    result = run_cli("new", "study", "park-2022", cwd=scratch_project)
    assert result.returncode == 2 and "data/studies/park-2022.yaml already exists" in result.stderr
    assert park.read_bytes() == before
    bad = run_cli("new", "study", "Smith 2026", cwd=scratch_project)
    assert bad.returncode == 2 and "e.g. smith-2026" in bad.stderr
    assert not list((scratch_project / "data" / "studies").glob("*Smith*"))


# ---- exograph vocab ---------------------------------------------------------------------------------


def test_vocab_lists_the_value_sets_and_their_terms(scratch_project: Path) -> None:
    listing = run_cli("vocab", cwd=scratch_project, check=True).stdout
    for kind in ("designs", "measures", "units", "routes", "methods", "adverse-events", "document-kinds", "terms"):
        assert kind in listing
    routes = {row["key"]: row for row in json.loads(run_cli("vocab", "routes", "--format", "json", cwd=scratch_project,
                                                            check=True).stdout)}
    assert routes["intradermal"]["term"] == "OBI:0000942" and routes["intradermal"]["label"]
    units = {row["key"]: row for row in json.loads(run_cli("vocab", "units", "--format", "json", cwd=scratch_project,
                                                           check=True).stdout)}
    assert units["um"]["term"] == "UO:0000017" and units["um"]["label"] == "micrometer"
    terms = {row["key"]: row for row in json.loads(run_cli("vocab", "terms", "--format", "json", cwd=scratch_project,
                                                           check=True).stdout)}
    assert terms["MONDO:0005339"]["label"] == "androgenetic alopecia"
    kinds = {row["key"] for row in json.loads(run_cli("vocab", "document-kinds", "--format", "json",
                                                      cwd=scratch_project, check=True).stdout)}
    assert kinds == {"systematic-review", "journal-article", "preprint", "conference-abstract", "registry-record",
                     "curator-notes"}


def test_vocab_tables_fit_the_terminal_and_wide_keeps_each_row_on_one_line(scratch_project: Path) -> None:
    fitted = run_cli("vocab", "measures", cwd=scratch_project, check=True, env={"COLUMNS": "80"}).stdout
    lines = fitted.splitlines()
    assert max(len(line) for line in lines) <= 80, max(lines, key=len)
    rows = json.loads(run_cli("vocab", "measures", "--format", "json", cwd=scratch_project, check=True).stdout)
    wide = run_cli("vocab", "measures", "--wide", cwd=scratch_project, check=True, env={"COLUMNS": "80"}).stdout
    assert len(wide.splitlines()) == 2 + len(rows) + 1  # header, rule, one line a row, the count
    assert max(len(line) for line in wide.splitlines()) > 80
    assert len(lines) > len(wide.splitlines()) and lines[-1] == wide.splitlines()[-1] == f"({len(rows)} rows)"


def test_vocab_names_an_unknown_value_set(scratch_project: Path) -> None:
    result = run_cli("vocab", "unit", cwd=scratch_project)
    assert result.returncode == 2 and "did you mean 'units'?" in result.stderr


def test_every_vocabulary_key_has_a_label_in_the_ontology(scratch_project: Path) -> None:
    """A key whose term the ontology does not label would be listed without one: the ontology is missing it."""
    from exograph.graphs import ontology_graph
    from exograph.paths import ProjectPaths
    from exograph.records.value_sets import kinds, labelled

    paths = ProjectPaths(scratch_project)
    ontology = ontology_graph(paths)
    unlabelled = [(kind.name, row["key"]) for kind in kinds(paths.imports / "terms.tsv").values()
                  for row in labelled(kind, ontology) if row["term"] and not row["label"]]
    assert not unlabelled


# ---- exograph import-registry ---------------------------------------------------------------------------


def test_import_registry_writes_records_and_their_json(scratch_project: Path) -> None:
    result = run_cli("import-registry", str(REGISTRY / "search-page.json"), cwd=scratch_project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["data/sources/nct09999901.yaml", "data/sources/nct09999902.yaml"]
    record = yaml.safe_load((scratch_project / "data" / "sources" / "nct09999902.yaml").read_text(encoding="utf-8"))
    trial = record["trial"]
    assert record["kind"] == "registry-record" and record["identifiers"]["nct"] == "NCT09999902"
    assert (trial["status"], trial["phases"], trial["allocation"], trial["masking"]) == ("RECRUITING", ["PHASE2"],
                                                                                         "RANDOMIZED", "DOUBLE")
    assert trial["enrollment"] == {"count": 60, "type": "ESTIMATED"}
    assert trial["primary_completion"] == {"date": "2026-09", "type": "ESTIMATED"}
    assert trial["primary_outcomes"] == [{"measure": "Change in hair count", "time_frame": "Baseline to month 6"}]
    assert trial["conditions"] == ["Androgenetic Alopecia"] and trial["has_results"] is False
    assert trial["sponsor"] == "Fictional Dermatology Institute (test fixture)"
    saved = json.loads((scratch_project / "data" / "sources" / "nct09999902.json").read_text(encoding="utf-8"))
    assert saved["protocolSection"]["identificationModule"]["nctId"] == "NCT09999902"
    assert run_cli("validate", "data/sources/nct09999902.yaml", cwd=scratch_project).returncode == 0
    again = run_cli("import-registry", str(REGISTRY / "nct09999902.json"), cwd=scratch_project)
    assert again.returncode == 1 and "give --replace" in again.stderr
    assert run_cli("import-registry", "--replace", str(REGISTRY / "nct09999902.json"), cwd=scratch_project).returncode == 0


@pytest.mark.parametrize("files, field, message", [
    (["bad/not-json.json"], "", "not JSON (line 1, column"),
    (["bad/not-clinicaltrials.json"], "", "not a ClinicalTrials.gov API v2 study"),
    (["bad/missing-status.json"], "protocolSection.statusModule.overallStatus", "overallStatus is missing"),
    (["bad/enrollment-not-a-number.json"], "protocolSection.designModule.enrollmentInfo.count", "'sixty'"),
    (["nct09999901.json", "search-page.json"], "protocolSection.identificationModule.nctId",
     "NCT09999901 is also in"),
])
def test_bad_registry_files_are_refused_and_nothing_is_written(scratch_project: Path, files: list[str], field: str,
                                                               message: str) -> None:
    sources = scratch_project / "data" / "sources"
    before = sorted(p.name for p in sources.iterdir())
    result = run_cli("import-registry", str(REGISTRY / "nct09999902.json"), *[str(REGISTRY / f) for f in files],
                     cwd=scratch_project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert message in result.stderr and str(REGISTRY / files[-1]) in result.stderr
    assert f"field {field or '(record)'}:" in result.stderr
    assert sorted(p.name for p in sources.iterdir()) == before  # the good file is not written either

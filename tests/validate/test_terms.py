"""Every ontology term a record names is a term of the import modules: an unknown one is a violation
naming the term, the file and field, the nearest known terms and how to add a real term."""

from __future__ import annotations

import json
from pathlib import Path

from exograph.paths import ProjectPaths
from exograph.validate.terms import KnownTerms
from support import ROOT, run_cli


def test_every_term_of_the_curated_data_is_known() -> None:
    from exograph.records.load import load_all, record_files
    from exograph.validate.terms import term_problems

    records, _ = load_all(record_files(ROOT / "data"), ROOT)
    known = KnownTerms.of(ProjectPaths(ROOT))
    assert [p for r in records for p in term_problems(r, known)] == []
    assert known.labels["MONDO:0005339"] == "androgenetic alopecia" and "exo:Microneedling" in known.labels


def test_nearest_terms_follow_what_the_record_says() -> None:
    known = KnownTerms.of(ProjectPaths(ROOT))
    nearest = [term for term, _ in known.nearest("CL", "Adipose-derived stem cells (ASCs)", "CL:9999999")]
    assert nearest[0] == "CL:0002570"  # mesenchymal stem cell of adipose tissue
    assert known.nearest("MONDO", "androgenetic alopecia", "MONDO:9999999")[0] == ("MONDO:0005339",
                                                                                 "androgenetic alopecia")


def test_made_up_terms_fail_validate_and_build(scratch_project: Path) -> None:
    study = scratch_project / "data" / "studies" / "park-2022.yaml"
    text = study.read_text(encoding="utf-8")
    study.write_text(text.replace("indication: MONDO:0005339", "indication: MONDO:9999999")
                     .replace("cell_type: CL:0002570", "cell_type: CL:9999999"), encoding="utf-8")
    result = run_cli("validate", "--format", "json", cwd=scratch_project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    unknown = {p["field"]: p for p in json.loads(result.stdout) if p["severity"] == "Violation"}
    condition = unknown["conditions[0].indication"]
    assert condition["file"] == "data/studies/park-2022.yaml" and condition["value"] == "MONDO:9999999"
    assert "MONDO:9999999 is not a term of the import modules (ontology/imports/terms.tsv)" in condition["message"]
    assert "MONDO:0005339 'androgenetic alopecia'" in condition["message"]
    assert "`exograph imports --add MONDO:9999999`" in condition["message"]
    assert "CL:0002570 'mesenchymal stem cell of adipose tissue'" in unknown["interventions[0].sources[0].cell_type"]["message"]
    build = run_cli("build", "--no-reason", cwd=scratch_project)
    assert build.returncode == 1 and "MONDO:9999999 is not a term" in build.stderr

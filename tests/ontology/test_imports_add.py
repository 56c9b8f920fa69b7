"""`exograph imports --add CURIE`: a real term enters terms.tsv with its ontology's label and its module
is extracted; a made-up, malformed or local one is refused and terms.tsv is left as it was."""

from __future__ import annotations

from pathlib import Path

from support import need_shared, run_cli


def _terms(project: Path) -> str:
    return (project / "ontology" / "imports" / "terms.tsv").read_text(encoding="utf-8")


def test_a_real_term_is_added_with_its_label_and_extracted(scratch_project: Path) -> None:
    ontologies = need_shared("ontologies")
    result = run_cli("imports", "--add", "MONDO:0000687", "MONDO:0005339", "--source-dir", str(ontologies),
                     cwd=scratch_project)
    assert result.returncode == 0, result.stderr
    assert "added MONDO:0000687 'diffuse alopecia areata'" in result.stdout
    assert "MONDO:0005339 is already listed" in result.stdout
    lines = _terms(scratch_project).splitlines()
    assert lines.index("MONDO:0000687\tdiffuse alopecia areata") == lines.index("MONDO:0019289\thyperpigmentation of the skin") + 1
    module = (scratch_project / "ontology" / "imports" / "mondo_import.ttl").read_text(encoding="utf-8")
    assert 'obo:MONDO_0000687 a owl:Class ;\n    rdfs:label "diffuse alopecia areata"' in module
    study = scratch_project / "data" / "studies" / "park-2022.yaml"
    study.write_text(study.read_text(encoding="utf-8").replace("MONDO:0005339", "MONDO:0000687"), encoding="utf-8")
    assert run_cli("validate", "data/studies/park-2022.yaml", cwd=scratch_project).returncode == 0


def test_made_up_malformed_and_local_terms_are_refused(scratch_project: Path) -> None:
    ontologies = need_shared("ontologies")
    before = _terms(scratch_project)
    for args, message in [(["MONDO:9999999"], "mondo-labels.tsv has no such term"),
                          (["mondo_0005339"], "write it as MONDO:0005339"),
                          (["exo:Foo"], "add it to ontology/exograph.ttl"),
                          (["NCBITaxon:10090"], "NCBITaxon has no offline file")]:
        result = run_cli("imports", "--add", *args, "--source-dir", str(ontologies), cwd=scratch_project)
        assert result.returncode == 1 and message in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
    assert _terms(scratch_project) == before

"""HermiT over ontology + imports + the real data: consistent, and the defined classes are filled;
the deliberately inconsistent fixtures are reported with the axioms and the record files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.namespace import RDF

from exograph.ontology.reason import infer
from exograph.vocab import EXD, EXO
from ontology_helpers import data, fixture_data, java, ontology, project_paths, real_inference  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]


def _members(result, name: str) -> set[str]:
    return {m.individual for m in result.memberships if m.cls == str(EXO[name])}


def test_the_real_graph_is_consistent(real_inference):
    assert real_inference.consistent, real_inference.explanation
    assert not real_inference.unsatisfiable, real_inference.explanation


def test_hermit_fills_the_defined_classes(real_inference):
    msc_sources = _members(real_inference, "MSCCellTypeSource")
    assert str(EXD["study/park-2022/interventions/asc-exosomes/sources/0"]) in msc_sources  # CL:0002570 ⊑ CL:0000134
    assert str(EXD["study/park-2022"]) in _members(real_inference, "MSCDerivedEvidence")
    assert str(EXD["study/amini-2025"]) in _members(real_inference, "ControlledStudy")
    assert str(EXD["study/amini-2025/adverse_events/scalp-irritation"]) in _members(
        real_inference, "AdministrationSiteAdverseEvent")
    filled = {m.cls for m in real_inference.memberships}
    assert len(filled) >= 3


def test_inferred_triples_are_new_rdf_types_with_record_files(real_inference, data):
    assert len(real_inference.inferred) == len(real_inference.memberships)
    for subject, predicate, cls in real_inference.inferred:
        assert predicate == RDF.type and str(cls).startswith(str(EXO))
        assert (subject, RDF.type, cls) not in data
    for membership in real_inference.memberships:
        assert membership.record_file.startswith("data/") and membership.record_file.endswith(".yaml")
        assert (ROOT / membership.record_file).is_file()


def test_plant_sources_are_not_msc_evidence(real_inference):
    assert str(EXD["study/amini-2025"]) not in _members(real_inference, "MSCDerivedEvidence")


def test_inconsistent_fixture_names_axioms_and_records(java, ontology):
    result = infer(fixture_data("inconsistent"), ontology)
    assert not result.consistent
    text = result.explanation
    assert "owl:disjointWith" in text and "exo:RandomizedControlledTrial" in text and "exo:CaseSeries" in text
    assert "design[0]" in text and "design[1]" in text
    assert "'p-value' (exo:pValue) rdfs:range" in text and "1.5" in text
    assert "exo:percentAffected" in text
    assert "data/studies/conflicted-2024.yaml" in text
    assert {v.kind for v in result.violations} == {"disjoint-classes", "datatype-range"}


def test_inferred_membership_conflict_is_found_without_disjointness(java, ontology):
    """'No adverse event' with a site meets the definition of an administration-site adverse event,
    which is disjoint from it: found by reasoning with the disjointness axioms set aside."""
    result = infer(fixture_data("site-conflict"), ontology)
    assert not result.consistent
    [violation] = result.violations
    assert violation.kind == "disjoint-classes"
    assert "exo:AdministrationSiteAdverseEvent" in violation.axiom and "exo:NoAdverseEvent" in violation.axiom
    assert "data/studies/silent-site-2024.yaml" in violation.where[0]
    assert "adverse_events[none-at-scalp]" in violation.where[0]


@pytest.mark.slow
def test_reason_cli_prints_memberships(java):
    env = {**os.environ, "EXOGRAPH_ROOT": str(ROOT)}
    result = subprocess.run([sys.executable, "-m", "exograph", "reason"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("consistent;")
    assert "study of MSC-derived exosomes\thttps://w3id.org/exograph/data/study/park-2022\tdata/studies/park-2022.yaml" \
        in result.stdout


@pytest.mark.slow
def test_reason_cli_reports_the_inconsistent_fixture(java, tmp_path, ontology):
    graph = fixture_data("inconsistent")
    graph += ontology
    path = tmp_path / "bad.ttl"
    graph.serialize(path, format="turtle")
    env = {**os.environ, "EXOGRAPH_ROOT": str(ROOT)}
    result = subprocess.run([sys.executable, "-m", "exograph", "reason", "--graph", str(path)], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 1
    assert "INCONSISTENT" in result.stderr and "data/studies/conflicted-2024.yaml" in result.stderr


def test_class_valued_links_are_left_out_of_reasoning(real_inference):
    assert real_inference.left_out > 0
    assert URIRef(str(EXO.indication))  # documented: exo:indication values are class IRIs (punning)

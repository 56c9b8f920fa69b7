"""The build's reasoning: per record, cached, equal to whole-graph HermiT (the reference build of
oracle.py); an inconsistent record stops the build with its file and field."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from exograph.build import build
from exograph.errors import ExographError
from exograph.paths import ProjectPaths
from exograph.vocab import EXO

from oracle import reference_graph, serialize_sorted_ntriples
from support import ROOT, copy_project, make_synthetic_project


@pytest.fixture(scope="module")
def reasoned(tmp_path_factory: pytest.TempPathFactory) -> ProjectPaths:
    """20 synthetic studies in two reviews, built with reasoning (no validation: measured elsewhere)."""
    paths = ProjectPaths(make_synthetic_project(tmp_path_factory.mktemp("reason") / "p", 20, seed=5, per_review=10))
    build(paths, validate=False)
    return paths


def _split(nt: bytes) -> tuple[list[bytes], Graph]:
    plain = [line for line in nt.splitlines() if b"_:" not in line]
    rest = Graph().parse(data=b"\n".join(line for line in nt.splitlines() if b"_:" in line), format="nt")
    return plain, rest


def _assert_reasoned_like_the_reference(paths: ProjectPaths) -> None:
    built_plain, built_bnodes = _split((paths.build / "exograph.nt").read_bytes())
    ref_plain, ref_bnodes = _split(serialize_sorted_ntriples(reference_graph(paths, reason=True)))
    assert built_plain == ref_plain and isomorphic(built_bnodes, ref_bnodes)
    inferred = [line for line in built_plain if f"<{RDF.type}> <{EXO}MSCDerivedEvidence>".encode() in line]
    assert inferred  # the defined classes are filled


def test_the_build_reasons_like_whole_graph_hermit(reasoned: ProjectPaths) -> None:
    _assert_reasoned_like_the_reference(reasoned)


def test_the_real_data_reasons_like_whole_graph_hermit(tmp_path: Path) -> None:
    paths = ProjectPaths(copy_project(tmp_path))
    build(paths, validate=False)
    _assert_reasoned_like_the_reference(paths)


def test_one_edited_record_is_reasoned_again_alone(reasoned: ProjectPaths, capfd: pytest.CaptureFixture[str]) -> None:
    studies = sorted((reasoned.data / "studies").glob("*.yaml"))
    study = studies[3]
    text = study.read_text(encoding="utf-8")
    before = (reasoned.build / "exograph.nt").read_bytes()
    try:
        study.write_text(text.replace("label: ", "label: Edited ", 1), encoding="utf-8")
        capfd.readouterr()
        build(reasoned, validate=False)
        err = capfd.readouterr().err
        # the study, and its review's computed claims (they count its design), of 20 studies, the
        # reviews, their sources and claim sets; the ontology's classification comes from the cache
        reasoned_again = re.search(r"reasoning over (\d+) changed record\(s\) or review claim set\(s\) of (\d+)", err)
        assert reasoned_again and reasoned_again.group(1) == "2" and int(reasoned_again.group(2)) > 20, err
        assert "classifying the ontology" not in err
        assert b"Edited " in (reasoned.build / "exograph.nt").read_bytes()
    finally:
        study.write_text(text, encoding="utf-8")
    build(reasoned, validate=False)
    assert (reasoned.build / "exograph.nt").read_bytes() == before


def test_a_build_without_reasoning_in_between_leaves_a_usable_cache(reasoned: ProjectPaths) -> None:
    """--no-reason publishes no inferred piece and prunes them from the cache; the next build with
    reasoning realizes those records again instead of naming pieces that are gone."""
    before = (reasoned.build / "exograph.nt").read_bytes()
    build(reasoned, reason=False, validate=False)
    build(reasoned, validate=False)
    assert (reasoned.build / "exograph.nt").read_bytes() == before


def test_an_inconsistent_record_stops_the_build_by_file_and_field(tmp_path: Path) -> None:
    for part in ("ontology", "shapes", "queries"):
        shutil.copytree(ROOT / part, tmp_path / part)
    shutil.copytree(ROOT / "tests" / "resources" / "inconsistent" / "data", tmp_path / "data")
    paths = ProjectPaths(tmp_path)
    with pytest.raises(ExographError) as caught:
        build(paths, validate=False)
    message = str(caught.value)
    assert "inconsistent" in message and "data/studies/conflicted-2024.yaml" in message
    assert "design[0]" in message and "owl:disjointWith" in message
    assert not (paths.build / "exograph.nt").exists()  # nothing published

"""The build: the reference build's graph (oracle.py), byte-identical outputs, incremental by content hash."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from exograph.build import ALL_FORMATS, build
from exograph.build.pieces import sort_unique
from exograph.errors import RecordError
from exograph.fingerprint import digest
from exograph.paths import ProjectPaths
from exograph.store.published import FORMATS

from oracle import reference_graph, serialize_sorted_ntriples
from support import copy_project, make_synthetic_project


@pytest.fixture
def small(tmp_path: Path) -> ProjectPaths:
    """20 synthetic studies in two reviews (with their source records and texts), the real ontology and shapes."""
    folder = make_synthetic_project(tmp_path / "p", 20, seed=5, per_review=10)
    return ProjectPaths(folder)


def _outputs(paths: ProjectPaths) -> dict[str, bytes]:
    """The exports the last build wrote (exograph.nt always, by default)."""
    outputs = {name: (paths.build / name).read_bytes() for name in FORMATS.values() if (paths.build / name).exists()}
    assert "exograph.nt" in outputs
    return outputs


def _reference_ntriples(paths: ProjectPaths) -> bytes:
    """build/exograph.nt as the reference build (oracle.py, rdflib end to end) would write it."""
    return serialize_sorted_ntriples(reference_graph(paths))


def _split(nt: bytes) -> tuple[list[bytes], Graph]:
    """Lines without blank nodes (compared byte for byte) and the graph of the rest (compared up to
    blank node labels, which rdflib draws at random on every parse)."""
    plain = [line for line in nt.splitlines() if b"_:" not in line]
    rest = Graph().parse(data=b"\n".join(line for line in nt.splitlines() if b"_:" in line), format="nt")
    return plain, rest


def test_same_graph_as_the_reference_build(small: ProjectPaths) -> None:
    build(small, reason=False, validate=False)
    fast_plain, fast_bnodes = _split((small.build / "exograph.nt").read_bytes())
    ref_plain, ref_bnodes = _split(_reference_ntriples(small))
    assert fast_plain == ref_plain
    assert isomorphic(fast_bnodes, ref_bnodes)


def test_turtle_and_json_ld_hold_the_same_graph(small: ProjectPaths) -> None:
    build(small, reason=False, validate=False, formats=ALL_FORMATS)
    nt = Graph().parse(small.build / "exograph.nt", format="nt")
    assert isomorphic(nt, Graph().parse(small.build / "exograph.ttl", format="turtle"))
    assert isomorphic(nt, Graph().parse(small.build / "exograph.jsonld", format="json-ld"))
    assert b"<https://w3id.org/exograph/data/study/synth-00001>" in (small.build / "exograph.ttl").read_bytes()


def test_second_build_reads_the_cache_and_writes_the_same_bytes(small: ProjectPaths,
                                                               capfd: pytest.CaptureFixture[str]) -> None:
    build(small, reason=False)
    first = _outputs(small)
    capfd.readouterr()
    build(small, reason=False)
    err = capfd.readouterr().err
    assert "converting" not in err and "validating" not in err
    assert _outputs(small) == first


def test_a_changed_record_is_the_only_one_converted_and_validated(small: ProjectPaths,
                                                                 capfd: pytest.CaptureFixture[str]) -> None:
    build(small, reason=False, formats=ALL_FORMATS)
    study = small.data / "studies" / "synth-00004.yaml"
    study.write_text(study.read_text(encoding="utf-8").replace("label: ", "label: Renamed ", 1), encoding="utf-8")
    capfd.readouterr()
    build(small, reason=False, formats=ALL_FORMATS)
    err = capfd.readouterr().err
    assert "converting 1 changed record(s) of 24" in err and "validating 1 changed record(s) of 24" in err
    assert "deriving claims of 1 review(s)" in err
    incremental = _outputs(small)
    assert b"Renamed " in incremental["exograph.nt"]
    assert set(incremental) == set(FORMATS.values())
    shutil.rmtree(small.build / "cache")
    build(small, reason=False, formats=ALL_FORMATS)
    assert _outputs(small) == incremental  # incremental and from-scratch builds agree byte for byte


def test_a_source_records_text_reaches_the_records_that_quote_it(small: ProjectPaths,
                                                                 capfd: pytest.CaptureFixture[str]) -> None:
    build(small, reason=False)
    source = small.data / "sources" / "synth-review-002.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace("synth-review-002.md", "renamed.md"), encoding="utf-8")
    (small.data / "sources" / "synth-review-002.md").rename(small.data / "sources" / "renamed.md")
    capfd.readouterr()
    build(small, reason=False)
    err = capfd.readouterr().err
    assert "converting 1 changed record(s) of 24" in err  # only the source record's own triples change
    assert "validating 12 changed record(s) of 24" in err  # it, the review and the 10 studies that quote it
    assert b'"renamed.md"' in (small.build / "exograph.nt").read_bytes()


def test_a_broken_record_fails_the_build_and_leaves_build_untouched(small: ProjectPaths) -> None:
    build(small, reason=False)
    before = _outputs(small)
    study = small.data / "studies" / "synth-00002.yaml"
    study.write_text(study.read_text(encoding="utf-8").replace("\nsample_size:", "\nsampel_size:"), encoding="utf-8")
    with pytest.raises(RecordError) as caught:
        build(small, reason=False)
    assert "sampel_size" in str(caught.value) and "synth-00002.yaml" in str(caught.value)
    assert _outputs(small) == before


def test_validation_problems_are_those_of_validate_records(small: ProjectPaths) -> None:
    """A violation found from the cache path is reported exactly as `exograph validate` reports it."""
    from exograph.records.convert import load_records
    from exograph.validate.shacl import validate_records

    study = small.data / "studies" / "synth-00003.yaml"
    study.write_text(study.read_text(encoding="utf-8").replace("\n  n: ", "\n  n: -", 1), encoding="utf-8")
    with pytest.raises(RecordError) as caught:
        build(small, reason=False)
    expected = validate_records(small, load_records(small)).violations
    assert expected and caught.value.problems == expected
    with pytest.raises(RecordError) as again:  # and again from the cache
        build(small, reason=False)
    assert again.value.problems == expected


def test_result_gives_records_and_a_queryable_graph(small: ProjectPaths) -> None:
    result = build(small, reason=False, validate=False)
    assert len(result.records) == 24 and {r.record.id for r in result.records} >= {"synth-00001", "synth-review-001"}
    rows = list(result.graph.query("SELECT (COUNT(?s) AS ?n) WHERE { ?s a <https://w3id.org/exograph/ontology#Study> }"))
    assert int(rows[0][0]) == 20


def test_sort_unique_is_code_point_order_without_duplicates() -> None:
    lines = ["<b> <p> \"é\" .", "<a> <p> \"z\" .", "<b> <p> \"e\" .", "<a> <p> \"z\" ."]
    assert sort_unique([line.encode("utf-8") for line in lines]) == [line.encode("utf-8") for line in sorted(set(lines))]


def test_digest_separates_its_parts() -> None:
    assert digest("ab", "c") != digest("a", "bc") and digest("x") == digest("x")


def test_the_real_data_builds_like_the_reference(tmp_path: Path) -> None:
    copy_project(tmp_path)
    paths = ProjectPaths(tmp_path)
    build(paths, reason=False, validate=False)
    fast_plain, fast_bnodes = _split((paths.build / "exograph.nt").read_bytes())
    ref_plain, ref_bnodes = _split(_reference_ntriples(paths))
    assert fast_plain == ref_plain and isomorphic(fast_bnodes, ref_bnodes)


def test_reasoning_runs_again_only_when_the_graph_changed(small: ProjectPaths,
                                                          capfd: pytest.CaptureFixture[str]) -> None:
    capfd.readouterr()
    build(small, validate=False)
    assert "reasoning" in capfd.readouterr().err
    first = _outputs(small)
    build(small, validate=False)
    assert "reasoning" not in capfd.readouterr().err
    assert _outputs(small) == first

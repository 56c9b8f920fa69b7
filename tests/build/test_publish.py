"""Publishing build/ through the real command line: one unit swapped in whole, never half; a killed or
failed build leaves the published graph as it was and its leftovers are removed by the next build;
builds never interleave; a file edited during a build never poisons the cache; readers refuse a stale
or missing build instead of building it."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pyoxigraph
import pytest

from support import PROJECT_PARTS, ROOT, make_synthetic_project, run_cli

NO_REASON = ("build", "--no-reason")
ALL_FORMATS = ("--formats", "nt,ttl,jsonld")


def _env(project: Path) -> dict[str, str]:
    return {**os.environ, "EXOGRAPH_ROOT": str(project), "EXOGRAPH_SEEDS": str(project / "seeds"),
            "PYTHONWARNINGS": "ignore"}


def _popen(project: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "exograph", *args], cwd=project, env=_env(project),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _cli(project: Path, *args: str, check: bool = False) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([sys.executable, "-m", "exograph", *args], cwd=project, env=_env(project),
                            capture_output=True, text=True, timeout=900)
    if check and result.returncode != 0:
        raise AssertionError(f"exograph {' '.join(args)} exited {result.returncode}:\n{result.stderr}")
    return result


def _wait_for(process: subprocess.Popen[str], text: str) -> list[str]:
    """Read the process's progress lines until one contains `text` (fails if it ends first)."""
    seen = []
    for line in process.stderr:
        seen.append(line)
        if text in line:
            return seen
    raise AssertionError(f"never printed {text!r}:\n{''.join(seen)}")


def _snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every file's bytes and every link's target below `folder` (links are not followed)."""
    found: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder))
        if path.is_symlink():
            found[name] = "-> " + os.readlink(path)
        elif path.is_file() and path.name != "LOCK":
            found[name] = path.read_bytes()
    return found


def _one_line_error(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 2, result.stderr
    message = "\n".join(line for line in result.stderr.strip().splitlines() if not line.startswith("[exograph] "))
    assert message.startswith("error: ") and "\n" not in message and "Traceback" not in message, message
    assert all(word in message for word in words), message


def _relabel(study: Path, old: str, new: str) -> None:
    text = study.read_text(encoding="utf-8")
    assert old in text
    study.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def curated(tmp_path: Path) -> Path:
    for part in PROJECT_PARTS:
        shutil.copytree(ROOT / part, tmp_path / part)
    return tmp_path


@pytest.fixture(scope="module")
def synthetic_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """300 synthetic studies: a build long enough (seconds per stage) to act on while it runs."""
    return make_synthetic_project(tmp_path_factory.mktemp("synth-publish"), 300, seed=11, per_review=100)


@pytest.fixture
def synthetic(synthetic_source: Path, tmp_path: Path) -> Iterator[Path]:
    target = tmp_path / "project"
    shutil.copytree(synthetic_source, target, symlinks=True)
    yield target


def _quads_of(nt: Path) -> set[pyoxigraph.Quad]:
    """The file's triples as a store holds them (values normalized, blank node labels kept)."""
    fresh = pyoxigraph.Store()
    fresh.extend(pyoxigraph.parse(path=str(nt), format=pyoxigraph.RdfFormat.N_TRIPLES, rename_blank_nodes=False))
    return set(fresh)


def _last_study(project: Path) -> Path:
    return sorted((project / "data" / "studies").glob("*.yaml"))[-1]


def _store_rows(project: Path) -> str:
    return _cli(project, "query", "studies", "--format", "csv", check=True).stdout


# ---- the published unit ------------------------------------------------------------------------------


def test_build_publishes_store_and_exports_as_one_folder(curated: Path) -> None:
    _cli(curated, *NO_REASON, *ALL_FORMATS, check=True)
    build = curated / "build"
    published = build / os.readlink(build / "graph")
    assert published.name.startswith(".graph-") and (published / "store").is_dir()
    for name in ("store", "exograph.nt", "exograph.ttl", "exograph.jsonld"):
        assert os.readlink(build / name) == f"graph/{name}"
    assert set(pyoxigraph.Store.read_only(str(build / "store"))) == _quads_of(build / "exograph.nt")


def test_an_incremental_store_update_equals_a_fresh_load(curated: Path) -> None:
    _cli(curated, *NO_REASON, check=True)
    study = curated / "data" / "studies" / "park-2022.yaml"
    _relabel(study, "label: ", "label: Relabelled ")
    result = _cli(curated, *NO_REASON, check=True)
    update = re.search(r"updating the store \(-(\d+) \+(\d+) triples\)", result.stderr)
    assert update, result.stderr
    # one label changed: the store is told only what changed, not every triple of the pieces that
    # restate it (the study's record, its reviews' claims, the appraisal)
    assert 0 < int(update[1]) <= int(update[2]) < 100, update[0]
    build = curated / "build"
    assert set(pyoxigraph.Store.read_only(str(build / "store"))) == _quads_of(build / "exograph.nt")
    assert "Relabelled" in _store_rows(curated)


def test_formats_choose_the_exports(curated: Path) -> None:
    build = curated / "build"
    _cli(curated, *NO_REASON, check=True)  # by default the store and N-Triples only
    assert (build / "exograph.nt").exists() and not os.path.lexists(build / "exograph.ttl")
    assert not os.path.lexists(build / "exograph.jsonld")
    nt = (build / "exograph.nt").read_bytes()
    result = _cli(curated, *NO_REASON, *ALL_FORMATS, check=True)  # only the formats changed: published again
    assert "up to date" not in result.stderr and "build/exograph.jsonld" in result.stderr
    assert (build / "exograph.nt").read_bytes() == nt and b"park-2022" in (build / "exograph.ttl").read_bytes()
    _cli(curated, *NO_REASON, "--formats", "nt", check=True)
    assert not os.path.lexists(build / "exograph.ttl") and (build / "exograph.nt").read_bytes() == nt
    _one_line_error(_cli(curated, *NO_REASON, "--formats", "nt,rdfxml"), "rdfxml", "nt, ttl, jsonld")


# ---- readers never build --------------------------------------------------------------------------------


def test_a_missing_build_is_an_error_not_a_silent_build(curated: Path) -> None:
    for verb in (("query", "studies"), ("viz",), ("analyze",), ("serve", "--port", "0"),
                 ("push", "--endpoint", "http://127.0.0.1:9")):
        _one_line_error(_cli(curated, *verb), "exograph build")
    assert not (curated / "build").exists()


def test_a_stale_build_says_what_changed(curated: Path) -> None:
    _cli(curated, *NO_REASON, check=True)
    _relabel(curated / "data" / "studies" / "park-2022.yaml", "label: ", "label: Edited ")
    _one_line_error(_cli(curated, "query", "studies"), "out of date", "data/studies/park-2022.yaml", "exograph build")
    _one_line_error(_cli(curated, "query", "studies", "--backend", "rdflib"), "out of date")
    _cli(curated, *NO_REASON, check=True)
    assert "Edited" in _store_rows(curated)


def test_a_corrupt_ntriples_file_is_one_line_and_the_next_build_repairs_it(curated: Path) -> None:
    _cli(curated, *NO_REASON, check=True)
    nt = curated / "build" / "exograph.nt"
    good = nt.read_bytes()
    with open(nt, "ab") as handle:
        handle.write(b"<not a triple\n")
    _one_line_error(_cli(curated, "query", "studies", "--backend", "rdflib"), "exograph.nt", "exograph build")
    assert _cli(curated, *NO_REASON, check=True).returncode == 0
    assert nt.read_bytes() == good


def test_build_as_a_file_is_one_line(curated: Path) -> None:
    (curated / "build").write_text("not a folder\n", encoding="utf-8")
    _one_line_error(_cli(curated, *NO_REASON), "build", "is a file")
    _one_line_error(_cli(curated, "query", "studies"), "is a file")
    assert (curated / "build").read_text(encoding="utf-8") == "not a folder\n"


def test_no_records_refuses_and_keeps_the_previous_build(curated: Path) -> None:
    _cli(curated, *NO_REASON, check=True)
    before = _snapshot(curated / "build")
    shutil.rmtree(curated / "data")
    (curated / "data" / "studies").mkdir(parents=True)
    _one_line_error(_cli(curated, *NO_REASON), "no records")
    assert _snapshot(curated / "build") == before


# ---- failures, kills, concurrency ------------------------------------------------------------------------


def test_a_failed_build_changes_nothing_but_correct_cache_entries(curated: Path) -> None:
    _cli(curated, *NO_REASON, check=True)
    before = _snapshot(curated / "build")
    _relabel(curated / "data" / "studies" / "park-2022.yaml", "- value: 39\n", "- value: 0\n")  # a SHACL violation
    assert _cli(curated, *NO_REASON).returncode == 1
    after = _snapshot(curated / "build")
    assert {name: after.get(name) for name in before} == before  # everything that was there is intact
    added = set(after) - set(before)
    assert all(name.startswith("cache/") for name in added)  # the broken file's conversion, keyed by its bytes


def test_a_killed_build_leaves_the_published_graph_and_the_next_build_cleans_up(synthetic: Path) -> None:
    _cli(synthetic, *NO_REASON, check=True)
    rows = _store_rows(synthetic)
    published = synthetic / "build" / os.readlink(synthetic / "build" / "graph")
    before = _snapshot(published)
    study = _last_study(synthetic)
    original, stat = study.read_text(encoding="utf-8"), study.stat()
    _relabel(study, "label: ", "label: Killed ")
    process = _popen(synthetic, *NO_REASON, *ALL_FORMATS)  # one study and the formats changed
    try:
        _wait_for(process, "the store")
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert synthetic / "build" / os.readlink(synthetic / "build" / "graph") == published
    assert _snapshot(published) == before  # byte for byte
    leftovers = [p for p in (synthetic / "build").glob(".graph-*") if p != published]
    assert leftovers, "the kill should have caught the build while it wrote its folder"
    study.write_text(original, encoding="utf-8")  # back to what is published, time included
    os.utime(study, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert _store_rows(synthetic) == rows  # the previous store answers as before
    _cli(synthetic, *NO_REASON, check=True)
    assert not any(p.exists() for p in leftovers)


def test_two_builds_at_once_wait_for_each_other(curated: Path) -> None:
    _relabel(curated / "data" / "studies" / "park-2022.yaml", "label: ", "label: Concurrent ")
    first, second = _popen(curated, *NO_REASON), _popen(curated, *NO_REASON)
    outputs = [process.communicate(timeout=900) for process in (first, second)]
    assert first.returncode == 0 and second.returncode == 0, outputs
    assert sum("waiting for it to finish" in err for _, err in outputs) == 1
    assert "Concurrent" in _store_rows(curated)
    again = _cli(curated, *NO_REASON, check=True)
    assert "converting" not in again.stderr and "up to date" in again.stderr  # the cache is whole and right
    _assert_same_as_a_clean_build(curated)


def test_a_record_edited_during_the_build_never_poisons_the_cache(synthetic: Path) -> None:
    study = _last_study(synthetic)
    original = study.read_text(encoding="utf-8")
    process = _popen(synthetic, *NO_REASON)
    try:
        _wait_for(process, "converting")  # every file is read and hashed; conversion has begun
        _relabel(study, "label: ", "label: Edited mid-build ")
        _, err = process.communicate(timeout=900)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    _one_line_error(_cli(synthetic, "query", "studies"), "out of date", study.name)  # built from the old bytes
    study.write_text(original, encoding="utf-8")  # back to the bytes that were hashed
    _cli(synthetic, *NO_REASON, check=True)
    assert "Edited mid-build" not in _store_rows(synthetic)
    assert b"Edited mid-build" not in (synthetic / "build" / "exograph.nt").read_bytes()
    _relabel(study, "label: ", "label: Edited later ")
    _cli(synthetic, *NO_REASON, check=True)
    assert "Edited later" in _store_rows(synthetic)


def _assert_same_as_a_clean_build(project: Path) -> None:
    """build/exograph.nt equals what a build from nothing writes for the same files."""
    clean = project.parent / f"{project.name}-clean"
    for part in PROJECT_PARTS:
        shutil.copytree(project / part, clean / part, symlinks=True)
    _cli(clean, *NO_REASON, check=True)
    assert (clean / "build" / "exograph.nt").read_bytes() == (project / "build" / "exograph.nt").read_bytes()


def test_a_build_without_reasoning_keeps_the_realizations_a_later_build_reuses(curated: Path) -> None:
    # a build that does not reason must not drop the memberships pieces the reason cache still names
    _cli(curated, "build", check=True)
    inferred = sorted(p.name for p in (curated / "build" / "cache" / "nt").glob("inferred-*"))
    assert inferred, "the curated records have inferred memberships"
    _cli(curated, *NO_REASON, check=True)
    assert sorted(p.name for p in (curated / "build" / "cache" / "nt").glob("inferred-*")) == inferred
    again = _cli(curated, "build")
    assert again.returncode == 0, again.stderr

"""The foundation end to end: build, validate, query, viz through the real command line."""

from __future__ import annotations

import json
import re
from pathlib import Path

from support import run_cli
from exograph.viz.identifiers import RESOLVERS

BUILD_FILES = ("exograph.ttl", "exograph.jsonld", "exograph.nt")


def _snapshot(project: Path) -> dict[str, bytes]:
    """The exports the last build wrote (by default N-Triples only)."""
    return {name: (project / "build" / name).read_bytes() for name in BUILD_FILES if (project / "build" / name).exists()}


def test_build_twice_gives_byte_identical_output(scratch_project: Path) -> None:
    run_cli("build", "--formats", "nt,ttl,jsonld", cwd=scratch_project, check=True)
    first = _snapshot(scratch_project)
    assert set(first) == set(BUILD_FILES)
    run_cli("build", "--formats", "nt,ttl,jsonld", cwd=scratch_project, check=True)
    assert _snapshot(scratch_project) == first
    assert b"exograph/data/study/park-2022" in first["exograph.ttl"]


def _break(project: Path, old: str, new: str) -> Path:
    path = project / "data" / "studies" / "park-2022.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_misspelt_field_fails_validate_and_build_keeps_previous_output(scratch_project: Path) -> None:
    run_cli("build", cwd=scratch_project, check=True)
    before = _snapshot(scratch_project)
    _break(scratch_project, "\nsample_size:", "\nsampel_size:")
    result = run_cli("validate", cwd=scratch_project)
    assert result.returncode == 1
    assert "data/studies/park-2022.yaml" in result.stdout
    assert "sampel_size" in result.stdout and "did you mean 'sample_size'" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    build = run_cli("build", cwd=scratch_project)
    assert build.returncode == 1
    assert "sampel_size" in build.stderr and "Traceback" not in build.stderr
    assert _snapshot(scratch_project) == before


def test_wrong_type_names_file_and_field(scratch_project: Path) -> None:
    _break(scratch_project, "value: 2022\n", "value: twenty-twenty-two\n")
    result = run_cli("validate", "--format", "json", cwd=scratch_project)
    assert result.returncode == 1
    problems = json.loads(result.stdout)
    assert any(p["file"].endswith("park-2022.yaml") and p["field"].startswith("year")
               and p["value"] == "twenty-twenty-two" for p in problems)


def test_missing_required_field_is_reported(scratch_project: Path) -> None:
    path = scratch_project / "data" / "studies" / "park-2022.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    start = lines.index("countries:")
    del lines[start:start + 4]
    path.write_text("\n".join(lines), encoding="utf-8")
    result = run_cli("validate", str(path), cwd=scratch_project)
    assert result.returncode == 1
    assert "field countries: required field is missing" in result.stdout


def test_query_list_names_every_saved_query(built_project: Path) -> None:
    result = run_cli("query", "--list", cwd=built_project, check=True)
    saved, heading, page = result.stdout.strip().partition("\n\nThe page's queries")
    assert heading, "the page's queries are listed after the saved queries, under their own heading"
    for text, folder, prefix in ((saved, built_project / "queries", ""),
                                 (page.split("\n", 1)[1], built_project / "queries" / "page", "page/")):
        queries = [line for line in text.splitlines() if not line.startswith(" ")]  # not parameters
        assert [line.split()[0] for line in queries] == sorted(prefix + p.stem for p in folder.glob("*.rq"))
        assert all(len(line.split(None, 1)) == 2 for line in queries)


def test_query_json_has_numbers_as_numbers(built_project: Path) -> None:
    result = run_cli("query", "studies", "--format", "json", cwd=built_project, check=True)
    rows = json.loads(result.stdout)
    park = next(r for r in rows if r["author"] == "Park")
    assert park["sample_size"] == 39 and isinstance(park["sample_size"], int)


def test_unknown_query_and_parameter_are_clear_errors(built_project: Path) -> None:
    result = run_cli("query", "studys", cwd=built_project)
    assert result.returncode == 2 and "did you mean 'studies'" in result.stderr
    result = run_cli("query", "studies", "--param", "colour=red", cwd=built_project)
    assert result.returncode == 2 and "has no parameter 'colour'" in result.stderr


def test_viz_writes_an_offline_page(built_project: Path) -> None:
    out = built_project / "page.html"
    run_cli("viz", "--out", str(out), cwd=built_project, check=True)
    page = out.read_text(encoding="utf-8")
    assert "vis-network" in page or "vis.Network" in page
    # nothing is fetched; the only outside addresses are links (<a>) to identifier resolvers, opened on a click
    remote = re.findall(r'<(\w+)[^>]*\b(?:src|href)="(https?:[^"]*)"', page)
    resolvers = tuple(resolver for _, resolver, _ in RESOLVERS.values())
    assert remote and all(tag == "a" and url.startswith(resolvers) for tag, url in remote), remote

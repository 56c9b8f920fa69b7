"""Record discovery and safe reading: every file under data/ that looks like a record is either read
or refused with a reason; links, pipes, devices and folders never hang or crash a command."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from exograph.errors import RecordError
from exograph.records.files import MAX_BYTES, read_record_bytes, record_files
from exograph.records.load import load_all, load_record
from support import ROOT

PARK = ROOT / "data" / "studies" / "park-2022.yaml"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "data" / "studies").mkdir(parents=True)
    (tmp_path / "data" / "reviews").mkdir()
    shutil.copy(PARK, tmp_path / "data" / "studies" / "park-2022.yaml")
    return tmp_path


def refusal(path: Path, root: Path) -> str:
    with pytest.raises(RecordError) as caught:
        load_record(path, root)
    [problem] = caught.value.problems
    return problem.message


def test_discovery_lists_every_yaml_looking_name_reviews_first(project: Path) -> None:
    data = project / "data"
    for name in ("studies/b.yml", "studies/C.YAML", "studies/_t.yaml", "reviews/r.yaml", "extra/x.yaml",
                 "studies/sub/y.yaml", "x.yaml", "studies/notes.txt", "studies/.#lock.yaml"):
        (data / name).parent.mkdir(parents=True, exist_ok=True)
        (data / name).write_text("id: x\n")
    found = [str(p.relative_to(data)) for p in record_files(data)]
    assert found == ["reviews/r.yaml", "studies/C.YAML", "studies/_t.yaml", "studies/b.yml",
                     "studies/park-2022.yaml", "studies/sub/y.yaml", "extra/x.yaml", "x.yaml"]


@pytest.mark.parametrize("name, expected", [
    ("studies/park-2022.yml", "rename it to 'park-2022.yaml'"),
    ("studies/park-2022.YAML", "rename it to 'park-2022.yaml'"),
    ("studies/_park-2022.yaml", "starting with '_'"),
    ("studies/more/park-2022.yaml", "not in a record folder"),
    ("trials/park-2022.yaml", "not in a record folder"),
])
def test_misnamed_or_misplaced_file_is_refused_with_the_fix(project: Path, name: str, expected: str) -> None:
    path = project / "data" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(PARK, path)
    assert expected in refusal(path, project)
    _, problems = load_all(record_files(project / "data"), project)
    assert any(p.file == f"data/{name}" and expected in p.message for p in problems)


def test_a_folder_named_like_a_record(project: Path) -> None:
    folder = project / "data" / "studies" / "wan-2025.yaml"
    folder.mkdir()
    assert folder in record_files(project / "data")
    assert "a folder, not a regular file" in refusal(folder, project)


def test_dangling_link(project: Path) -> None:
    link = project / "data" / "studies" / "wan-2025.yaml"
    link.symlink_to("gone.yaml")
    assert "dangling symbolic link to 'gone.yaml'" in refusal(link, project)


def test_link_out_of_the_project_is_refused_even_to_a_good_record(project: Path, tmp_path_factory) -> None:
    outside = tmp_path_factory.mktemp("elsewhere") / "wan-2025.yaml"
    shutil.copy(ROOT / "data" / "studies" / "wan-2025.yaml", outside)
    link = project / "data" / "studies" / "wan-2025.yaml"
    link.symlink_to(outside)
    assert "symbolic link out of the project" in refusal(link, project)


def test_link_inside_the_project_is_read_and_shown_as_named(project: Path) -> None:
    (project / "keep").mkdir()
    shutil.copy(ROOT / "data" / "studies" / "wan-2025.yaml", project / "keep" / "wan-2025.yaml")
    link = project / "data" / "studies" / "wan-2025.yaml"
    link.symlink_to(project / "keep" / "wan-2025.yaml")
    assert load_record(link, project).rel_path == "data/studies/wan-2025.yaml"


def test_link_to_a_device_returns_at_once(project: Path) -> None:
    link = project / "data" / "studies" / "zero-2024.yaml"
    link.symlink_to("/dev/zero")
    assert "out of the project" in refusal(link, project)
    with pytest.raises(RecordError) as caught:  # named outside a project: refused as a device
        read_record_bytes(Path("/dev/zero"), "/dev/zero")
    assert "a device, not a regular file" in str(caught.value)


def test_named_pipe_is_refused_without_waiting_for_a_writer(project: Path) -> None:
    pipe = project / "data" / "studies" / "pipe-2024.yaml"
    os.mkfifo(pipe)
    assert "a named pipe, not a regular file" in refusal(pipe, project)


def test_reads_at_most_the_limit_plus_one_byte(project: Path) -> None:
    big = project / "data" / "studies" / "big-2024.yaml"
    big.write_bytes(b"#" * (MAX_BYTES + 10))
    assert "over 1,000,000 bytes" in refusal(big, project)


def test_named_file_outside_data_is_read_wherever_it_is(project: Path, tmp_path_factory) -> None:
    elsewhere = tmp_path_factory.mktemp("mine") / "park-2022.yml"
    shutil.copy(PARK, elsewhere)
    assert load_record(elsewhere, project).record.id == "park-2022"

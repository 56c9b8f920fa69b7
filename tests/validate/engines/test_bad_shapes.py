"""A shapes graph the native engine cannot apply is refused with one line that names the shape and
what is wrong (exit 2, no traceback), never validated by a guess. Each file of bad-shapes/ says what
its error must contain (`# expect-error:` lines). test_bad_shapes_through_the_real_command runs the real
command (a subprocess); the rest run its main() in-process."""

from __future__ import annotations

from pathlib import Path

import pytest

import support

BAD = Path(__file__).resolve().parent / "bad-shapes"
CASES = sorted(BAD.glob("*.ttl"))
DATA = """@prefix ex: <http://example.org/> .
ex:alice a ex:Person ; ex:name "Alice" ; ex:colour "red" .
"""


def expected_errors(path: Path) -> list[str]:
    return [line.split(":", 1)[1].strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.startswith("# expect-error:")]


def test_every_case_says_what_it_expects() -> None:
    assert len(CASES) >= 12
    assert all(expected_errors(case) for case in CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_bad_shapes_are_refused_naming_the_shape(case: Path, tmp_path: Path) -> None:
    data = tmp_path / "data.ttl"
    data.write_text(DATA, encoding="utf-8")
    result = support.cli_in_process("shacl", "--data", str(data), "--shapes", str(case))
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"error: the shapes in {case} cannot be applied: ")
    for fragment in expected_errors(case):
        assert fragment in line, line


def test_bad_shapes_through_the_real_command(tmp_path: Path) -> None:
    data = tmp_path / "data.ttl"
    data.write_text(DATA, encoding="utf-8")
    result = support.run_cli("shacl", "--data", str(data), "--shapes", str(BAD / "in-not-a-list.ttl"), cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "sh:in is not a well-formed RDF list" in result.stderr

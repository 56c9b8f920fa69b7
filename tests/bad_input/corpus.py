"""The bad-input corpus: each file of tests/bad_input/cases/ is one hostile but ordinary situation, and
says itself how to make it, what to run and what must come out. Read by test_corpus.py.

A case file:

    about: what goes wrong, in a sentence or two
    built: true                  # start from a built project (build/ filled), for commands that read it
    server: trickle-body         # a misbehaving server (tests/misbehaving_server.py); {server} is its URL
    given:                       # changes to a scratch copy of the project, in order
      - {edit: data/studies/park-2022.yaml, replace: "old text", with: "new text"}
      - {write: PATH, first: "", text: "...", repeat: 1, then: ""}   # text written `repeat` times
      - {bytes: PATH, hex: "69643a20e90a"}      # raw bytes, for files that are not UTF-8
      - {copy: PATH, to: PATH}
      - {link: PATH, to: TARGET}                  # a symbolic link; TARGET may use {outside}
      - {fifo: PATH}
      - {folder: PATH}
      - {remove: PATH}                            # a file or a whole folder
      - {outside: NAME, copy_of: PATH}            # a file in a folder outside the project ({outside})
    commands:                    # each run through the real command line, with the same expectations
      - [validate]
      - [build, --no-reason]
    stdout_to: /dev/full         # optional: where stdout goes (default: captured)
    file_size_limit: 100000      # optional: RLIMIT_FSIZE in bytes, as `ulimit -f` would set
    expect:
      exit: 1
      output: ["fragment", ...]  # each in stdout or stderr
      one_line: true             # stderr holds exactly one line besides progress, and it starts "error: "
      seconds: 20                # at most this long

Every case also checks: no traceback and no internal error, and when a command fails in a built
project the published outputs under build/ are byte-identical afterwards.
Placeholders in arguments and texts: {server}, {outside}, {project}, {byte:HH} (a raw byte, for
arguments that are not UTF-8).
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import subprocess
import sys
import time
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from misbehaving_server import MisbehavingServer
from support import PROJECT_FILES, PROJECT_PARTS, ROOT, SHARED

CASES = Path(__file__).resolve().parent / "cases"
DEFAULT_SECONDS = 60
PROGRESS = "[exograph] "
UNCHANGED_IGNORES = ("cache",)  # build/cache may gain entries that are correct for the bytes they name


@dataclass(frozen=True)
class Case:
    path: Path
    spec: dict[str, Any]

    @property
    def name(self) -> str:
        return self.path.stem

    @property
    def expect(self) -> dict[str, Any]:
        return self.spec["expect"]

    @classmethod
    def read(cls, path: Path) -> "Case":
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        missing = {"about", "commands", "expect"} - set(spec)
        assert not missing, f"{path.name}: missing {sorted(missing)}"
        assert "exit" in spec["expect"], f"{path.name}: expect.exit is required"
        return cls(path, spec)


def all_cases() -> list[Case]:
    return [Case.read(path) for path in sorted(CASES.glob("*.yaml"))]


@dataclass(frozen=True)
class Outcome:
    command: list[str]
    exit: int
    stdout: str
    stderr: str
    seconds: float
    build_unchanged: bool  # the published outputs under build/ are what they were before the command

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


class Scene:
    """A scratch project prepared as a case says, and the places its placeholders name."""

    def __init__(self, case: Case, project: Path, outside: Path, server_url: str = ""):
        self.case, self.project, self.outside, self.server_url = case, project, outside, server_url

    def fill(self, text: str) -> str:
        text = text.replace("{server}", self.server_url).replace("{outside}", str(self.outside))
        text = text.replace("{project}", str(self.project))
        return re.sub(r"\{byte:([0-9a-fA-F]{2})\}", lambda m: os.fsdecode(bytes([int(m.group(1), 16)])), text)

    def prepare(self) -> None:
        for step in self.case.spec.get("given", []):
            self._step(step)

    def _step(self, step: dict[str, Any]) -> None:
        at = lambda key: self.project / self.fill(step[key])  # noqa: E731 - a short local helper
        if "edit" in step:
            path = at("edit")
            text = path.read_text(encoding="utf-8")
            assert step["replace"] in text, f"{self.case.name}: {step['replace']!r} is not in {step['edit']}"
            path.write_text(text.replace(step["replace"], self.fill(step["with"]), 1), encoding="utf-8")
        elif "write" in step:
            path = at("write")
            path.parent.mkdir(parents=True, exist_ok=True)
            text = self.fill(step.get("first", "")) + self.fill(step["text"]) * step.get("repeat", 1)
            path.write_text(text + self.fill(step.get("then", "")), encoding="utf-8")
        elif "bytes" in step:
            path = at("bytes")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(bytes.fromhex(step["hex"]))
        elif "copy" in step:
            target = at("to")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(at("copy"), target)
        elif "link" in step:
            path = at("link")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.symlink_to(self.fill(step["to"]))
        elif "fifo" in step:
            os.mkfifo(at("fifo"))
        elif "folder" in step:
            at("folder").mkdir(parents=True)
        elif "remove" in step:
            path = at("remove")
            shutil.rmtree(path) if path.is_dir() and not path.is_symlink() else path.unlink()
        elif "outside" in step:
            shutil.copy(self.project / step["copy_of"], self.outside / step["outside"])
        else:
            raise AssertionError(f"{self.case.name}: unknown step {step}")


def run(case: Case, tmp_path: Path, built: Path | None) -> list[Outcome]:
    """Prepare the case in a scratch project under tmp_path and run each of its commands."""
    project, outside = tmp_path / "project", tmp_path / "outside"
    outside.mkdir()
    for part in PROJECT_PARTS:
        shutil.copytree(ROOT / part, project / part, symlinks=True)
    for name in PROJECT_FILES:  # its text folders (../shared, absent beside the copy: EXOGRAPH_TEXTS names them)
        shutil.copy2(ROOT / name, project / name)
    if case.spec.get("built"):
        assert built is not None
        shutil.copytree(built / "build", project / "build", symlinks=True)
    with ExitStack() as stack:
        url = ""
        if case.spec.get("server"):
            url = stack.enter_context(MisbehavingServer(case.spec["server"])).url
        scene = Scene(case, project, outside, url)
        scene.prepare()
        return [_run_command([scene.fill(a) for a in command], case, project) for command in case.spec["commands"]]


def _run_command(command: list[str], case: Case, project: Path) -> Outcome:
    before = published(project)

    env = {**os.environ, "EXOGRAPH_ROOT": str(project), "PYTHONWARNINGS": "ignore"}
    env.pop("EXOGRAPH_DEBUG", None)
    if (SHARED / "seeds").is_dir():
        env["EXOGRAPH_TEXTS"] = os.pathsep.join([str(SHARED / "seeds"), str(SHARED)])
    limit = case.spec.get("file_size_limit")
    stdout_to = case.spec.get("stdout_to")
    with ExitStack() as stack:
        stdout = stack.enter_context(open(stdout_to, "wb")) if stdout_to else subprocess.PIPE
        start = time.monotonic()
        result = subprocess.run(
            [sys.executable, "-m", "exograph", *command], cwd=project, env=env, stdout=stdout,
            stderr=subprocess.PIPE, timeout=case.expect.get("seconds", DEFAULT_SECONDS) + 30,
            preexec_fn=(lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))) if limit else None)
        seconds = time.monotonic() - start
    decode = lambda data: (data or b"").decode("utf-8", "replace")  # noqa: E731
    return Outcome(command, result.returncode, decode(result.stdout), decode(result.stderr), seconds,
                   published(project) == before)


def published(project: Path) -> dict[str, bytes]:
    """The published outputs under build/: every file but the cache and hidden working files."""
    build = project / "build"
    if not build.is_dir():
        return {}
    files = {}
    for path in sorted(build.rglob("*")):
        relative = path.relative_to(build)
        if relative.parts[0] in UNCHANGED_IGNORES or any(part.startswith(".") for part in relative.parts):
            continue
        if path.is_file():
            files[str(relative)] = path.read_bytes()
    return files


def error_lines(stderr: str) -> list[str]:
    """stderr without progress lines."""
    return [line for line in stderr.splitlines() if line.strip() and not line.startswith(PROGRESS)]

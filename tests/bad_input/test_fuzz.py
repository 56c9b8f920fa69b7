"""Random mutations of the curated records through `exograph validate` and `exograph build`, for a
bounded time: wrong types, keys given twice, deletions, unicode, huge and non-finite numbers, broken
bytes. Whatever the mutation, neither command raises (no traceback, no internal error), both exit
0 or 1 and agree with each other, and a build that fails leaves the published outputs as they were.
Builds skip the reasoner (seconds each), except every REASON_EVERY-th mutation that builds: that one
is built again with HermiT, which must not fail on any value conversion wrote.

The commands run in this process through exograph.cli.main (the corpus runs the real executable);
a fixed seed makes a run repeatable. EXOGRAPH_FUZZ_SECONDS (default 45) bounds the time,
EXOGRAPH_FUZZ_SEED (default 18) picks the mutations; a failure prints the seed, the iteration and
the mutated file so the case can be replayed or added to the corpus.
"""

from __future__ import annotations

import contextlib
import io
import math
import os
import random
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import pytest
import yaml

from corpus import published
from support import SHARED, copy_project

SECONDS = float(os.environ.get("EXOGRAPH_FUZZ_SECONDS", "45"))
SEED = int(os.environ.get("EXOGRAPH_FUZZ_SEED", "18"))
MIN_ROUNDS = 5  # however slow the machine, this many rounds run
REASON_EVERY = 3  # of the mutations that build, every third is built again with the reasoner (HermiT, seconds)

WEIRD_TEXT = ["", " ", "\u200b", "e\u0301", "\u202egnp.exe", "😀" * 50, "ß" * 3000, "null", "~", "yes", "0x1F",
              "1e400", ".nan", "-", "\t\n", "<script>alert(1)</script>", "'; DROP TABLE x; --", "%s%n", "\\u0000",
              "﷽", "park-2022", "../../etc/passwd"]
NUMBERS = [0, -1, -0.0, 1e308, -1e308, 5e-324, 2**53, 2**53 + 1, -(2**63), 10**30, math.nan, math.inf, -math.inf,
           True, False, 0.1 + 0.2, 7777]


@dataclass(frozen=True)
class Mutation:
    name: str
    text: str  # the whole mutated file


def scalars(data: Any, path: tuple = ()) -> list[tuple]:
    """Paths to every scalar, list item and mapping key in a YAML document."""
    found = []
    if isinstance(data, dict):
        for key, value in data.items():
            found.append(path + (key,))
            found += scalars(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found.append(path + (index,))
            found += scalars(value, path + (index,))
    return found


def parent_of(data: Any, path: tuple) -> Any:
    for step in path[:-1]:
        data = data[step]
    return data


def dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)


def set_value(rng: random.Random, data: Any, value_of: Callable[[random.Random], Any], name: str) -> Mutation:
    path = rng.choice(scalars(data))
    parent_of(data, path)[path[-1]] = value_of(rng)
    return Mutation(f"{name} at {'/'.join(map(str, path))}", dump(data))


def other_type(rng: random.Random) -> Any:
    return rng.choice(["text", 12, 3.5, True, None, [], {}, ["a", 1], {"value": 1}, [[[]]]])


def delete(rng: random.Random, data: Any) -> Mutation:
    path = rng.choice(scalars(data))
    del parent_of(data, path)[path[-1]]
    return Mutation(f"delete {'/'.join(map(str, path))}", dump(data))


def duplicate_line(rng: random.Random, text: str) -> Mutation:
    """A `key: value` line given twice in its mapping (as a curator's copy and paste would)."""
    lines = text.split("\n")
    keyed = [i for i, line in enumerate(lines) if ":" in line and not line.lstrip().startswith(("#", "- ", "-\t"))]
    index = rng.choice(keyed)
    changed = lines[:index + 1] + [lines[index].split(":", 1)[0] + ": 7777"] + lines[index + 1:]
    return Mutation(f"duplicate key on line {index + 1}", "\n".join(changed))


def break_bytes(rng: random.Random, text: str) -> Mutation:
    raw = text.encode("utf-8")
    cut = rng.randrange(len(raw))
    if rng.random() < 0.5:
        return Mutation(f"truncate at byte {cut}", raw[:cut].decode("utf-8", "ignore"))
    return Mutation(f"insert markup at byte {cut}", raw[:cut].decode("utf-8", "ignore") + rng.choice(
        ["\t", ": :", "{", "]", "&a", "*a", "!!python/object:os.system", "%", "@", "`", "\x00", "\ufeff"]) +
        raw[cut:].decode("utf-8", "ignore"))


def mutate(rng: random.Random, text: str) -> Mutation:
    data = yaml.safe_load(text)
    kind = rng.choice(["type", "type", "number", "number", "unicode", "delete", "delete", "duplicate", "bytes"])
    if kind == "type":
        return set_value(rng, data, other_type, "other type")
    if kind == "number":
        return set_value(rng, data, lambda r: r.choice(NUMBERS), "odd number")
    if kind == "unicode":
        return set_value(rng, data, lambda r: r.choice(WEIRD_TEXT), "odd text")
    if kind == "delete":
        return delete(rng, data)
    if kind == "duplicate":
        return duplicate_line(rng, text)
    return break_bytes(rng, text)


def run_cli_here(*args: str) -> tuple[int, str]:
    """exograph.cli.main in this process: its exit code and everything it printed."""
    from exograph.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue() + err.getvalue()


@pytest.fixture
def fuzz_project(tmp_path: Path, built_project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copy_project(tmp_path)
    shutil.copytree(built_project / "build", tmp_path / "build")
    monkeypatch.setenv("EXOGRAPH_ROOT", str(tmp_path))
    monkeypatch.delenv("EXOGRAPH_DEBUG", raising=False)
    if (SHARED / "seeds").is_dir():
        monkeypatch.setenv("EXOGRAPH_TEXTS", os.pathsep.join([str(SHARED / "seeds"), str(SHARED)]))
    return tmp_path


def test_random_mutations_of_curated_records(fuzz_project: Path) -> None:
    rng = random.Random(SEED)
    files = sorted((fuzz_project / "data").rglob("*.yaml"))
    start, rounds, seen = time.monotonic(), 0, {0: 0, 1: 0}
    while rounds < MIN_ROUNDS or time.monotonic() - start < SECONDS:
        path = rng.choice(files)
        original = path.read_text(encoding="utf-8")
        mutation = mutate(rng, original)
        path.write_text(mutation.text, encoding="utf-8")
        where = (f"seed {SEED}, round {rounds}: {mutation.name} in {path.relative_to(fuzz_project)}\n"
                 f"--- mutated file ---\n{mutation.text[:4000]}")
        before = published(fuzz_project)
        checked, checked_output = run_cli_here("validate", str(path))
        built, built_output = run_cli_here("build", "--no-reason")
        for code, output in ((checked, checked_output), (built, built_output)):
            assert code in (0, 1) and "internal error" not in output, f"{where}\n--- output ---\n{output[-3000:]}"
        assert checked == built, f"validate exited {checked}, build {built}: {where}\n{built_output[-2000:]}"
        if built != 0:
            assert published(fuzz_project) == before, f"a failed build changed build/: {where}"
        elif seen[0] % REASON_EVERY == 0:  # the reasoner reads what conversion wrote: odd values reach it
            reasoned, reasoned_output = run_cli_here("build")
            assert reasoned in (0, 1) and "internal error" not in reasoned_output, f"{where}\n{reasoned_output[-3000:]}"
        seen[built] += 1
        path.write_text(original, encoding="utf-8")
        rounds += 1
    print(f"fuzz: {rounds} rounds in {time.monotonic() - start:.0f} s (seed {SEED}): {seen[0]} built, {seen[1]} refused")
    assert seen[1] > 0, "no mutation was refused: the mutations do not reach the checks"

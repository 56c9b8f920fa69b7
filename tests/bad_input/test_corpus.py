"""Every case of the bad-input corpus (tests/bad_input/cases/, one file per case, each saying what it
expects) through the real command line: the documented exit code and message, no traceback, no
internal error, no damage to build/."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from corpus import CASES, DEFAULT_SECONDS, Case, Outcome, all_cases, error_lines, run

CORPUS = all_cases()


@pytest.fixture(scope="session")
def outcomes(request: pytest.FixtureRequest,
             tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Outcome] | BaseException]:
    """The outcomes of every case this session selected, run two at a time: the corpus is many short
    processes, and two cores finish them in half the time."""
    here = Path(__file__).resolve()
    selected = [item.callspec.params["case"] for item in request.session.items
                if Path(str(item.path)).resolve() == here and getattr(item, "originalname", "") == "test_case"]
    built = request.getfixturevalue("built_project") if any(c.spec.get("built") for c in selected) else None

    def one(case: Case) -> list[Outcome]:
        return run(case, tmp_path_factory.mktemp(case.name), built)

    with ThreadPoolExecutor(max_workers=min(2, os.cpu_count() or 1)) as pool:
        futures = {case.name: pool.submit(one, case) for case in selected}
    return {name: future.exception() or future.result() for name, future in futures.items()}


def test_the_corpus_is_there_and_every_case_describes_itself() -> None:
    assert len(CORPUS) >= 40
    for case in CORPUS:
        assert len(case.spec["about"].split()) >= 6, f"{case.name}: say what goes wrong"
        assert case.expect["exit"] in (0, 1, 2), f"{case.name}: exit codes are 0, 1 or 2"
        assert case.expect["exit"] == 0 or case.expect.get("output"), f"{case.name}: a failure names its message"


@pytest.mark.parametrize("case", CORPUS, ids=[case.name for case in CORPUS])
def test_case(case: Case, outcomes: dict[str, list[Outcome] | BaseException]) -> None:
    result = outcomes[case.name]
    if isinstance(result, BaseException):  # the case could not be prepared or run
        raise result
    for outcome in result:
        shown = f"exograph {' '.join(outcome.command)} (exit {outcome.exit}):\n{outcome.output[-3000:]}"
        assert outcome.exit == case.expect["exit"], shown
        assert "Traceback" not in outcome.output and "internal error" not in outcome.output, shown
        for fragment in case.expect.get("output", []):
            assert fragment in outcome.output, f"{fragment!r} missing from {shown}"
        if case.expect.get("one_line"):
            lines = error_lines(outcome.stderr)
            assert len(lines) == 1 and lines[0].startswith("error: "), shown
        assert outcome.seconds < case.expect.get("seconds", DEFAULT_SECONDS), f"took {outcome.seconds:.1f} s: {shown}"
        if outcome.exit != 0:
            assert outcome.build_unchanged, f"build/ changed: {shown}"


def test_cases_folder_holds_only_cases() -> None:
    assert sorted(p.suffix for p in CASES.iterdir()) == [".yaml"] * len(CORPUS)

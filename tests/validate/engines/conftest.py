"""Prints the W3C SHACL suite pass counts of each engine at the end of the session."""

from __future__ import annotations

from typing import Any


def pytest_terminal_summary(terminalreporter: Any) -> None:
    from w3c_suite import COUNTS

    if COUNTS:
        terminalreporter.write_sep("-", "W3C SHACL test suite")
        for (engine, suite), (passed, run) in sorted(COUNTS.items()):
            terminalreporter.write_line(f"{engine}: {passed}/{run} approved {suite} tests passed")

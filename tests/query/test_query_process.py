"""`exograph query NAME` as its own process loads what a query needs and nothing else: the command line
imports only the named verb's module, and the check that build/store is fresh reads file sizes and
times without the record model (pydantic) — a query's start-up is part of what a user waits for."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

HEAVY = ("pydantic", "networkx", "pyvis", "pyshacl", "owlready2", "exograph.records.schema", "exograph.analysis")


def test_a_query_process_loads_neither_the_record_model_nor_the_page_libraries(built_project: Path):
    code = ("import sys\nfrom exograph.cli import main\ncode = main(['query', 'studies', '--format', 'csv'])\n"
            f"print('LOADED', sorted(m for m in {HEAVY!r} if m in sys.modules), code)")
    env = {**os.environ, "EXOGRAPH_ROOT": str(built_project), "PYTHONWARNINGS": "ignore"}
    result = subprocess.run([sys.executable, "-c", code], cwd=built_project, env=env, capture_output=True,
                            text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    rows_text, _, loaded = result.stdout.rpartition("LOADED ")
    assert loaded.strip() == "[] 0"
    rows = list(csv.reader(io.StringIO(rows_text)))
    assert rows[0][0] == "study" and len(rows) > 5  # the query's own header and a row per curated study


def test_the_full_parser_still_answers_help_and_unknown_verbs(run_cli, built_project: Path):
    listing = run_cli("--help", cwd=built_project)
    assert listing.returncode == 0 and "query" in listing.stdout and "viz" in listing.stdout
    unknown = run_cli("no-such-verb", cwd=built_project)
    assert unknown.returncode == 2 and "invalid choice: 'no-such-verb'" in unknown.stderr

"""`exograph serve`'s query page, in a real headless Chromium: it makes no request outside the server,
offers the saved queries as examples and shows a query's rows."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("EXOGRAPH_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]


def _need_browser():  # noqa: ANN202 - playwright's sync_playwright
    message = ""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is absent: the query page test needs Debian's chromium (apt-get install -y chromium)"
    else:
        try:
            from playwright.sync_api import sync_playwright

            return sync_playwright
        except ImportError:
            message = "the playwright package is missing (pip install -e '.[test]')"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message + " (CI=true requires it)")
    pytest.skip(message)


@pytest.mark.browser
def test_the_query_page_stays_offline_and_runs_a_saved_query(built_project: Path) -> None:
    sync_playwright = _need_browser()
    env = {**os.environ, "EXOGRAPH_ROOT": str(built_project), "PYTHONWARNINGS": "ignore"}
    process = subprocess.Popen([sys.executable, "-m", "exograph", "serve", "--port", "0"], cwd=built_project,
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        process.stdout.readline()
        page_url = process.stdout.readline().split(": ", 1)[1].strip()
        requests, problems = [], []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.on("request", lambda request: requests.append(request.url))
            page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
            page.on("pageerror", lambda error: problems.append(str(error)))
            page.goto(page_url)
            names = page.eval_on_selector_all("#example option", "options => options.map(o => o.textContent)")
            assert names == sorted(p.stem for p in (built_project / "queries").glob("*.rq"))
            page.select_option("#example", label="studies")
            assert "SELECT" in page.input_value("#query")
            page.click("#run")
            page.wait_for_selector("#results table", timeout=30_000)
            assert page.text_content("#status") == "11 rows"
            assert page.eval_on_selector_all("#results tbody tr", "rows => rows.length") == 11
            browser.close()
        assert problems == []
        assert requests and all(url.startswith(page_url) for url in requests), requests
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()

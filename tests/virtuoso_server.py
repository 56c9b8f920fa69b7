"""A private Virtuoso Open Source server for the tests: its own database in a temporary folder, bound
to 127.0.0.1 on free ports, stopped cleanly (SIGTERM makes Virtuoso shut down and exit).

Virtuoso is a Debian package (`virtuoso-opensource`); where its binary is absent the tests that need it
skip with the reason, except in CI (CI=true), where they fail.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from exograph.store import free_port

BINARY = "virtuoso-t"
USER, PASSWORD = "dba", "dba"  # a fresh database's administrator
INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 0
NumberOfBuffers = 4000
MaxDirtyBuffers = 3000
DirsAllowed = .

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
ServerThreads = 4
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
"""


def virtuoso_binary() -> str:
    """The server binary; skipped with the reason when absent, a failure in CI."""
    found = shutil.which(BINARY)
    if found:
        return found
    message = (f"`{BINARY}` is not installed: these tests compare the saved queries on Virtuoso Open Source "
               "(apt-get install virtuoso-opensource)")
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message + " (CI=true requires it)")
    pytest.skip(message)


class VirtuosoServer:
    """`virtuoso-t +foreground` over a private database in `folder`."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.http_port, self.sql_port = free_port(), free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def sparql_url(self) -> str:
        return f"{self.url}/sparql"

    def start(self, timeout: float = 90.0) -> "VirtuosoServer":
        binary = virtuoso_binary()
        ini = self.folder / "virtuoso.ini"
        ini.write_text(INI.format(dir=self.folder, sql_port=self.sql_port, http_port=self.http_port), encoding="utf-8")
        with open(self.folder / "stdout.log", "wb") as log:
            self.process = subprocess.Popen([binary, "+configfile", str(ini), "+foreground"], cwd=self.folder,
                                            stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"virtuoso exited while starting (status {self.process.returncode}):\n{self.log()}")
            if self._answers():
                return self
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"virtuoso did not answer on {self.url} within {timeout:.0f} s:\n{self.log()}")

    def _answers(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.sparql_url}?query=ASK%7B%7D", timeout=2) as response:
                return response.status == 200
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return False

    def bulk_load(self, ntriples: Path, graph: str, timeout: float = 300.0) -> None:
        """Virtuoso's bulk loader, as a large deployment loads a file: `ld_dir` over a folder that
        `DirsAllowed` lists (the database folder here), `rdf_loader_run`, `checkpoint`, through isql."""
        isql = shutil.which("isql-vt") or shutil.which("isql")
        if isql is None:
            pytest.fail("isql-vt is missing: it comes with virtuoso-opensource (its -bin package)")
        folder = self.folder / "bulk"
        folder.mkdir(exist_ok=True)
        shutil.copyfile(ntriples, folder / ntriples.name)
        script = f"ld_dir('bulk', '{ntriples.name}', '{graph}'); rdf_loader_run(); checkpoint;"
        result = subprocess.run([isql, f"127.0.0.1:{self.sql_port}", USER, PASSWORD, f"exec={script}"],
                                capture_output=True, text=True, timeout=timeout)
        if result.returncode != 0 or "Error" in result.stdout + result.stderr:
            raise RuntimeError(f"bulk load failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")

    def log(self) -> str:
        path = self.folder / "virtuoso.log"
        return path.read_text(encoding="utf-8", errors="replace")[-2000:] if path.exists() else ""

    def stop(self, timeout: float = 30.0) -> None:
        """SIGTERM (Virtuoso's clean shutdown), then SIGKILL if it does not exit in time."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def __enter__(self) -> "VirtuosoServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

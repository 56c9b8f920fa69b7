"""The scale benchmark (`make bench`): synthetic evidence bases of 100, 1,000 and 10,000 studies; the
build, validation, reasoning, every saved query on both backends and the page; wall time and peak
memory of each stage, each next to its comparison measured in the same run. Writes
benchmarks/results.json and docs/benchmarks.md.

    python benchmarks/run.py                      # 100, 1,000, 10,000 (about an hour on 2 cores)
    python benchmarks/run.py --sizes 2000 --only build-cold,build-warm,raw-load,validate-cold,queries-oxigraph
    python benchmarks/run.py --sizes 1000,2000,10000 --only build-default,build-incremental,raw-load,reason-per-record,query-as-user
    python benchmarks/run.py --sizes 100,1000     # a quick look
    python benchmarks/run.py --report-only        # rewrite docs/benchmarks.md from results.json

Each stage runs in its own process (benchmarks/stages.py): the runner samples the memory of that
process and its workers, and stops it at the stage's time cap. A capped stage is reported as "> cap".
Not part of the unit tests: timings depend on the machine and on what else runs on it.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results.json"
REPORT = ROOT / "docs" / "benchmarks.md"
PYTHON = sys.executable


@dataclass(frozen=True)
class Stage:
    """A stage of the benchmark: which sizes it runs at, its time cap, extra arguments."""

    name: str
    cap: float
    max_size: int = 10 ** 9
    args: tuple[str, ...] = ()
    key: str = ""

    @property
    def slot(self) -> str:
        return self.key or self.name


def plan(query_cap: float, rdflib_query_cap: float) -> list[Stage]:
    """The stages in order. The reference build, serial validation, HermiT and the unfolded page stop
    at 1,000 studies: at 10,000 they take hours (each says so in the report)."""
    return [
        Stage("build-cold", 1800),
        Stage("build-warm", 600),
        Stage("build-default", 3600),  # what `exograph build` does: validation and reasoning included
        Stage("raw-load", 600),
        Stage("build-reference", 1200, max_size=1000),
        Stage("validate-cold", 5400),
        Stage("validate-incremental", 900),
        Stage("validate-serial", 1800, max_size=1000),
        Stage("validate-whole", 7200),  # capped at WHOLE_GRAPH_MARGIN x the per-record time, see whole_graph_cap
        Stage("validate-pyshacl", 3600),  # per-record pySHACL in the same pool
        Stage("validate-rudof", 1800, max_size=2000),  # whole-graph rudof: 7.7 GB at 2,000 studies (TOOLCHAIN.md)
        Stage("reason", 300, max_size=200),  # HermiT over the whole graph: grows quadratically (> 5 min at 1,000)
        Stage("reason-per-record", 1800),
        Stage("query-as-user", 3600, args=("--query-cap", str(query_cap))),  # each `exograph query NAME` process
        # one study edited, then the default build; after the query stage, which needs the store fresh:
        # restoring the study afterwards changes its file again
        Stage("build-incremental", 1200),
        Stage("queries-oxigraph", 1800, args=("--query-cap", str(query_cap))),
        Stage("queries-rdflib", 7200, args=("--query-cap", str(rdflib_query_cap))),
        Stage("viz", 900, args=("--fold",), key="viz-folded"),
        Stage("viz", 900, max_size=1000, args=("--no-fold",), key="viz-unfolded"),
    ]


# ---- running one stage --------------------------------------------------------------------------------


@dataclass
class Outcome:
    status: str  # ok | capped | error
    wall: float
    peak_tree_mb: float
    peak_process_mb: float
    result: dict[str, Any] = field(default_factory=dict)
    error: str = ""
    cpu: float = 0.0  # user + system seconds of the stage and its workers: cpu / wall = cores kept busy


def tree_rss(pid: int) -> int:
    """Memory of a process and all its descendants (workers, forked query children), in bytes: the
    sum of their proportional set sizes (PSS), so pages a forked child shares with its parent count
    once, not once per process; resident size where PSS is not available."""
    import psutil

    try:
        parent = psutil.Process(pid)
        members = [parent, *parent.children(recursive=True)]
    except psutil.Error:
        return 0
    total = 0
    for member in members:
        try:
            total += _proportional(member)
        except psutil.Error:
            pass
    return total


def _proportional(process: Any) -> int:
    try:
        return process.memory_full_info().pss
    except AttributeError:  # no PSS on this platform
        return process.memory_info().rss


def run_stage(stage: Stage, root: Path, cap: float | None = None) -> Outcome:
    """Run a stage in a new process group; sample its memory every 0.1 s; stop it at the cap. Output
    goes to files (a full pipe would stall the stage), and wait4 gives the peak RSS of the largest
    process of the stage."""
    import tempfile

    cap = cap or stage.cap
    command = [PYTHON, str(HERE / "stages.py"), stage.name, str(root), *stage.args]
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, env=env, start_new_session=True, cwd=root)
        peak, capped, usage = _watch(process.pid, start, cap)
        process.returncode = 0  # reaped by wait4 above; keeps Popen from waiting again
        wall = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        outcome = _outcome(capped, wall, peak / 2 ** 20, usage.ru_maxrss / 1024, out.read(), err.read(), cap)
        outcome.cpu = usage.ru_utime + usage.ru_stime
        return outcome


SAMPLE_EVERY = 0.1  # seconds between memory samples, at least
SAMPLING_SHARE = 20  # ...and at least this many times what one sample costs


def _watch(pid: int, start: float, cap: float) -> tuple[int, bool, Any]:
    """Wait for the stage: (peak memory of its process tree, whether it was stopped at the cap, rusage)."""
    peak = 0
    while True:
        done, _, usage = os.wait4(pid, os.WNOHANG)
        if done:
            return peak, False, usage
        sampled = time.perf_counter()
        peak = max(peak, tree_rss(pid))
        cost = time.perf_counter() - sampled  # reading PSS walks page tables: costly for a large process
        if time.perf_counter() - start > cap:
            os.killpg(pid, signal.SIGKILL)
            return peak, True, os.wait4(pid, 0)[2]
        time.sleep(max(SAMPLE_EVERY, SAMPLING_SHARE * cost))  # the sampler takes at most ~1/20 of a core


def _outcome(capped: bool, wall: float, tree_mb: float, process_mb: float, out: bytes, err: bytes,
             cap: float) -> Outcome:
    if capped:
        return Outcome("capped", cap, tree_mb, process_mb, {"cap": cap})
    lines = out.decode("utf-8", "replace").strip().splitlines()
    try:
        return Outcome("ok", wall, tree_mb, max(process_mb, 0.0), json.loads(lines[-1]))
    except (IndexError, json.JSONDecodeError):
        return Outcome("error", wall, tree_mb, process_mb, error=err.decode("utf-8", "replace")[-2000:])


# ---- the whole run --------------------------------------------------------------------------------------


def synthesize(size: int, work: Path) -> tuple[Path, float]:
    folder = work / f"synth-{size}"
    start = time.perf_counter()
    subprocess.run([PYTHON, "-m", "exograph", "--root", str(ROOT), "synth", "--studies", str(size), "--out",
                    str(folder)], check=True, capture_output=True, env={**os.environ, "EXOGRAPH_ROOT": str(ROOT)})
    return folder, time.perf_counter() - start


WHOLE_GRAPH_MARGIN = 3.2  # the target asks per-record validation to be >= 3x faster than whole-graph
WHOLE_GRAPH_LOADING = 1800.0  # reading the records and building the rdflib graph, before validation
WHOLE_GRAPH_FLOOR = 60.0  # a few seconds of per-record validation still give whole-graph pySHACL a minute


def whole_graph_cap(stage: Stage, entry: dict[str, Any], most: float) -> float:
    """Whole-graph pySHACL grows faster than the graph: it is stopped once it has taken a little more
    than 3x the per-record validation of the same records — enough to decide the target, and a lower
    bound on the ratio."""
    cold = entry.get("validate-cold", {})
    if cold.get("status") != "ok":
        return stage.cap
    return min(stage.cap, most, max(WHOLE_GRAPH_FLOOR, WHOLE_GRAPH_MARGIN * cold["result"]["seconds"]))


def run_size(size: int, work: Path, stages: list[Stage], results: dict[str, Any], only: set[str],
             whole_cap: float) -> None:
    folder, seconds = synthesize(size, work)
    entry = results.setdefault(str(size), {})
    entry["synth"] = {"status": "ok", "wall": seconds}
    entry.setdefault("_runs", []).append({"started": time.strftime("%Y-%m-%d %H:%M %Z"), "load": os.getloadavg(),
                                          "stages": sorted(only) or "all"})
    for stage in stages:
        if size > stage.max_size or (only and stage.slot not in only):
            continue
        cap = stage.cap
        if stage.name == "validate-whole":  # the cap applies to validation; loading gets its own time
            cap = whole_graph_cap(stage, entry, whole_cap)
            stage = dataclasses.replace(stage, args=(*stage.args, "--validation-cap", str(cap)))
        log(f"N={size}: {stage.slot} (cap {cap:.0f} s)")
        outcome = run_stage(stage, folder, cap + (WHOLE_GRAPH_LOADING if stage.name == "validate-whole" else 0))
        if outcome.status == "ok" and "stopped_at" in outcome.result:
            outcome = dataclasses.replace(outcome, status="capped", result={"cap": outcome.result["stopped_at"]})
        entry[stage.slot] = outcome.__dict__
        log(f"N={size}: {stage.slot}: {outcome.status} in {outcome.wall:.1f} s, peak {outcome.peak_tree_mb:.0f} MB"
            + (f"\n{outcome.error}" if outcome.error else ""))
        save(results)


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def load_results() -> dict[str, Any]:
    return json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}


def save(results: dict[str, Any]) -> None:
    RESULTS.write_text(json.dumps(results, indent=1, sort_keys=True, default=str) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000", help="comma-separated study counts")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "bench", help="where the synthetic sets go")
    parser.add_argument("--only", default="", help="comma-separated stage names to run (default: all)")
    parser.add_argument("--query-cap", type=float, default=120.0, help="cap per saved query on Oxigraph (s)")
    parser.add_argument("--rdflib-query-cap", type=float, default=30.0, help="cap per saved query on rdflib (s)")
    parser.add_argument("--whole-cap", type=float, default=7200.0,
                        help="most seconds whole-graph pySHACL may run (it is superlinear: hours at 10,000)")
    parser.add_argument("--report-only", action="store_true", help="only rewrite docs/benchmarks.md")
    args = parser.parse_args(argv)
    results = load_results()
    if not args.report_only:
        results.setdefault("_meta", {})["started"] = time.strftime("%Y-%m-%d %H:%M:%S %Z")
        results["_meta"]["load_before"] = os.getloadavg()
        stages = plan(args.query_cap, args.rdflib_query_cap)
        only = {name for name in args.only.split(",") if name}
        for size in (int(s) for s in args.sizes.split(",")):
            run_size(size, args.work, stages, results, only, args.whole_cap)
        results["_meta"]["finished"] = time.strftime("%Y-%m-%d %H:%M:%S %Z")
        results["_meta"]["load_after"] = os.getloadavg()
        save(results)
    sys.path.insert(0, str(HERE))
    from report import write_report

    write_report(results, REPORT)
    log(f"wrote {REPORT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

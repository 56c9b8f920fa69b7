"""One benchmark stage per process: `python benchmarks/stages.py STAGE ROOT [OPTIONS]`.

Each stage measures one thing on the project folder ROOT (a synthetic set written by `exograph synth`)
and prints one JSON object as its last line of output. Running each stage in its own process lets the
runner (run.py) read that process's peak memory and stop it at a time cap.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import sys
import time
from pathlib import Path
from typing import Any, Callable

Result = dict[str, Any]
STAGES: dict[str, Callable[[argparse.Namespace], Result]] = {}


def stage(function: Callable[[argparse.Namespace], Result]) -> Callable[[argparse.Namespace], Result]:
    STAGES[function.__name__.replace("_", "-")] = function
    return function


def timed(function: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = function()
    return time.perf_counter() - start, value


def paths_of(args: argparse.Namespace) -> Any:
    from exograph.paths import ProjectPaths

    return ProjectPaths(Path(args.root))


def nt_file(args: argparse.Namespace) -> Path:
    path = Path(args.root) / "build" / "exograph.nt"
    if not path.exists():
        raise SystemExit(f"{path} is missing: run a build stage of this size first (build-cold or build-default)")
    return path


# ---- build ------------------------------------------------------------------------------------------


@stage
def build_cold(args: argparse.Namespace) -> Result:
    """The build from nothing (no cache): records read, converted, assembled, written. No
    validation or reasoning: those are measured apart."""
    import shutil

    from exograph.build import build

    paths = paths_of(args)
    shutil.rmtree(paths.build, ignore_errors=True)
    seconds, _ = timed(lambda: build(paths, reason=False, validate=False))
    nt = nt_file(args)
    exports = {f"{kind}_bytes": path.stat().st_size for kind, path in
               (("ttl", nt.parent / "exograph.ttl"), ("jsonld", nt.parent / "exograph.jsonld")) if path.exists()}
    return {"seconds": seconds, "triples": sum(1 for _ in nt.open("rb")), "nt_bytes": nt.stat().st_size, **exports}


@stage
def build_warm(args: argparse.Namespace) -> Result:
    """The build again, nothing changed: every record from the cache."""
    from exograph.build import build

    seconds, _ = timed(lambda: build(paths_of(args), reason=False, validate=False))
    return {"seconds": seconds}


def _touch_one_study(paths: Any) -> tuple[Path, str]:
    """Change one study's label (a real edit: its triples change), returning how to undo it."""
    study = sorted((paths.data / "studies").glob("*.yaml"))[len(list((paths.data / "studies").glob("*.yaml"))) // 2]
    text = study.read_text(encoding="utf-8")
    study.write_text(text.replace("label: ", "label: Edited ", 1), encoding="utf-8")
    return study, text


@stage
def build_default(args: argparse.Namespace) -> Result:
    """The cold build as `exograph build` runs it by default, from nothing (no build/, no cache):
    conversion, validation, computed claims, appraisal, HermiT classifying the ontology, reasoning per
    record, the store and the exports. `phases`: when each of its progress messages came (seconds
    from the start), to tell where the time goes."""
    import shutil

    from exograph.build import build

    paths = paths_of(args)
    shutil.rmtree(paths.build, ignore_errors=True)
    with _progress_clock() as phases:
        seconds, _ = timed(lambda: build(paths))
    return {"seconds": seconds, "phases": phases}


class _progress_clock:
    """Note the time of every progress line the build writes to stderr (and still write it)."""

    def __enter__(self) -> list[tuple[float, str]]:
        self.stderr, self.start, self.lines = sys.stderr, time.perf_counter(), []
        clock = self

        class Timestamped:
            def write(self, text: str) -> int:
                for line in text.splitlines():
                    if line.startswith("[exograph] "):
                        clock.lines.append((round(time.perf_counter() - clock.start, 3), line[11:]))
                return clock.stderr.write(text)

            def flush(self) -> None:
                clock.stderr.flush()

        sys.stderr = Timestamped()  # type: ignore[assignment]
        return self.lines

    def __exit__(self, *exc: Any) -> None:
        sys.stderr = self.stderr


@stage
def build_incremental(args: argparse.Namespace) -> Result:
    """One study edited, then the build as `exograph build` runs it by default: that record converted,
    validated and realized again, the cross-record rules and pass, the store and exports updated. An
    untimed default build first makes sure the cache holds everything else (as after any build)."""
    from exograph.build import build

    paths = paths_of(args)
    build(paths)
    study, text = _touch_one_study(paths)
    try:
        with _progress_clock() as phases:
            seconds, _ = timed(lambda: build(paths))
    finally:
        study.write_text(text, encoding="utf-8")
    return {"seconds": seconds, "phases": phases}


@stage
def build_reference(args: argparse.Namespace) -> Result:
    """The reference build of tests/build/oracle.py (rdflib end to end: parse, merge, serialize), no validation or
    reasoning, writing into a copy of the project so the fast build's outputs stay."""
    from exograph.paths import ProjectPaths

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "build"))
    from oracle import reference_build

    copy = _linked_copy(Path(args.root), Path(args.root) / "reference")
    seconds, _ = timed(lambda: reference_build(ProjectPaths(copy)))
    return {"seconds": seconds}


def _linked_copy(root: Path, target: Path) -> Path:
    """A project folder sharing `root`'s inputs through links, with its own build/."""
    import shutil

    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for name in ("data", "ontology", "shapes", "queries"):
        (target / name).symlink_to((root / name).resolve(), target_is_directory=True)
    return target


@stage
def raw_load(args: argparse.Namespace) -> Result:
    """The yardstick: one pyoxigraph bulk load of build/exograph.nt (the same triples the build writes)."""
    import pyoxigraph

    data = nt_file(args).read_bytes()
    store = pyoxigraph.Store()
    seconds, _ = timed(lambda: store.bulk_load(data, pyoxigraph.RdfFormat.N_TRIPLES))
    return {"seconds": seconds, "triples": len(store)}


@stage
def rdflib_load(args: argparse.Namespace) -> Result:
    """For contrast: rdflib parsing the same file."""
    from rdflib import Graph

    graph = Graph()
    seconds, _ = timed(lambda: graph.parse(nt_file(args), format="nt"))
    return {"seconds": seconds, "triples": len(graph)}


# ---- validation ---------------------------------------------------------------------------------------


def _entries(paths: Any) -> tuple[list, Any]:
    from exograph.build.convert import load_and_check, prepare, scan

    entries = scan(paths, {})  # the signature of the inputs: only a build compares it
    ctx = prepare(paths, entries)
    load_and_check(entries, ctx)
    return entries, ctx


@stage
def validate_cold(args: argparse.Namespace) -> Result:
    """Validation of every record as the build does it with an empty validation cache: per record
    (pySHACL + quotes), cross-record rules once, over all cores. Records come parsed from the
    conversion cache, so this is validation alone."""
    import shutil

    from exograph.build.pool import worker_count
    from exograph.build.validation import validate_incrementally

    paths = paths_of(args)
    entries, ctx = _entries(paths)
    shutil.rmtree(paths.build / "cache" / "valid", ignore_errors=True)
    seconds, problems = timed(lambda: validate_incrementally(paths, entries, ctx))
    return {"seconds": seconds, "records": len(entries), "workers": worker_count(len(entries)),
            "violations": sum(p.severity == "Violation" for p in problems), "warnings": sum(p.severity != "Violation" for p in problems)}


@stage
def validate_serial(args: argparse.Namespace) -> Result:
    """The same validation on one core (validate_records, no pool): the parallel speed-up's baseline."""
    from exograph.records.convert import load_records
    from exograph.validate.shacl import validate_records

    os.environ["EXOGRAPH_WORKERS"] = "1"
    paths = paths_of(args)
    records = load_records(paths)
    seconds, report = timed(lambda: validate_records(paths, records))
    return {"seconds": seconds, "records": len(records), "violations": len(report.violations)}


@stage
def validate_incremental(args: argparse.Namespace) -> Result:
    """One study edited, then the full fast build with validation: one record re-converted and
    re-validated, every other result from the cache."""
    from exograph.build import build

    paths = paths_of(args)
    study, text = _touch_one_study(paths)
    try:
        seconds, _ = timed(lambda: build(paths, reason=False, validate=True))
    finally:
        study.write_text(text, encoding="utf-8")
    return {"seconds": seconds}


@stage
def validate_whole(args: argparse.Namespace) -> Result:
    """For contrast: one pySHACL run over the whole data graph (every record's triples plus the class
    hierarchy) with the same shapes."""
    from pyshacl import validate
    from rdflib import Graph

    from exograph.records.convert import data_graph, load_records
    from exograph.validate.shacl import class_hierarchy, shapes_graph, with_hierarchy

    paths = paths_of(args)
    shapes, ancestors = shapes_graph(paths), class_hierarchy(paths)
    data: Graph = with_hierarchy(data_graph(load_records(paths)), ancestors)
    try:  # the cap counts validation only, not building the graph (minutes at 10,000 studies)
        with _alarm(args.validation_cap):
            seconds, (conforms, report, _) = timed(lambda: validate(data, shacl_graph=shapes, inference="none",
                                                                    advanced=True, allow_warnings=True, inplace=True))
    except TimeoutError:
        return {"stopped_at": args.validation_cap, "triples": len(data)}
    return {"seconds": seconds, "triples": len(data), "conforms": bool(conforms)}


def _cached_records(paths: Any) -> list:
    """Every record parsed, from the conversion cache (as the build's validation reads them)."""
    from exograph.build.convert import cached_record

    entries, ctx = _entries(paths)
    return [cached_record(entry, ctx.cache) for entry in entries]


@stage
def validate_pyshacl(args: argparse.Namespace) -> Result:
    """The build's validation with pySHACL as the engine: every record on its own, in the same pool
    of processes (`exograph validate --engine pyshacl`)."""
    from exograph.build.pool import worker_count
    from exograph.build.validation import validate_many

    paths = paths_of(args)
    records = _cached_records(paths)
    seconds, report = timed(lambda: validate_many(paths, records, engine="pyshacl", with_graph=False))
    return {"seconds": seconds, "records": len(records), "workers": worker_count(len(records)),
            "violations": len(report.violations), "warnings": len(report.warnings)}


@stage
def validate_rudof(args: argparse.Namespace) -> Result:
    """For contrast: rudof (pyrudof, a SHACL engine in Rust) over the whole data graph (every record's
    triples plus the class hierarchy, written as N-Triples) with the same shapes."""
    import tempfile

    import pyrudof

    from exograph.records.convert import load_records, record_triples, review_documents
    from exograph.validate.shacl import class_hierarchy, hierarchy_triples, shapes_graph

    paths = paths_of(args)
    records = load_records(paths)
    documents, studies = review_documents(records), {r.record.id for r in records if r.kind == "study"}
    ancestors = class_hierarchy(paths)
    with tempfile.TemporaryDirectory() as folder:
        data, shapes = Path(folder) / "data.nt", Path(folder) / "shapes.ttl"
        triples = 0
        with data.open("w", encoding="utf-8") as out:
            for loaded in records:
                mine = record_triples(loaded, documents, studies)
                for s, p, o in mine + hierarchy_triples(mine, ancestors):
                    out.write(f"{s.n3()} {p.n3()} {o.n3()} .\n")
                    triples += 1
        shapes_graph(paths).serialize(shapes, format="turtle")
        rudof = pyrudof.Rudof(pyrudof.RudofConfig())

        def run() -> Any:
            rudof.read_data(str(data), format=pyrudof.RDFFormat.NTriples)
            rudof.read_shacl(str(shapes))
            return rudof.validate_shacl()

        seconds, report = timed(run)
    return {"seconds": seconds, "triples": triples, "conforms": bool(report.conforms), "results": len(report)}


# ---- reasoning ----------------------------------------------------------------------------------------


@stage
def reason(args: argparse.Namespace) -> Result:
    """HermiT over the whole graph at once, the reference (`exograph reason --hermit`), given what the
    build reasons over: ontology + imports, every record's triples, the reviews' computed claims (the
    appraisal's derived facts are not reasoned over)."""
    from exograph.graphs import ontology_graph
    from exograph.ontology.reason import infer
    from exograph.records.convert import data_graph, load_records
    from exograph.records.derived import derived_claims

    paths = paths_of(args)
    graph = data_graph(load_records(paths))
    graph += derived_claims(graph)
    ontology = ontology_graph(paths)
    seconds, result = timed(lambda: infer(graph, ontology, hermit=True))
    return {"seconds": seconds, "consistent": bool(result.consistent), "inferred": len(result.inferred)}


@stage
def reason_per_record(args: argparse.Namespace) -> Result:
    """The build's reasoning stage alone, as `exograph build` runs it, with no reasoning cache: HermiT
    classifies the ontology, then every record is realized (in the worker pool) and the cross-record
    pass runs; then once more with the classification cached (what an edit of the data costs before
    the cache of realizations: `seconds`). The records' triples come from the cache of build-cold."""
    import shutil

    from exograph.build.convert import load_and_check, prepare, scan
    from exograph.build.derive import derived_pieces
    from exograph.build.pieces import read_lines
    from exograph.build.pool import worker_count
    from exograph.build.reasoning import inferred_pieces
    from exograph.ontology.per_record import cache_folder

    paths = paths_of(args)
    entries = scan(paths, {})
    ctx = prepare(paths, entries)
    load_and_check(entries, ctx)
    derived = derived_pieces(entries, ctx, None)
    shutil.rmtree(cache_folder(paths), ignore_errors=True)
    shutil.rmtree(ctx.cache.folder / "reason", ignore_errors=True)
    with_classification, _ = timed(lambda: inferred_pieces(paths, entries, derived, ctx))
    shutil.rmtree(ctx.cache.folder / "reason", ignore_errors=True)
    seconds, keys = timed(lambda: inferred_pieces(paths, entries, derived, ctx))
    return {"seconds": seconds, "with_classification": with_classification,
            "classification": max(with_classification - seconds, 0.0), "inferred": len(read_lines(ctx.cache, keys)),
            "workers": worker_count(len(entries))}


# ---- queries ------------------------------------------------------------------------------------------


def _query_times(backend: Any, queries: dict[str, Any], runs: int, cap: float, fork: bool) -> dict[str, Result]:
    """Per query: median seconds of `runs` runs (after one warm-up), or the cap it exceeded. Oxigraph
    evaluates a query in Rust, where no signal reaches it: each query runs in a forked child that is
    killed at the cap (`fork`). rdflib's engine is Python: an alarm stops it in this process (a fork
    would copy the pages of a multi-gigabyte graph as the child touches them)."""
    found: dict[str, Result] = {}
    for name, query in queries.items():
        measure = lambda: _time_query(backend, query, runs)  # noqa: E731
        if fork:
            found[name] = _in_child(measure, cap) or {"capped": cap}
        else:
            try:
                with _alarm(cap):
                    found[name] = measure()
            except TimeoutError:
                found[name] = {"capped": cap}
        print(f"  {name}: {found[name]}", file=sys.stderr, flush=True)
    return found


def _time_query(backend: Any, query: Any, runs: int) -> Result:
    """A fast query: the first run warms caches, the median of the next `runs` counts; a slow one
    (over a second) is timed once."""
    from exograph.query.run import run_saved

    first, rows = timed(lambda: run_saved(query, backend))
    times = [timed(lambda: run_saved(query, backend))[0] for _ in range(runs if first < 1.0 else 0)]
    return {"median": statistics.median(times or [first]), "rows": len(rows), "runs": len(times) or 1}


def _in_child(function: Callable[[], Result], cap: float) -> Result | None:
    """`function()` in a forked child; its result, or None when it did not finish within `cap` seconds."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: measure, report through the pipe, leave without cleanup
        os.close(read_end)
        try:
            payload = json.dumps(function())
        except BaseException as error:  # noqa: BLE001 - reported to the parent as data
            payload = json.dumps({"error": repr(error)})
        os.write(write_end, payload.encode("utf-8"))
        os._exit(0)
    os.close(write_end)
    deadline = time.monotonic() + cap
    while not os.waitpid(pid, os.WNOHANG)[0]:
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            os.close(read_end)
            return None
        time.sleep(0.02)
    with os.fdopen(read_end, "rb") as pipe:
        return json.loads(pipe.read() or b"null")


class _alarm:
    """Interrupt the Python code inside after `seconds` (rdflib's engine is Python: a signal stops it)."""

    def __init__(self, seconds: float):
        self.seconds = seconds

    def __enter__(self) -> None:
        def expired(signum: int, frame: Any) -> None:
            raise TimeoutError

        signal.signal(signal.SIGALRM, expired)
        signal.setitimer(signal.ITIMER_REAL, self.seconds)

    def __exit__(self, *exc: Any) -> None:
        signal.setitimer(signal.ITIMER_REAL, 0)


@stage
def queries_oxigraph(args: argparse.Namespace) -> Result:
    """Every saved query on the Oxigraph backend (the default): load once, then each query's median."""
    from exograph.query.backends import OxigraphBackend
    from exograph.query.catalog import load_catalog

    paths = paths_of(args)
    load, backend = timed(lambda: OxigraphBackend(path=nt_file(args)))
    queries = _query_times(backend, load_catalog(paths.queries), args.runs, args.query_cap, fork=True)
    return {"load": load, "queries": queries}


@stage
def queries_rdflib(args: argparse.Namespace) -> Result:
    """Every saved query on rdflib's engine, each stopped at the cap."""
    from exograph.graphs import new_graph
    from exograph.query.backends import RdflibBackend
    from exograph.query.catalog import load_catalog

    paths = paths_of(args)
    graph = new_graph()
    load, _ = timed(lambda: graph.parse(nt_file(args), format="nt"))
    queries = _query_times(RdflibBackend(graph), load_catalog(paths.queries), min(args.runs, 2), args.query_cap,
                           fork=False)
    return {"load": load, "queries": queries}


@stage
def query_as_user(args: argparse.Namespace) -> Result:
    """Every saved query as a user runs it: the whole `exograph query NAME --format csv` process
    (interpreter start, imports, opening the store a default build wrote in build/store, the query,
    writing the rows), one after another, each run once. Per query: wall time, peak resident memory
    of the process, rows; its output goes to build/bench-queries/NAME.csv."""
    from exograph.query.catalog import load_catalog

    paths = paths_of(args)
    if not (paths.build / "store").is_dir():
        raise SystemExit("no build/store: run the build-default stage first")
    folder = paths.build / "bench-queries"
    folder.mkdir(exist_ok=True)
    found: dict[str, Result] = {}
    for name in sorted(load_catalog(paths.queries)):
        command = [*_exograph_command(), "--root", str(paths.root), "query", name, "--format", "csv"]
        found[name] = _run_as_user(command, folder / f"{name}.csv", args.query_cap)
        print(f"  {name}: {found[name]}", file=sys.stderr, flush=True)
    finished = [q for q in found.values() if "seconds" in q]
    return {"queries": found, "slowest": max((q["seconds"] for q in finished), default=None),
            "peak_mb": max((q["peak_mb"] for q in finished), default=None)}


def _exograph_command() -> list[str]:
    """The `exograph` console script of this environment (what a user types), else `python -m exograph`."""
    script = Path(sys.executable).parent / "exograph"
    return [str(script)] if script.exists() else [sys.executable, "-m", "exograph"]


def _run_as_user(command: list[str], out: Path, cap: float) -> Result:
    """Run a command with its output to `out`; its wall time, peak RSS and CSV rows, or the cap."""
    import csv
    import subprocess

    with out.open("wb") as stdout, out.with_suffix(".err").open("wb") as stderr:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=stdout, stderr=stderr)
        while True:
            done, status, usage = os.wait4(process.pid, os.WNOHANG)
            if done:
                break
            if time.perf_counter() - start > cap:
                process.kill()
                os.wait4(process.pid, 0)
                process.returncode = -9
                return {"capped": cap}
            time.sleep(0.005)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4: keeps Popen from waiting
    if process.returncode != 0:
        return {"error": out.with_suffix(".err").read_text(encoding="utf-8", errors="replace")[-500:]}
    csv.field_size_limit(2 ** 31 - 1)  # a cell listing every study of a large set passes 128 KB
    with out.open(encoding="utf-8", newline="") as handle:
        rows = sum(1 for _ in csv.reader(handle)) - 1
    return {"seconds": seconds, "peak_mb": usage.ru_maxrss / 1024, "rows": max(rows, 0)}


# ---- the page -----------------------------------------------------------------------------------------


@stage
def viz(args: argparse.Namespace) -> Result:
    """The page as `exograph viz` writes it, with studies folded above the node budget
    (analysis/fold.py page_network, as the command does); then headless Chromium opens it and waits
    until the layout has settled."""
    from exograph.analysis.evidence import load_evidence
    from exograph.analysis.fold import PAGE_NODE_BUDGET, page_network
    from exograph.analysis.network import network_from_evidence
    from exograph.store.graph import built_graph
    from exograph.viz.page import write_page

    paths = paths_of(args)
    out = paths.build / ("page-folded.html" if args.fold else "page-unfolded.html")
    steps: Result = {}
    steps["load_evidence"], evidence = timed(lambda: load_evidence(built_graph(paths)))
    steps["network"], net = timed(lambda: network_from_evidence(evidence))
    steps["fold"], drawn = timed(lambda: page_network(net, PAGE_NODE_BUDGET if args.fold else None))
    steps["write_page"], _ = timed(lambda: write_page(evidence, net, out, drawn=drawn))
    steps.update({"nodes": net.number_of_nodes(), "drawn_nodes": drawn.number_of_nodes(),
                  "drawn_edges": drawn.number_of_edges(), "page_bytes": out.stat().st_size})
    steps.update(open_in_browser(out, args.browser_cap))
    return steps


def open_in_browser(page: Path, cap: float) -> Result:
    """Seconds from navigation until the network has settled (stabilisation done, physics off or
    stable), and the nodes the page holds; or the cap."""
    from playwright.sync_api import sync_playwright

    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--no-first-run", "--disable-sync"]
    settled = "() => window.network && (network.physics.stabilized === true || network.physics.physicsEnabled === false)"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=flags)
        tab = browser.new_page()
        errors: list[str] = []
        tab.on("pageerror", lambda error: errors.append(str(error)))
        start = time.perf_counter()
        tab.goto(page.resolve().as_uri(), wait_until="load", timeout=cap * 1000)
        loaded = time.perf_counter() - start
        try:
            tab.wait_for_function(settled, timeout=cap * 1000, polling=50)
            seconds: float | None = time.perf_counter() - start
        except Exception:  # playwright's TimeoutError: the page never settled within the cap
            seconds = None
        nodes = tab.evaluate("() => window.network ? network.body.data.nodes.length : -1")
        browser.close()
    return {"browser_load": loaded, "browser_settle": seconds, "browser_cap": cap, "browser_nodes": nodes,
            "page_errors": errors[:5]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stage", choices=sorted(STAGES))
    parser.add_argument("root", type=Path)
    parser.add_argument("--runs", type=int, default=5, help="timed runs per query after a warm-up")
    parser.add_argument("--query-cap", type=float, default=60.0, help="seconds before a query is stopped")
    parser.add_argument("--browser-cap", type=float, default=60.0)
    parser.add_argument("--validation-cap", type=float, default=3600.0,
                        help="seconds whole-graph pySHACL may validate (after the graph is built)")
    parser.add_argument("--fold", action=argparse.BooleanOptionalAction, default=True)
    args = parser.parse_args(argv)
    result = STAGES[args.stage](args)
    print(json.dumps(result, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`exograph reason`: ontology + imports + data reasoned record by record (the ontology classified once
by HermiT), or by HermiT over the whole graph with --hermit; print what it inferred or why it cannot."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from exograph.commands._common import project


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--graph", type=Path,
                        help="a built graph (Turtle or N-Triples, e.g. build/exograph.nt); default: build the "
                             "data graph from data/ in memory and merge it with ontology/")
    parser.add_argument("--output", type=Path, help="write the inferred rdf:type triples here (Turtle)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--hermit", action="store_true",
                        help="run HermiT over the whole graph at once (the reference; slow above a few hundred "
                             "studies) instead of record by record")
    parser.add_argument("--property-values", action="store_true",
                        help="with --hermit: also ask HermiT for inferred object-property values (slower)")
    parser.add_argument("--no-isolate", action="store_true",
                        help="with --hermit, when inconsistent: skip re-running HermiT on each record alone")


def _load(args: argparse.Namespace):
    from exograph.errors import ExographError
    from exograph.graphs import new_graph, ontology_graph
    from exograph.ontology.reason import has_ontology
    from exograph.paths import input_file
    from exograph.records.convert import data_graph, load_records

    paths = project(args)
    ontology = None
    if args.graph:
        graph = new_graph()
        fmt = "nt" if args.graph.suffix == ".nt" else "turtle"
        try:
            graph.parse(input_file(args.graph, "--graph"), format=fmt)
        except ExographError:
            raise
        except Exception as error:  # noqa: BLE001 - rdflib raises many unrelated types for bad syntax
            said = " ".join(str(error).split())[:240] or type(error).__name__
            raise ExographError(f"--graph {args.graph}: not valid {'N-Triples' if fmt == 'nt' else 'Turtle'}: "
                                f"{said}") from None
        if not has_ontology(graph):
            ontology = ontology_graph(paths)
        return graph, ontology
    return data_graph(load_records(paths)), ontology_graph(paths)


def run(args: argparse.Namespace) -> int:
    from exograph.errors import ExographError
    from exograph.ontology.reason import infer, summarize
    from exograph.outputs import check_output

    if args.output:
        check_output(args.output)
    graph, ontology = _load(args)
    from exograph.ontology.per_record import cache_folder

    if args.property_values and not args.hermit:
        raise ExographError("--property-values needs --hermit (the per-record reasoner infers class memberships)")
    result = infer(graph, ontology, hermit=args.hermit, infer_property_values=args.property_values,
                   isolate=not args.no_isolate, cache_dir=cache_folder(project(args)))
    if args.output and result.consistent:
        from exograph.graphs import new_graph
        from exograph.outputs import write_output

        out = new_graph()
        out += result.inferred
        write_output(args.output, out.serialize(format="turtle", encoding="utf-8"))
    if args.json:
        print(json.dumps({
            "consistent": result.consistent,
            "unsatisfiable": result.unsatisfiable,
            "inferred": [m.__dict__ for m in result.memberships],
            "violations": [v.__dict__ | {"where": list(v.where)} for v in result.violations],
            "left_out": result.left_out,
        }, indent=1))
        return 0 if result.ok else 1
    if not result.consistent:
        print(f"INCONSISTENT\n{result.explanation}", file=sys.stderr)
        return 1
    print(f"consistent; {len(result.memberships)} inferred class membership(s) "
          f"({result.left_out} data triples without OWL meaning were not given to the reasoner)")
    for membership in sorted(result.memberships, key=lambda m: (m.class_label, m.record_file, m.individual)):
        print(f"  {membership.class_label}\t{membership.individual}\t{membership.record_file}")
    for label, count in summarize(result.memberships).items():
        print(f"{count:5d}  {label}")
    if result.unsatisfiable:
        print(result.explanation, file=sys.stderr)
        return 1
    return 0

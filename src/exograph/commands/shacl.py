"""exograph shacl --data FILE... [--shapes FILE...] [--engine native|pyshacl] [--format text|json|ttl]:
validate any RDF graph (Turtle, N-Triples, RDF/XML, JSON-LD ...) against any shapes graph.

Exit 0 when no result has severity sh:Violation (warnings and infos allowed), 1 when one has, 2 on an
error (an unreadable file, a malformed shape, SHACL the engine does not support). The report graph
(--format ttl) says sh:conforms false whenever there is any result, as SHACL §3.6.1 requires.
"""

from __future__ import annotations

import argparse
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", type=Path, nargs="+", required=True, metavar="FILE",
                        help="the data graph: one or more RDF files (format from the extension)")
    parser.add_argument("--shapes", type=Path, nargs="+", metavar="FILE",
                        help="the shapes graph: one or more RDF files (default: the data graph itself)")
    parser.add_argument("--engine", choices=["native", "pyshacl"], default="native",
                        help="native (exograph's engine, passes the W3C SHACL tests) or pyshacl (the reference)")
    parser.add_argument("--format", choices=["text", "json", "ttl"], default="text",
                        help="one line per result, a JSON list of results, or the SHACL report graph in Turtle")


def run(args: argparse.Namespace) -> int:
    from exograph.validate.engines.errors import ShapesError
    from exograph.validate.standalone import as_json, as_text, as_turtle, read_rdf, validate, violations

    data = read_rdf(args.data)
    shapes = read_rdf(args.shapes) if args.shapes else data
    try:
        report = validate(data, shapes, args.engine)
    except ShapesError as error:
        where = ", ".join(str(p) for p in (args.shapes or args.data))
        raise ShapesError(f"the shapes in {where} cannot be applied: {error}") from None
    if args.format == "ttl":
        print(as_turtle(report))
    elif args.format == "json":
        print(as_json(report))
    else:
        print(as_text(report))
    return 1 if violations(report) else 0

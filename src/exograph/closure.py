"""The one transitive closure the project walks hierarchies with: superclasses in a record's triples
(records/index.py), the class hierarchy validation adds per record (validate/shacl.py), the ancestors
an import module keeps (ontology/sources.py) and the superclasses explanations cite (ontology/reason.py).
Per-record reasoning uses HermiT's classification instead: equivalences and class expressions need a
reasoner, not a walk."""

from __future__ import annotations

from typing import Callable, Hashable, Iterable, TypeVar

T = TypeVar("T", bound=Hashable)


def reachable(start: Iterable[T], step: Callable[[T], Iterable[T]]) -> dict[T, None]:
    """`start` and everything `step` reaches from it, transitively, in the order first reached (a dict
    used as an ordered set: callers that list classes keep the order the triples state them in).
    Cycles end the walk instead of looping."""
    found: dict[T, None] = {}
    todo = list(start)
    todo.reverse()  # popped from the end: the first of `start` is visited first
    while todo:
        node = todo.pop()
        if node in found:
            continue
        found[node] = None
        todo.extend(reversed([n for n in step(node) if n not in found]))
    return found

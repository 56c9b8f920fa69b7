"""The one transitive closure: what it reaches, in which order, and that a cycle ends the walk."""

from __future__ import annotations

from exograph.closure import reachable


def test_reaches_every_ancestor_in_the_order_first_reached():
    parents = {"a": ["b", "c"], "b": ["d"], "c": [], "d": []}
    assert list(reachable(["a"], lambda n: parents[n])) == ["a", "b", "d", "c"]


def test_a_cycle_ends_the_walk():
    parents = {"a": ["b"], "b": ["a", "c"], "c": ["c"]}
    assert set(reachable(["a"], lambda n: parents[n])) == {"a", "b", "c"}


def test_the_start_is_kept_and_nothing_else_is_invented():
    assert list(reachable(["x", "y"], lambda n: [])) == ["x", "y"]
    assert list(reachable([], lambda n: ["never"])) == []

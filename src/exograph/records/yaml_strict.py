"""YAML as a curated record may be written: PyYAML's safe loader, plus the checks it does not make.

- A key given twice in one mapping is an error (PyYAML keeps the later value in silence, so a second
  `sample_size:` would replace the first statement and its provenance).
- Nesting is limited to MAX_DEPTH levels, and anchors/aliases may not expand to more than MAX_VALUES
  values (a few lines of aliases can otherwise stand for billions of values).
- Numbers must lie within ±2**53: integers there are exact in every tool downstream (floats, JSON),
  and no sum, range or conversion of them outgrows the 64-bit integers of the reasoner's store
  (a finite 1.0e+308 became a 309-digit integer in a computed range). .nan and .inf are left to the
  record model, which refuses them with the field they are in.

Each problem carries its line, column and field path (`measurements[2].n`), so the curator can find it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

MAX_DEPTH = 64  # a curated record nests about 6 levels deep
MAX_VALUES = 500_000  # values after expanding aliases; a curated record has a few thousand
NUMBER_LIMIT = 2**53
INT_TAG = "tag:yaml.org,2002:int"
FLOAT_TAG = "tag:yaml.org,2002:float"
STR_TAG = "tag:yaml.org,2002:str"
MERGE_TAG = "tag:yaml.org,2002:merge"

# libyaml's scanner and parser, PyYAML's safe constructor: the same data as yaml.safe_load, ~10x faster
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class YamlProblem(Exception):
    """What is wrong with a YAML text, where (1-based line and column, when known) and in which field."""

    message: str
    field: str = ""
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        return self.message


def parse_strict(text: str) -> Any:
    """The data of a YAML text (as yaml.safe_load gives it), or YamlProblem. A malformed text is
    parsed again by the pure-Python loader, so the message is the same with or without libyaml."""
    try:
        return _load(text, _FAST_LOADER)
    except yaml.YAMLError as error:
        if "nesting depth" in str(error):  # libyaml's own limit (1000): the pure loader would recurse
            raise _malformed(error) from None
    try:
        return _load(text, yaml.SafeLoader)
    except RecursionError:
        raise _too_deep(None) from None
    except yaml.YAMLError as error:
        raise _malformed(error) from None


def _load(text: str, loader_class: type) -> Any:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        Checker(loader).check(node)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _malformed(error: yaml.YAMLError) -> YamlProblem:
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    if "nesting depth" in problem:
        return _too_deep(mark.line + 1 if mark else None)
    if mark:
        return YamlProblem(f"malformed YAML at line {mark.line + 1}, column {mark.column + 1}: {problem}",
                           line=mark.line + 1, column=mark.column + 1)
    return YamlProblem(f"malformed YAML: {problem}")


def _too_deep(line: int | None, field: str = "") -> YamlProblem:
    where = f" (at line {line})" if line else ""
    shown = field if len(field) <= 40 else field[:40] + "…"
    return YamlProblem(f"YAML nested more than {MAX_DEPTH} levels deep{where}; a curated record nests a few levels",
                       field=shown, line=line)


class Checker:
    """One walk over the composed nodes, before any value is built: duplicate keys, depth, the
    number of values aliases expand to, and integer range. Each node is walked once; an alias
    reuses the count of the node it names."""

    def __init__(self, loader: Any):
        self.loader = loader
        self.sizes: dict[int, int] = {}
        self.walking: set[int] = set()

    def check(self, root: Node) -> None:
        if self._size(root, "", 0) > MAX_VALUES:
            raise YamlProblem(f"anchors and aliases expand to more than {MAX_VALUES:,} values; "
                              "write the values out instead of repeating aliases")

    def _size(self, node: Node, field: str, depth: int) -> int:
        if depth > MAX_DEPTH:
            raise _too_deep(node.start_mark.line + 1, field)
        known = self.sizes.get(id(node))
        if known is not None:
            return known
        if id(node) in self.walking:
            raise YamlProblem(f"an alias at line {node.start_mark.line + 1} refers to a value that contains it "
                              "(a cycle); write the value out", field=field, line=node.start_mark.line + 1)
        self.walking.add(id(node))
        if isinstance(node, MappingNode):
            size = self._mapping(node, field, depth)
        elif isinstance(node, SequenceNode):
            size = 1 + sum(self._size(item, f"{field}[{index}]", depth + 1) for index, item in enumerate(node.value))
        else:
            self._scalar(node, field)
            size = 1
        self.walking.discard(id(node))
        self.sizes[id(node)] = min(size, MAX_VALUES + 1)
        return self.sizes[id(node)]

    def _mapping(self, node: MappingNode, field: str, depth: int) -> int:
        first: dict[Any, Node] = {}
        size = 1
        for key_node, value_node in node.value:
            key = self._key(key_node)
            inner = f"{field}.{key}" if field else str(key)
            if key_node.tag != MERGE_TAG and key is not None:
                if key in first:
                    raise _duplicate(key, first[key], key_node, inner)
                first[key] = key_node
            size += self._size(value_node, inner, depth + 1)
        return size

    def _key(self, node: Node) -> Any:
        """A scalar key's value (so that `1` and `0x1` are the same key), None for other keys."""
        if not isinstance(node, ScalarNode):
            return None
        if node.tag == STR_TAG:
            return node.value
        try:
            key = self.loader.construct_object(node)
            hash(key)
        except (yaml.YAMLError, TypeError):
            return node.value
        return key

    def _scalar(self, node: ScalarNode, field: str) -> None:
        if node.tag == INT_TAG:
            value: int | float = self.loader.construct_yaml_int(node)
        elif node.tag == FLOAT_TAG:
            value = self.loader.construct_yaml_float(node)
        else:
            return
        if abs(value) > NUMBER_LIMIT and (isinstance(value, int) or math.isfinite(value)):
            shown = node.value if len(node.value) <= 30 else node.value[:30] + "…"
            raise YamlProblem(f"number {shown} at line {node.start_mark.line + 1} is out of range; numbers must lie "
                              f"within ±{NUMBER_LIMIT:,} (2^53)", field=field,
                              line=node.start_mark.line + 1, column=node.start_mark.column + 1)


def _duplicate(key: Any, first: Node, second: Node, field: str) -> YamlProblem:
    where = f"line {second.start_mark.line + 1}, column {second.start_mark.column + 1}"
    before = f"line {first.start_mark.line + 1}, column {first.start_mark.column + 1}"
    return YamlProblem(f"duplicate key {key!r} at {where}; it is first given at {before}. A later key would "
                       "silently replace the earlier one: keep one, or give several statements as a list",
                       field=field, line=second.start_mark.line + 1, column=second.start_mark.column + 1)

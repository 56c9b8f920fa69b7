"""The strict YAML reader: what PyYAML accepts in silence (a key given twice, nesting without end,
alias bombs, integers beyond what floats hold) is refused with its line and field."""

from __future__ import annotations

import math

import pytest
import yaml

from exograph.records.yaml_strict import NUMBER_LIMIT, MAX_DEPTH, MAX_VALUES, YamlProblem, parse_strict


def problem_of(text: str) -> YamlProblem:
    with pytest.raises(YamlProblem) as caught:
        parse_strict(text)
    return caught.value


def test_same_data_as_safe_load_on_ordinary_yaml() -> None:
    text = "a: 1\nb: [x, 2.5, {c: true, d: null}]\nbase: &base {u: 1}\nderived:\n  <<: *base\n  v: 2\n"
    assert parse_strict(text) == yaml.safe_load(text)


def test_duplicate_top_level_key_names_both_lines() -> None:
    problem = problem_of("id: x\nsample_size: 3\nlabel: y\nsample_size: 7777\n")
    assert problem.field == "sample_size"
    assert "duplicate key 'sample_size' at line 4, column 1" in problem.message
    assert "first given at line 2, column 1" in problem.message


def test_duplicate_key_deep_in_a_list_names_the_field_path() -> None:
    problem = problem_of("measurements:\n  - id: a\n  - id: b\n    change: 1\n    change: 2\n")
    assert problem.field == "measurements[1].change"
    assert (problem.line, problem.column) == (5, 5)


def test_keys_equal_as_values_are_duplicates() -> None:
    assert "duplicate key 1" in problem_of("1: a\n0x1: b\n").message


def test_merge_keys_may_be_overridden() -> None:
    assert parse_strict("a: &a {x: 1}\nb:\n  <<: *a\n  x: 2\n")["b"] == {"x": 2}


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 300, 5000])
def test_deep_nesting_is_refused_at_any_depth(depth: int) -> None:
    problem = problem_of("notes: " + "[" * depth + "]" * depth + "\n")
    assert f"nested more than {MAX_DEPTH} levels" in problem.message


def test_nesting_within_the_limit_is_read() -> None:
    depth = MAX_DEPTH - 2
    assert parse_strict("a: " + "[" * depth + "]" * depth)["a"] is not None


def test_alias_bomb_is_refused_before_values_are_built() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    assert f"expand to more than {MAX_VALUES:,} values" in problem_of("\n".join(lines)).message


def test_alias_cycle_is_refused() -> None:
    problem = problem_of("a: &a [1, *a]\n")
    assert "cycle" in problem.message and problem.field == "a[1]"


@pytest.mark.parametrize("number", [str(NUMBER_LIMIT + 1), "-" + "9" * 400, "0x" + "f" * 40, "1.0e+308", "-9.1e+15"])
def test_numbers_beyond_two_to_the_53_are_refused(number: str) -> None:
    problem = problem_of(f"n: 1\nvalue: {number}\n")
    assert problem.field == "value" and "out of range" in problem.message and "line 2" in problem.message


def test_numbers_at_the_limit_and_non_finite_ones_are_left_to_the_model() -> None:
    assert parse_strict(f"v: {NUMBER_LIMIT}\nw: 9.0e+15\nx: 5.0e-324")["v"] == NUMBER_LIMIT
    assert math.isnan(parse_strict("v: .nan")["v"]) and parse_strict("v: -.inf")["v"] == -math.inf


def test_malformed_yaml_gives_position() -> None:
    problem = problem_of("a: [1, 2\nb: 3\n")
    assert problem.message.startswith("malformed YAML at line") and problem.line

"""Numbers in the record model are finite and of their declared type: true is not a sample size of 1,
.nan is not a change, '39' is not 39. Each refusal names the field and says what was expected."""

from __future__ import annotations

from pathlib import Path

import pytest

from exograph.errors import RecordError
from exograph.records.load import load_record
from support import ROOT

PARK = (ROOT / "data" / "studies" / "park-2022.yaml").read_text(encoding="utf-8")
SAMPLE = "sample_size:\n  - value: 39\n"
CHANGE = "    change: 24.9\n"
P_VALUE = "p_value: {comparator: \"<\", value: 0.001}"
SIGNIFICANT = "significant: true"


def problems_of(tmp_path: Path, old: str, new: str) -> list[tuple[str, str, str]]:
    assert old in PARK
    path = tmp_path / "data" / "studies" / "park-2022.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(PARK.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(RecordError) as caught:
        load_record(path, tmp_path)
    return [(p.field, p.message, p.value) for p in caught.value.problems]


@pytest.mark.parametrize("old, new, field, message, value", [
    (SAMPLE, "sample_size:\n  - value: true\n", "sample_size[0].value", "expected a whole number, not a boolean", "true"),
    (SAMPLE, "sample_size:\n  - value: 39.0\n", "sample_size[0].value", "expected a whole number", "39.0"),
    (SAMPLE, "sample_size:\n  - value: '39'\n", "sample_size[0].value", "not text", "39"),
    (CHANGE, "    change: .nan\n", "measurements[0].change", "expected a finite number, not .nan", ".nan"),
    (CHANGE, "    change: -.inf\n", "measurements[0].change", "expected a finite number, not infinity", "-.inf"),
    (CHANGE, "    change: 1.0e+400\n", "measurements[0].change", "expected a finite number", ".inf"),
    (CHANGE, "    change: 1e400\n", "measurements[0].change", "write 1.0e+10, not 1e10", "1e400"),
    (CHANGE, "    change: false\n", "measurements[0].change", "expected a number, not a boolean", "false"),
    (P_VALUE, "p_value: {comparator: \"<\", value: .nan}", "measurements[0].p_value.value",
     "expected a finite number", ".nan"),
    (SIGNIFICANT, "significant: 1", "measurements[0].significant", "expected true or false", "1"),
    (SIGNIFICANT, "significant: 'yes'", "measurements[0].significant", "expected true or false", "yes"),
])
def test_wrong_number_is_one_problem_at_its_field(tmp_path: Path, old: str, new: str, field: str, message: str,
                                                  value: str) -> None:
    [(got_field, got_message, got_value)] = problems_of(tmp_path, old, new)
    assert (got_field, got_value) == (field, value) and message in got_message, got_message


def test_union_of_number_and_text_gives_one_problem(tmp_path: Path) -> None:
    review = (ROOT / "data" / "reviews" / "hair-review-2025.yaml").read_text(encoding="utf-8")
    old = "    topic: review-type\n    value: systematic review\n"
    assert old in review
    path = tmp_path / "data" / "reviews" / "hair-review-2025.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(review.replace(old, "    topic: review-type\n    value: true\n", 1), encoding="utf-8")
    with pytest.raises(RecordError) as caught:
        load_record(path, tmp_path)
    [problem] = caught.value.problems
    assert problem.field == "claims[0].value"
    assert problem.message == "expected a number, text or a list, not a boolean"

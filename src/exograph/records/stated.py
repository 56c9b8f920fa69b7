"""Does a fact's quote state the numbers the fact records?

Every number a curated fact holds (a sample size, a change, a timepoint, a dose) must be written in the
quote of the fact, or in the quote of an `inferred` entry that names the field (a value read from
another place). A number may be written in digits ("12", "0.049", "−9.9"), in words ("twelve",
"Eleven"), as a power of ten ("10 11" once markup is dropped from 10<sup>11</sup>, "6 × 10 10") or in
billions ("10 billion"); 1 may be written "one", "single", "once", "a patient", "monthly" or "weekly".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Iterator

from pydantic import BaseModel

from exograph.records.quotes import normalize
from exograph.records.schema import Inferring, Sourced

_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
          "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"]
_ONE = ["single", "once", "a patient", "monthly", "weekly"]


def spellings(number: int | float) -> set[str]:
    """The ways a source may write a number."""
    if isinstance(number, float) and number.is_integer() and abs(number) >= 1:
        number = int(number)
    if isinstance(number, int):
        forms = {str(abs(number))}
        if abs(number) < len(_WORDS):
            forms.add(_WORDS[abs(number)])
        if number == 1:
            forms.update(_ONE)
        forms |= _powers_of_ten(abs(number))
    else:
        text = format(Decimal(repr(abs(number))).normalize(), "f")
        forms = {text, text.lstrip("0") if text.startswith("0.") else text}
    return forms


def _powers_of_ten(number: int) -> set[str]:
    if number < 1_000_000:
        return set()
    mantissa, exponent = number, 0
    while mantissa % 10 == 0:
        mantissa //= 10
        exponent += 1
    forms = {f"{mantissa} × 10 {exponent}", f"{mantissa} x 10 {exponent}"}
    if mantissa == 1:
        forms.add(f"10 {exponent}")
    if number % 1_000_000_000 == 0:
        forms.add(f"{number // 1_000_000_000} billion")
    return forms


def states_number(quote: str, number: int | float) -> bool:
    """Whether the quote writes the number. A negative number needs its minus sign; a positive one may
    follow a dash of a range ("3–10") but not a minus sign ("−3.3" is not 3.3)."""
    text = normalize(quote).lower()
    for form in spellings(number):
        if form[0].isalpha():
            if number >= 0 and re.search(rf"\b{re.escape(form)}\b", text):
                return True
            continue
        sign = "[-−–]\\s?" if number < 0 else ""
        before = r"(?<![\d.\-−–])" if number < 0 else r"(?<![\d.−])"
        if re.search(before + sign + re.escape(form) + r"(?!\d|\.\d)", text):
            return True
    return False


@dataclass(frozen=True)
class StatedNumber:
    field: str  # path inside the fact, e.g. timepoint.value
    number: int | float

    @property
    def top_field(self) -> str:
        return re.split(r"[.\[]", self.field, maxsplit=1)[0]


def numbers_of(fact: BaseModel, prefix: str = "") -> Iterator[StatedNumber]:
    """The numbers a fact records: its own fields and those of nested values that carry no provenance
    of their own (quantities, doses, p-values, groups), never those of nested facts."""
    for name in type(fact).model_fields:
        if name in ("quote", "at", "document", "inferred") or (prefix == "" and name in _NOT_STATED):
            continue
        yield from _numbers(getattr(fact, name), f"{prefix}{name}")


# Fields that are the curator's bookkeeping, not numbers the source states.
_NOT_STATED = {"reference_number"}


def _numbers(value: Any, path: str) -> Iterator[StatedNumber]:
    if isinstance(value, bool) or value is None:
        return
    if isinstance(value, (int, float)):
        yield StatedNumber(path, value)
    elif isinstance(value, Sourced):
        return
    elif isinstance(value, BaseModel):
        yield from numbers_of(value, f"{path}.")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _numbers(item, f"{path}[{index}]")


def unstated_numbers(fact: Sourced) -> list[str]:
    """The numbers of a fact that neither its quote nor the quote of an inference for that field writes,
    as readable problems; empty when the fact has no quote (the provenance checks report that)."""
    if not fact.quote:
        return []
    inferences = fact.inferred if isinstance(fact, Inferring) else []
    problems = []
    for stated in numbers_of(fact):
        places = [i for i in inferences if stated.top_field in i.fields]
        quotes = [i.quote or "" for i in places] if places else [fact.quote]
        if not any(states_number(q, stated.number) for q in quotes):
            where = f"the quote of inferred {places[0].at!r}" if places else "its quote"
            problems.append(f"{stated.field} = {stated.number} is not written in {where}")
    return problems

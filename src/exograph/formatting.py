"""Values as a person reads them, for the page and the terminal: units with their symbols, durations and
counts with the right plural, large numbers in powers of ten, p-values with their comparator, and the
markup of quoted sources (`<sup>2</sup>`, `$p < 0.0001$`, `*Journal*`) turned into plain reading text.

Every function returns plain text: the page still inserts it as text, never as markup.
"""

from __future__ import annotations

import html
import re
from decimal import Decimal
from typing import Any

# Unit keys of the records (vocab.UNITS) as they are written for a reader.
UNIT_SYMBOLS = {"hairs/cm2": "hairs/cm²", "um": "µm", "ug": "µg", "ug/mL": "µg/mL", "mL/cm2": "mL/cm²",
                "percent": "%", "percentage-points": "percentage points", "qualitative": ""}
# Units read as nouns after a number: "6 months", "1 session".
_NOUNS = {"day": "day", "week": "week", "month": "month", "year": "year", "sessions": "session", "session": "session",
          "hairs": "hair", "areas": "area", "particles": "particle", "points": "point", "patients": "patient",
          "participants": "participant",
          "studies": "study", "count": "", "gauge": "gauge"}
_PLURALS = {"study": "studies"}
SCIENTIFIC_FROM = 1_000_000  # numbers from a million up are written as m × 10ⁿ
_SUPERSCRIPT = str.maketrans("0123456789-+", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺")
_SUBSCRIPT = str.maketrans("0123456789-+", "₀₁₂₃₄₅₆₇₈₉₋₊")


def plural(count: float | int, noun: str) -> str:
    """`1 patient`, `2 patients`, `1.5 weeks`; a noun given in the plural is made singular for 1."""
    singular = _NOUNS.get(noun, noun)
    if not singular:
        return number(count)
    word = singular if count == 1 else _PLURALS.get(singular, singular + "s")
    return f"{number(count)} {word}"


def number(value: Any) -> str:
    """An int as an int, a float without trailing zeros (`8.5`, `35`), from a million up as `1.0 × 10¹⁰`."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        value = int(value) if value == value.to_integral_value() else float(value)
    if not isinstance(value, (int, float)):
        return str(value)
    if abs(value) >= SCIENTIFIC_FROM:
        return scientific(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return f"{value:.6g}"
    return str(value)


def scientific(value: float | int) -> str:
    """`1.0 × 10¹⁰`, `6.0 × 10¹⁰`, `1.25 × 10¹¹`: the mantissa keeps up to three significant digits."""
    exponent = len(str(int(abs(value)))) - 1
    mantissa = float(value) / 10 ** exponent
    text = f"{mantissa:.3g}"
    if "." not in text:
        text += ".0"
    return f"{text} × 10{str(exponent).translate(_SUPERSCRIPT)}"


def unit(key: str | None) -> str:
    """The symbol of a unit key (`hairs/cm2` → `hairs/cm²`)."""
    if not key:
        return ""
    return UNIT_SYMBOLS.get(key, key)


def quantity(value: Any, key: str | None) -> str:
    """A value with its unit: `35 hairs/cm²`, `20%`, `6 months`, `1 session`, `1.0 × 10¹⁰ particles/mL`."""
    if value is None:
        return ""
    if key in _NOUNS:
        return plural(value, key)
    symbol = unit(key)
    if symbol == "%":
        return f"{number(value)}%"
    return f"{number(value)} {symbol}".strip()


def amount_with_unit(amount: str, key: str | None, one: bool = False) -> str:
    """An amount kept as written (`12`, `4–6`, `1e+10`) followed by its unit as a reader writes it:
    `12 weeks`, `1 session`, `140–160 µg`, `20%`; `one` says the amount is exactly 1 (singular)."""
    if not key:
        return amount
    if key in _NOUNS:
        singular = _NOUNS[key]
        if not singular:
            return amount
        return f"{amount} {singular if one else _PLURALS.get(singular, singular + 's')}"
    symbol = unit(key)
    return f"{amount}{symbol}" if symbol == "%" else f"{amount} {symbol}".rstrip()


_UNIT_AFTER_NUMBER = re.compile(r"(?<=\d )(" + "|".join(re.escape(k) for k in sorted(UNIT_SYMBOLS, key=len, reverse=True)
                                                       if UNIT_SYMBOLS[k] and k != "percent") + r")(?![\w/])")


_DURATION = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?) (day|week|month|year)\b")


def units_in_text(text: str) -> str:
    """Unit keys written after a number in a computed sentence as a reader writes them:
    `+35 hairs/cm2` → `+35 hairs/cm²`, `13.01 um` → `13.01 µm`, `at 12 week` → `at 12 weeks`."""
    text = _UNIT_AFTER_NUMBER.sub(lambda m: UNIT_SYMBOLS[m.group(1)], text)
    return _DURATION.sub(lambda m: plural(float(m.group(1)), m.group(2)), text)


def suffix(key: str | None) -> str:
    """What follows a number of this unit: `%`, ` hairs/cm²`, ` weeks`; empty for no unit."""
    if not key or key in ("count", "qualitative"):
        return ""
    if key in _NOUNS:
        return " " + plural(2, key).split(" ", 1)[1]
    symbol = unit(key)
    return symbol if symbol == "%" else f" {symbol}"


def signed(value: float | int) -> str:
    """A change with its sign: `+35`, `-3.3`."""
    return ("+" if value > 0 else "") + number(value)


def confidence_interval(low: float | None, high: float | None) -> str:
    """`95% CI 1.2 to 3.4`; empty when a bound is missing (not a finite number: never written)."""
    return "" if low is None or high is None else f"95% CI {low:.3g} to {high:.3g}"


def p_value(comparator: str | None, value: Any) -> str:
    """`p < 0.01`, `p = 0.37`; empty without a value."""
    if value is None or value == "":
        return ""
    return f"p {comparator or '='} {number(value)}"


# ---- markup in quotes ------------------------------------------------------------------------

_LATEX = {r"\mu": "μ", r"\pm": "±", r"\times": "×", r"\geq": "≥", r"\ge": "≥", r"\leq": "≤", r"\le": "≤",
          r"\sim": "~", r"\approx": "≈", r"\%": "%", r"\cdot": "·", r"\circ": "°", r"\alpha": "α", r"\beta": "β"}
_SUP = re.compile(r"\s*<sup>\s*([^<]*?)\s*</sup>", re.IGNORECASE)
_SUB = re.compile(r"\s*<sub>\s*([^<]*?)\s*</sub>", re.IGNORECASE)
_EMPHASIS_TAGS = re.compile(r"</?(?:i|em|b|strong)>", re.IGNORECASE)
_MATH = re.compile(r"\$\s*([^$]+?)\s*\$")
_TEXT_COMMAND = re.compile(r"\\(?:text|mathrm|textrm|mathit)\{([^{}]*)\}")
_STARS = re.compile(r"(?<![\w*])\*{1,2}(?=\S)([^*\n]+?)(?<=\S)\*{1,2}(?![\w*])")


def _script(match: re.Match[str], table: dict[int, str]) -> str:
    inner = match.group(1)
    if re.fullmatch(r"[0-9+\-]+", inner):
        return inner.translate(table)
    return ("^" if table is _SUPERSCRIPT else "_") + inner


def _math(match: re.Match[str]) -> str:
    text = _TEXT_COMMAND.sub(r"\1", match.group(1))
    for command in sorted(_LATEX, key=len, reverse=True):
        text = text.replace(command, _LATEX[command])
    text = re.sub(r"\^\{?([0-9+\-]+)\}?", lambda m: m.group(1).translate(_SUPERSCRIPT), text)
    return text.replace("{", "").replace("}", "")


def readable(text: str | None) -> str:
    """The reading text of a quote as the seed documents mark it up: `hairs/cm <sup>2</sup>` →
    `hairs/cm²`, `$p < 0.0001$` → `p < 0.0001`, `$\\mu\\text{m}$` → `μm`, `*Life*` → `Life`, `&lt;` → `<`.
    Only these formatting marks are read; any other markup stays as the literal text it is."""
    if not text:
        return ""
    text = _SUP.sub(lambda m: _script(m, _SUPERSCRIPT), text)
    text = _SUB.sub(lambda m: _script(m, _SUBSCRIPT), text)
    text = _EMPHASIS_TAGS.sub("", text)
    text = _MATH.sub(_math, text)
    text = _STARS.sub(r"\1", text)
    text = html.unescape(text) if re.search(r"&(?:[a-z]+|#\d+);", text) else text
    return re.sub(r"[ \t]{2,}", " ", text).strip()

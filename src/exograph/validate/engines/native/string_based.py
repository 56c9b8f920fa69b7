"""String-based constraint components (SHACL §4.4): sh:minLength, sh:maxLength, sh:pattern
(with sh:flags), sh:languageIn, sh:uniqueLang."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rdflib import BNode, Literal
from rdflib.term import Node

from exograph.validate.engines.native.model import Constraint, Result, Shape, ValueConstraint
from exograph.vocab import SH

if TYPE_CHECKING:
    from exograph.validate.engines.native.run import Run


def text_of(value: Node) -> str | None:
    """SPARQL's STR(): the lexical form of a literal, the text of an IRI; None for a blank node."""
    return None if isinstance(value, BNode) else str(value)


@dataclass
class LengthConstraint(ValueConstraint):
    """sh:minLength or sh:maxLength: the length of STR(value); a blank node has none and fails."""

    length: int
    minimum: bool

    @property
    def component(self) -> Node:  # type: ignore[override]
        return SH.MinLengthConstraintComponent if self.minimum else SH.MaxLengthConstraintComponent

    def accepts(self, run: Run, value: Node) -> bool:
        text = text_of(value)
        return text is not None and (len(text) >= self.length if self.minimum else len(text) <= self.length)

    def message(self, value: Node) -> str:
        return f"value is {'shorter' if self.minimum else 'longer'} than {self.length} characters"


@dataclass
class PatternConstraint(ValueConstraint):
    regex: re.Pattern
    component = SH.PatternConstraintComponent

    def accepts(self, run: Run, value: Node) -> bool:
        text = text_of(value)
        return text is not None and self.regex.search(text) is not None

    def message(self, value: Node) -> str:
        return f"value does not match the pattern {self.regex.pattern!r}"


def language_matches(tag: str, wanted: str) -> bool:
    """SPARQL langMatches (RFC 4647 basic filtering)."""
    tag, wanted = tag.lower(), wanted.lower()
    if wanted == "*":
        return bool(tag)
    return tag == wanted or tag.startswith(wanted + "-")


@dataclass
class LanguageInConstraint(ValueConstraint):
    languages: tuple[str, ...]
    component = SH.LanguageInConstraintComponent

    def accepts(self, run: Run, value: Node) -> bool:
        return isinstance(value, Literal) and bool(value.language) and \
            any(language_matches(value.language, wanted) for wanted in self.languages)

    def message(self, value: Node) -> str:
        return f"value has no language tag among {', '.join(self.languages)}"


@dataclass
class UniqueLangConstraint(Constraint):
    """No two values share a language tag: one result per tag used more than once."""

    component = SH.UniqueLangConstraintComponent

    def evaluate(self, run: Run, shape: Shape, focus: Node, values: list[Node]) -> list[Result]:
        counts: dict[str, int] = {}
        for value in values:
            if isinstance(value, Literal) and value.language:
                counts[value.language.lower()] = counts.get(value.language.lower(), 0) + 1
        return [run.result(shape, focus, self, message=f"more than one value has the language tag {tag!r}")
                for tag, count in counts.items() if count > 1]

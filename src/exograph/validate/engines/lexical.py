"""What both engines call a well-formed typed literal, beyond rdflib's `ill_typed`.

rdflib reads an xsd:decimal with Python's Decimal, which also accepts "NaN" and "Infinity"; XSD's
decimal has neither (XSD 1.1 Part 2 §3.3.3: a decimal is a finite number), so such a literal is not a
well-formed literal of its datatype (SHACL §4.1.2). Without this, `sh:datatype xsd:decimal` passes a
NaN that a computation wrote. (xsd:double and xsd:float do have NaN and INF: they are left alone.)
"""

from __future__ import annotations

from decimal import Decimal

from rdflib import Literal
from rdflib.namespace import XSD


def ill_typed(literal: Literal) -> bool:
    """Whether the literal is not in the value space its datatype names."""
    if literal.ill_typed:
        return True
    return literal.datatype == XSD.decimal and isinstance(literal.value, Decimal) and not literal.value.is_finite()

"""Errors of the SHACL engines: a shapes graph that cannot be applied, named by its shape.

Bad shapes are a tool error (exit 2), never a data problem: the report of a shapes graph the engine
misreads would be wrong, so the engine refuses it and says which shape, which parameter and what it
expected.
"""

from __future__ import annotations

from exograph.errors import ExographError


class ShapesError(ExographError):
    """A malformed shape, or a SPARQL query SHACL does not allow (MINUS, VALUES, SERVICE, ...)."""


class UnsupportedFeature(ShapesError):
    """A shape uses SHACL the engine does not implement: refused, never silently skipped."""


class ValidationFailure(ExographError):
    """Validation could not complete (a SPARQL-based constraint reported ?failure)."""

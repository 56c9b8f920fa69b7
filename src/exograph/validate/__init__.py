"""SHACL validation of curated records, with results mapped back to file, record and field.

validate_records() checks each record on its own against shapes/ (plus the ontology's class
hierarchy), checks every quote against its source document, and applies the cross-record rules once;
report.py renders the result as text, JSON or the SHACL report graph. See docs/shapes.md.
"""

from exograph.validate.shacl import ValidationReport, validate_records

__all__ = ["ValidationReport", "validate_records"]

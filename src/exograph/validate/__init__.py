"""SHACL validation of curated records, with results mapped back to file, record and field."""

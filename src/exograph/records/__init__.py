"""Curated records: load and check the YAML files, mint stable IRIs, turn records into triples."""

"""Synthetic evidence bases for benchmarks and scale tests (`exograph synth`): records in the
curation format, with distributions like the curated data, and their source documents."""

from exograph.synthetic.generate import synthetic_files, write_synthetic

__all__ = ["synthetic_files", "write_synthetic"]

"""exograph: a knowledge graph of the clinical evidence on exosome therapies."""

from exograph.errors import ExographError, RecordError

__all__ = ["ExographError", "RecordError", "__version__"]
__version__ = "0.1.0"

"""SHACL engines behind one contract: a data graph and a shapes graph in, a SHACL report out.

- `native` (engines/native/): exograph's own SHACL Core and SHACL-SPARQL engine. It passes the W3C
  SHACL test suite (tests/validate/test_w3c_suite.py) and validates many records in batches, each on
  its own, an order of magnitude faster than pySHACL one record at a time.
- `pyshacl` (engines/pyshacl_engine.py): pySHACL, the reference and the cross-check.

Both raise ShapesError (exit 2) for a shapes graph they cannot apply.
"""

from __future__ import annotations

ENGINES = ("native", "pyshacl")
DEFAULT_ENGINE = "native"

__all__ = ["ENGINES", "DEFAULT_ENGINE"]

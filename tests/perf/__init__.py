"""Scale tests: synthetic records, the fast build, parallel validation, both query backends, folding.
A package, so its conftest.py does not shadow tests/conftest.py (both would import as `conftest`)."""

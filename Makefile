# The two commands that do everything on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test install bench imports clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/exograph demo

test: $(STAMP)
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/run.py --sizes 100,1000,10000
	# 2,000 studies hold the ~0.9 M triples the 10,000-study targets were set for: build, validation, reasoning, queries
	$(BIN)/python benchmarks/run.py --sizes 2000 --only build-cold,build-warm,build-default,build-incremental,raw-load,validate-cold,validate-pyshacl,validate-whole,validate-rudof,reason-per-record,query-as-user,queries-oxigraph

imports: $(STAMP)
	$(BIN)/exograph imports

clean:
	rm -rf build

# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
GM     := $(VENV)/bin/graphmodel
OUT    ?= out

.PHONY: demo test install install-test neo4j-start neo4j-stop dataset bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test,build]'
	touch $@

install: $(VENV)/.installed

demo: install
	$(GM) data info --body GA | tail -n 12
	$(GM) votes A/RES/ES-11/7 | head -n 4

# Starts the project's own Neo4j (unless NEO4J_URI points elsewhere), runs every test, stops it.
test: install
	@bash scripts/run_tests.sh

dataset: install
	$(GM) data build --raw ../shared/data/raw

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache

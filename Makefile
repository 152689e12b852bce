# Two commands on a fresh machine: `make demo` and `make test`; `make check` is the fast layer.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
GM     := $(VENV)/bin/graphmodel
OUT    ?= out

.PHONY: demo test check lint install dataset bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test,build]'
	touch $@

install: $(VENV)/.installed

demo: install
	$(GM) data info --body GA | tail -n 6
	$(GM) votes A/RES/ES-11/7 | head -n 4
	$(GM) analyze --by session --out $(OUT)/analysis
	$(GM) compare USA RUS --by year --from 2020-01-01 --issue UKRAINE --min-rollcalls 1 --min-covotes 1
	$(GM) shifts --from 2024 --to 2025 --by year --top 10 --boot 200
	$(GM) figures --out $(OUT)/figures --format png
	$(GM) figures --out $(OUT)/figures --format svg --no-story --boot 50

# Lint and format check, then every test that needs neither Java nor a server (no Neo4j, no
# notebook runs, no wheel build): under 3 minutes here.
check: install lint
	$(PY) -m pytest -q -m "not neo4j and not slow"

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Starts the project's own Neo4j (unless NEO4J_URI points elsewhere), runs every test, stops it.
test: install
	@bash scripts/run_tests.sh

bench: install
	$(PY) benchmarks/bench_engine.py
	$(PY) benchmarks/bench_neo4j.py

dataset: install
	$(GM) data build --raw ../shared/data/raw --out data

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache

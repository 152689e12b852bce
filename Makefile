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
	@# setuptools warns on every editable install of a package whose data folders sit outside it (data/, cypher/)
	PYTHONWARNINGS="ignore:Editable installation" $(PY) -m pip install -q -e '.[test,build]'
	touch $@

install: $(VENV)/.installed

# The 24 February 2025 story on one screen, then the main job's tables and the figures (paths
# printed); about a minute here after install. Re-running replaces the demo's own outputs only.
demo: install
	@echo "== The story (graphmodel story) =="
	@$(GM) story --boot 200
	@echo
	@echo "== Blocs of every GA session, each tested against 99 vote-permutation draws (graphmodel analyze; graph files on request: --graph-format graphml.gz) =="
	@$(GM) analyze --by session --null-draws 99 --out $(OUT)/analysis --overwrite
	@echo
	@echo "== Figures (graphmodel figures) =="
	@$(GM) figures --out $(OUT)/figures --overwrite --format png --boot 200

# Lint and format check, then every test that needs neither Java nor a server (no Neo4j, no
# notebook runs, no wheel build, no kill-and-reload or multi-subprocess CLI runs: those are `slow`,
# run by make test): about 3 minutes here on a quiet machine, over two pytest-xdist workers (this
# machine's two cores; the tests are independent processes' worth of numpy work, not I/O).
check: install lint
	$(PY) -m pytest -q -n 2 -m "not neo4j and not slow"

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

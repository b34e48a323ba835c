# corpuskit — `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9][0-9]_*.ipynb))
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export PYTHONHASHSEED := 0
export TOKENIZERS_PARALLELISM := false

.DEFAULT_GOAL := help
.PHONY: help setup run test lint bench sync clean

help: ## Show this help
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-7s %s\n", $$1, $$2}'

setup: $(STAMP) ## Create .venv and install the pinned environment (CPU torch, offline models)

$(STAMP): pyproject.toml requirements.lock
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) not found: set PYTHON=/path/to/python3.11"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -c requirements.lock -e '.[dev]'
	$(PY) -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $(STAMP)

run: setup ## Execute every notebook in order, in place, writing data/processed/
	@for nb in $(NOTEBOOKS); do \
	  echo "== $$nb"; \
	  $(VENV)/bin/jupyter nbconvert --to notebook --execute --inplace \
	    --ExecutePreprocessor.timeout=1800 --ExecutePreprocessor.kernel_name=python3 \
	    --ExecutePreprocessor.record_timing=False "$$nb" || exit 1; \
	  $(VENV)/bin/jupytext --sync --quiet "$$nb" || exit 1; \
	done

test: setup ## Run every test: unit tests, doctests and strict nbval on the notebooks
	$(PY) -m pytest

lint: setup ## ruff over the library, tests and notebooks
	$(VENV)/bin/ruff check .

bench: setup ## Throughput and memory benchmark (writes bench/results.md)
	$(PY) bench/run.py

sync: setup ## Pair notebooks with their py:percent twins (jupytext)
	$(VENV)/bin/jupytext --sync notebooks/[0-9][0-9]_*.ipynb

clean: ## Remove data/processed/ (the notebooks regenerate it)
	rm -rf data/processed/*

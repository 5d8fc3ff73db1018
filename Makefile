# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
LOCK := requirements.lock
OUT ?= outputs
JOBS ?= 2
# the citation-field tagger, trained here from shipped data (never downloaded)
MODEL := src/briefparse/citations/model/citations.crfsuite
MODEL_INPUTS := $(wildcard src/briefparse/citations/*.py) $(wildcard src/briefparse/data/citation_*) \
                src/briefparse/text/urls.py corpus/citations/anystyle-core.xml $(wildcard corpus/citations/csl/*) \
                tests/gold/dev/endnotes.json tests/gold/dev/dates.json

.PHONY: install run test test-fast ui bench lint lock model eval-citations chromium tesseract redis system-deps hooks clean

# the pinned set of every package (requirements.lock, made by `make lock` from pyproject.toml), then this project
$(STAMP): pyproject.toml $(LOCK) setup.py src/briefparse/ingest/_glyphs.c
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r $(LOCK)
	$(BIN)/python -m pip install -q --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

# re-resolve the pins from pyproject.toml in a throw-away venv (run after changing a dependency)
lock:
	rm -rf .lock-venv && $(PY) -m venv .lock-venv
	.lock-venv/bin/python -m pip install -q --upgrade pip
	.lock-venv/bin/python -m pip install -q -e '.[dev]'
	.lock-venv/bin/python -m pip freeze --exclude-editable | grep -v '^-e ' | LC_ALL=C sort > $(LOCK)
	rm -rf .lock-venv

$(MODEL): $(STAMP) $(MODEL_INPUTS)
	$(BIN)/python -m briefparse.citations.train --out $(MODEL)

model: $(MODEL)

# run the main job on the shipped corpus, cross-checking claims against the saved sources (offline)
run: install $(MODEL)
	$(BIN)/briefparse run corpus/briefs --out $(OUT) --jobs $(JOBS) --sources corpus/sources/sources.warc.gz

# Debian packages the tests use: Chromium + CJK fonts (browser tests), Tesseract with English and Chinese (OCR),
# Redis (Celery executor test)
chromium:
	@if ! command -v chromium >/dev/null 2>&1 || ! (fc-list 2>/dev/null | grep -qi cjk); then \
	  (apt-get update && apt-get install -y chromium fonts-noto-cjk) || \
	  echo "chromium could not be installed; browser tests will be skipped"; fi

tesseract:
	@if ! command -v tesseract >/dev/null 2>&1 || ! (tesseract --list-langs 2>/dev/null | grep -q chi_sim); then \
	  (apt-get update && apt-get install -y tesseract-ocr tesseract-ocr-eng tesseract-ocr-chi-sim) || \
	  echo "tesseract could not be installed; OCR tests will be skipped"; fi

# Redis for the distributed-executor test (Dagster's Celery executor, two workers on 127.0.0.1)
redis:
	@if ! command -v redis-server >/dev/null 2>&1; then \
	  (apt-get update && apt-get install -y redis-server) || \
	  echo "redis-server could not be installed; the Celery test will be skipped"; fi

system-deps: chromium tesseract redis

test: install $(MODEL) system-deps
	$(BIN)/python -m pytest -q

test-fast: install $(MODEL)
	$(BIN)/python -m pytest -q -m "not slow"

# 5-fold cross-validation of the citation tagger on anystyle-core.xml, and accuracy per generated style
eval-citations: install $(MODEL)
	$(BIN)/python -m briefparse.citations.evaluate --cv 5 --styles

ui: install $(MODEL)
	$(BIN)/briefparse ui

bench: install $(MODEL)
	$(BIN)/python bench/run_bench.py

lint: install
	$(BIN)/ruff check src pipelines tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

# the same checks before every commit (ruff, mypy, import-linter)
hooks: install
	$(BIN)/pre-commit install

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .lock-venv

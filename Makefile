# Two entry points for a fresh machine: `make run` (app on the bundled corpus) and `make test`.
# Each creates the virtual environment it needs; torch is pinned to the CPU build on these machines.
PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test index vocabulary eval bench lint browser axe dictionary

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	@$(MAKE) -s dictionary || echo "note: Debian's dict-freedict-eng-ara could not be installed; English questions are translated by word vectors alone"
	$(PY) app.py

# Debian's English-Arabic dictionary (FreeDict, 2.5 MB, no dependencies) translates an English question's words for
# searching Arabic text (rag/dictionary.py; XQuAD en->ar R@1 0.831 -> 0.861). `make run` goes on without it, `make test` needs it.
DICTIONARY := /usr/share/dictd/freedict-eng-ara.index
dictionary:
	@test -f $(DICTIONARY) || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq dict-freedict-eng-ara; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq dict-freedict-eng-ara; fi; }

# Headless Chromium for the browser test comes from Debian's package (a browser download fails here).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq chromium; fi; }

# axe-core (npm) for the accessibility check in the browser tests: its one script, in a git-ignored cache.
AXE_VERSION ?= 4.14.1
axe:
	@test -f .cache/axe/node_modules/axe-core/axe.min.js || { mkdir -p .cache/axe && \
	  npm install --silent --no-audit --no-fund --prefix .cache/axe axe-core@$(AXE_VERSION); }

# Two worker processes, each test file whole on one of them (its module fixtures built once): pytest took 5 min 13 s
# here on 2 cores against 7 min 11 s in one process. `make test JOBS=0` runs them in this process.
JOBS ?= 2
test: $(STAMP) browser axe dictionary
	$(PY) -m pytest -q $(if $(filter 0,$(JOBS)),,-n $(JOBS) --dist loadfile)

index: $(STAMP)
	$(VENV)/bin/rag index

# Once per machine: likely English question words embedded ahead (rag/english_vocabulary.py, ~2-3 min).
vocabulary: $(STAMP)
	$(VENV)/bin/rag vocabulary

eval: $(STAMP)
	$(VENV)/bin/rag eval

# Benchmarks live in benchmarks/ beside the package; run from the repository root.
bench: $(STAMP)
	$(PY) -m benchmarks.speed
	$(PY) -m benchmarks.xquad
	$(PY) -m benchmarks.arcd

lint: $(STAMP)
	$(VENV)/bin/ruff check rag benchmarks app.py tests
	$(VENV)/bin/mypy rag benchmarks

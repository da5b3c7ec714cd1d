# Passerelles — the README's two commands are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed-$(shell cat requirements/base.txt requirements/dev.txt | md5sum | cut -c1-12)
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test quality fix bench relevance lock data setup clean

run: $(STAMP)
	DJANGO_SETTINGS_MODULE=passerelles.config.settings.dev $(PY) manage.py setup_site --demo
	# The site, a worker of the task queue and the clock together (Procfile); mail shows here.
	DJANGO_SETTINGS_MODULE=passerelles.config.settings.dev PYTHONUNBUFFERED=1 $(BIN)/honcho -f Procfile start

test: $(STAMP) node_modules/.installed
	bash scripts/test.sh

quality: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint passerelles --lint
	$(BIN)/lint-imports --no-cache --no-logo
	$(BIN)/mypy
	DJANGO_SETTINGS_MODULE=passerelles.config.settings.test $(PY) manage.py makemigrations --check --dry-run
	# Known vulnerabilities in the locked requirements (PyPI's advisory data; a package the service
	# cannot answer for is listed as not audited, never passed silently).
	$(BIN)/pip-audit -r requirements/base.txt -r requirements/dev.txt --require-hashes --disable-pip --progress-spinner off

# Fix what the linters can fix by themselves; review the diff before committing. Templates are
# linted, not reformatted: djLint's formatter would rewrite nearly all of them and can change the
# whitespace a page renders.
fix: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(STAMP) node_modules/.installed
	bash bench/run.sh

# The network search measured on its judged collection (passerelles/search/relevance/): nDCG@10,
# recall@20 and MRR per group of queries, in a throw-away database; `--details` for each query.
relevance: $(STAMP)
	DJANGO_SETTINGS_MODULE=passerelles.config.settings.dev $(PY) manage.py relevance $(RELEVANCE_ARGS)

# Re-resolve the lock files after editing requirements/*.in.
lock: $(STAMP)
	cd requirements && ../$(BIN)/pip-compile -q --generate-hashes --allow-unsafe --strip-extras -o base.txt base.in
	cd requirements && ../$(BIN)/pip-compile -q --generate-hashes --allow-unsafe --strip-extras -o dev.txt dev.in

# Regenerate the shipped data from the pinned npm packages.
data: node_modules/.installed
	$(PYTHON) scripts/build_geography.py
	$(PYTHON) scripts/build_map.py
	$(PYTHON) scripts/build_charts.py

$(STAMP): requirements/base.txt requirements/dev.txt
	bash scripts/ensure_system.sh python
	$(PYTHON) -m venv $(VENV)
	# The lock files are complete: --no-deps installs exactly them (an older pip would otherwise
	# resolve extras such as fonttools[woff] afresh and refuse them in hash-checking mode).
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements/base.txt -r requirements/dev.txt
	$(BIN)/pip check
	rm -f $(VENV)/.installed-* && touch $@

node_modules/.installed: package.json package-lock.json
	bash scripts/ensure_system.sh node
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3*

# Milepæl: `make run` sets everything up and starts the demo; `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Two workers: the machines have two cores. `make test PYTEST_ARGS=` runs serially.
PYTEST_ARGS ?= -n 2

.PHONY: install run serve-prod test test-postgres bench lint format messages lock clean

install: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt constraints.txt
	$(PYTHON) -c 'import sys; sys.exit("Milepæl needs Python >= 3.11") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt -c constraints.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	@echo "Milepæl: http://$(HOST):$(PORT)/"
	@# The worker beside the server renders large reports and imports large plans (it stops with it).
	$(BIN)/python manage.py db_worker --interval 2 & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  MILEPAEL_DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

# Production-style serving: gunicorn + whitenoise with hashed static files. Set the
# production environment first (see README: MILEPAEL_PRODUCTION, MILEPAEL_SECRET_KEY, DATABASE_URL …).
serve-prod: install
	$(BIN)/python manage.py migrate --noinput
	MILEPAEL_MANIFEST_STATIC=1 $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	MILEPAEL_MANIFEST_STATIC=1 $(BIN)/gunicorn config.wsgi --bind $(HOST):$(PORT) --workers $${WEB_CONCURRENCY:-3} --access-logfile - --forwarded-allow-ips=$${FORWARDED_ALLOW_IPS:-127.0.0.1}

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The same suite against PostgreSQL (DATABASE_URL defaults to the local server, trust auth).
test-postgres: install
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/milepael} $(BIN)/python -m pytest $(PYTEST_ARGS)

# Benchmarks: figures and ratios measured in the same run (never timed tests), on a throwaway
# SQLite file; set BENCH_DATABASE_URL=postgres://… to repeat them on a throwaway PostgreSQL database
# (and BENCH_CACHE_URL=redis://… for the shared cache of the two instances of the rush).
bench: install
	$(BIN)/python benchmarks/pages.py
	$(BIN)/python benchmarks/load.py
	$(BIN)/python benchmarks/import.py
	$(BIN)/python benchmarks/search.py
	$(BIN)/python benchmarks/report_load.py
	$(BIN)/python benchmarks/rush.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Update the catalogues after changing strings (needs GNU gettext). The source strings are
# Danish, so the da catalogue is filled with msgstr = msgid; translate the new en entries
# (tests/test_translations.py fails until every one is), then run `make messages` again.
messages: install
	$(BIN)/python manage.py makemessages -l da -l en --no-location --no-obsolete \
	  --ignore=node_modules --ignore=.venv --ignore=tests --ignore=benchmarks --ignore=staticfiles
	$(BIN)/python -c 'import polib; po = polib.pofile("milepael/locale/da/LC_MESSAGES/django.po"); \
	  [setattr(e, "msgstr_plural", {0: e.msgid, 1: e.msgid_plural}) if e.msgid_plural else setattr(e, "msgstr", e.msgid) for e in po]; \
	  [e.flags.remove("fuzzy") for e in po if "fuzzy" in e.flags]; po.save()'
	$(BIN)/python manage.py compilemessages --ignore=node_modules --ignore=.venv

# Re-pin every installed package after changing requirements*.txt.
lock: install
	{ echo "# Every package of the tested environment, pinned (pip freeze). make install applies it as"; \
	  echo "# constraints, so a fresh machine gets exactly what CI tested. Regenerate with make lock."; \
	  $(BIN)/python -m pip freeze --exclude-editable | sort -f; } > constraints.txt

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache .ruff_cache

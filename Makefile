# Two commands on a fresh machine with Python 3.11: `make run` and `make test`;
# `make serve` for production (gunicorn, README "Production").
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
CATALOGS := $(patsubst %.po,%.mo,$(wildcard tracker/translations/*/LC_MESSAGES/messages.po))

.PHONY: run serve test install lint catalogs extract e2e-deps bench

# The development server, with the demo; a missing SECRET_KEY comes from instance/.
run: export TRACKER_ENV := development
run: install catalogs
	$(FLASK) db upgrade
	@# The demo refuses a database holding other data: then serve that data as it is.
	-$(FLASK) demo
	@echo ""
	@echo "Serving on http://127.0.0.1:5000 (Ctrl-C to stop)"
	$(FLASK) run --host 127.0.0.1 --port 5000

# Production: migrations, then gunicorn as gunicorn.conf.py says (no demo; SECRET_KEY needed).
serve: install catalogs
	$(FLASK) db upgrade
	$(BIN)/gunicorn -c gunicorn.conf.py wsgi:app

test: install catalogs
	$(BIN)/python -m pytest $(PYTEST_ARGS)

install: $(STAMP)

$(STAMP):
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

catalogs: install $(CATALOGS)

%.mo: %.po
	$(BIN)/pybabel compile -i $< -o $@ >/dev/null

# Re-extract messages after changing user-facing strings, then translate the new entries.
extract: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o tracker/translations/messages.pot --no-location --sort-output .
	$(BIN)/pybabel update -i tracker/translations/messages.pot -d tracker/translations --no-fuzzy-matching --ignore-obsolete --no-wrap
	$(BIN)/python scripts/fill_english_catalog.py
	@echo "Now translate the new entries in tracker/translations/ka/LC_MESSAGES/messages.po"

# ruff, then bandit at medium severity and up over the app (each reviewed false positive is
# marked in place: "# nosec BXXX  # why"); either one's findings fail the target.
lint: install
	$(BIN)/ruff check .
	$(BIN)/bandit -q -r tracker -ll

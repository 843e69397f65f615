# Two commands set up everything: `make run` (the site with demo data) and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

# Local development runs with DEBUG on unless the environment says otherwise.
export DEBUG ?= 1
# Links in e-mails and the QR codes of certificates point at the address `make run` serves.
export SITE_URL ?= http://$(HOST):$(PORT)

.PHONY: run test install install-dev lint messages clean backup restore

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: $(VENV)/.installed
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# The tests spread over one process per core (at most 4), each with its own test database and cache;
# PYTEST_WORKERS=0 runs them in this process.
PYTEST_WORKERS ?= auto

test: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest -n $(PYTEST_WORKERS) --maxprocesses=4 --dist loadfile --no-loadscope-reorder $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Refresh the catalogues (each app has its own APP/locale) after changing user-facing strings; needs GNU gettext.
messages: $(VENV)/.installed
	$(BIN)/python manage.py makemessages -l vi --no-obsolete --ignore=.venv --ignore=tests --ignore=bench --ignore=locale-thirdparty
	$(BIN)/python manage.py compilemessages --ignore=.venv

# Back up the database (PostgreSQL: pg_dump custom format; SQLite: the file) and MEDIA_ROOT into a new folder
# under backups/ (BACKUP=folder to choose it); restore one into DATABASE_URL's database and MEDIA_ROOT.
# Both read the same environment as the site (DATABASE_URL, MEDIA_ROOT).
backup: $(VENV)/.installed
	$(BIN)/python manage.py backup $(if $(BACKUP),--output $(BACKUP))

restore: $(VENV)/.installed
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=backups/kns-YYYYmmdd-HHMMSS"; exit 2; }
	$(BIN)/python manage.py restore $(BACKUP) $(if $(NOINPUT),--noinput)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

# Ouderportaal — two commands on a fresh machine:
#   make run    install into .venv, migrate, seed the demo data, serve on http://127.0.0.1:$PORT (default 8000)
#               with the background worker (manage.py db_worker) beside the web server
#   make test   install test tools and run the whole suite (SQLite; PostgreSQL when DATABASE_URL is set)

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
PIP := $(VENV)/bin/pip
HOST_PYTHON = $(shell scripts/find-python.sh)

.PHONY: run test test-postgres lint format messages check-deploy serve bench clean venv

$(VENV)/.created:
	@py="$$(scripts/find-python.sh)" || exit 1; \
	echo "Using $$py"; \
	"$$py" -m venv $(VENV) && $(PIP) install --quiet --upgrade pip
	@touch $@

$(VENV)/.runtime: $(VENV)/.created requirements.txt
	$(PIP) install --quiet -r requirements.txt
	@touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PIP) install --quiet -r requirements-dev.txt
	@touch $@

venv: $(VENV)/.dev

messages: $(VENV)/.runtime
	@command -v msgfmt >/dev/null || { echo "msgfmt (GNU gettext) is missing: apt-get install gettext"; exit 1; }
	DEBUG=1 $(PY) manage.py compilemessages --ignore '.venv/*' -v 0

run: $(VENV)/.runtime messages
	DEBUG=1 $(PY) manage.py migrate --no-input -v 0
	DEBUG=1 $(PY) manage.py seed_demo --if-empty
	@echo ""
	@echo "  Ouderportaal runs on http://127.0.0.1:$(PORT) - log in as maartje / demo (see README)"
	@echo "  Background jobs (e-mail, imports): a worker runs beside it; e-mail is printed here."
	@echo ""
	@# The worker (manage.py db_worker) runs beside the web server and stops with it.
	DEBUG=1 SITE_URL=http://127.0.0.1:$(PORT) $(PY) manage.py db_worker --no-reload & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	  DEBUG=1 SITE_URL=http://127.0.0.1:$(PORT) $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: $(VENV)/.dev messages
	$(PY) -m pytest -n 2 --dist loadfile -q

test-postgres: $(VENV)/.dev messages
	scripts/with-postgres.sh $(PY) -m pytest -n 2 --dist loadfile -q

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: $(VENV)/.dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check-deploy: $(VENV)/.runtime
	DEBUG=0 SECRET_KEY="deploy-check-$$(head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')" \
	  ALLOWED_HOSTS=ouderportaal.example.nl SECURE_SSL=1 \
	  $(PY) manage.py check --deploy --fail-level WARNING

serve: $(VENV)/.runtime messages
	scripts/serve.sh

# Not part of CI: seeds ~1M conversations on a throwaway PostgreSQL (needs wrk), see bench/.
bench: $(VENV)/.runtime messages
	bench/run.sh

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 db.sqlite3-wal db.sqlite3-shm

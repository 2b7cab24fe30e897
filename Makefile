# Two commands for a new user:  make run  (demo on SQLite)  and  make test  (suite on PostgreSQL).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
HOST   ?= 127.0.0.1:8000

.PHONY: run test install lint security migrations-check demo clean bench lock deploy-check backup restore-drill

## make run: install everything, migrate, load demo data (idempotent) and serve on http://127.0.0.1:8000
## (HOST=127.0.0.1:8106 for another address). It ends with the demo logins and the address; the demo's
## e-mails go to var/mail/ and are read on /dev/mail/; links in them follow HOST (SITE_URL).
run: export SITE_URL = http://$(HOST)
run: export DJANGO_RUNSERVER_HIDE_WARNING = true
run: install
	@echo "Database bijwerken (SQLite: db.sqlite3) ..."
	@$(PY) manage.py migrate --noinput --verbosity 0
	@echo "Demogegevens laden (idempotent) ..."
	@$(PY) manage.py seed_demo --manifest demo-manifest.json --base-url http://$(HOST)
	@$(PY) manage.py runserver $(HOST)

## make test: the whole suite against PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/zvh)
## It first starts the object storage (SeaweedFS) and the virus scanner (clamd) the documents tests
## use, each only if it does not answer yet (docker/test-services.sh), and runs on two processes.
test: install
	docker/test-services.sh >/dev/null
	$(VENV)/bin/pytest -n 2

install: $(VENV)/.installed node_modules/.installed

## make bench: build (or reuse) the benchmark databases zvh_bench (100,000 cases) and zvh_bench_small
## (1,000), serve each with gunicorn under production settings and drive the role journeys with locust;
## prints the JSON and writes it to BENCH_OUT (default bench.json). See bench/README.md.
bench: install $(VENV)/.installed-bench
	$(PY) -m bench.run $(BENCH_ARGS)

$(VENV)/.installed-bench: $(VENV)/.installed requirements/bench.txt
	$(VENV)/bin/pip install --quiet --require-hashes --no-deps -r requirements/bench.txt
## make deploy-check: build the image with podman on base images made from Debian packages
## (mmdebstrap, cached), run the compose stack with podman-compose, check it for real (health,
## migrations, TLS proxy over two web replicas, password + TOTP login, Celery through Valkey,
## one beat, a PDF, backup + restore drill), take it down; prints the time of every step.
## Needs root, podman, podman-compose, runc, mmdebstrap; ~10 minutes the first time. Not in make test.
deploy-check:
	docker/deploy-check.sh

## make backup: one `pg_dump -Fc` (+ row counts) of PGDATABASE into BACKUP_DIR (docker/backup.sh)
## make restore-drill: the newest backup restored into a fresh database and checked (docker/restore-drill.sh)
##   locally (libpq variables below) or, with COMPOSE=1, in the running compose stack
##   (COMPOSE_CMD, default podman-compose; "docker compose" works the same).
PGHOST     ?= 127.0.0.1
PGPORT     ?= 5432
PGUSER     ?= postgres
PGDATABASE ?= zvh
BACKUP_DIR ?= var/backups
COMPOSE_CMD ?= podman-compose
LIBPQ := PGHOST=$(PGHOST) PGPORT=$(PGPORT) PGUSER=$(PGUSER)

backup:
	$(LIBPQ) PGDATABASE=$(PGDATABASE) BACKUP_DIR=$(BACKUP_DIR) docker/backup.sh once

ifeq ($(COMPOSE),1)
restore-drill:
	$(COMPOSE_CMD) exec backup bash /usr/local/bin/zvh-restore-drill.sh
	$(COMPOSE_CMD) exec web /app/docker/entrypoint.sh sh -c 'DATABASE_URL="$${DATABASE_URL%/*}/zvh_restore_drill" exec python docker/drill_app_check.py'
	$(COMPOSE_CMD) exec backup bash /usr/local/bin/zvh-restore-drill.sh drop
else
restore-drill: install
	$(LIBPQ) BACKUP_DIR=$(BACKUP_DIR) BACKUP_NAME=$(PGDATABASE) DRILL_DB=$(PGDATABASE)_restore_drill \
	  APP_CHECK="$(PY) docker/drill_app_check.py" docker/restore-drill.sh; \
	  status=$$?; $(LIBPQ) DRILL_DB=$(PGDATABASE)_restore_drill docker/restore-drill.sh drop; exit $$status
endif

## Dependencies are installed from the lock files (requirements/*.txt: exact versions, sha256 hashes),
## the same ones the Dockerfile uses; pyproject.toml says what we need, `make lock` writes the locks.
$(VENV)/.installed: requirements/dev.txt
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --require-hashes --no-deps -r requirements/dev.txt
	touch $@

## make lock: after changing dependencies in pyproject.toml. Keeps every pinned version that still
## fits; `make lock UPGRADE=--upgrade` moves everything to the newest allowed (then run make test).
LOCK := $(VENV)/bin/uv pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes --quiet $(UPGRADE)
lock: $(VENV)/bin/uv
	$(LOCK) -o requirements/production.txt
	$(LOCK) --extra dev -o requirements/dev.txt
	$(LOCK) --extra dev --extra bench -o requirements/bench.txt

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

## bandit: no medium or high severity finding in the application code
security: install
	$(VENV)/bin/bandit -q -r agenda api cases dashboard demo documents notifications partners privacy programmes registry zvh -x '*/migrations/*' --severity-level medium

migrations-check: install
	$(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3

# The lock tool itself (also pinned in the dev lock once `make install` has run).
$(VENV)/bin/uv:
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet uv

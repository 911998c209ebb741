# LifeMento — `make run` serves the app, `make test` runs the suite. Both set themselves up.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test lint format bench check-python setup

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "LifeMento needs Python 3.11 or newer (set PYTHON=...).")'

# Reinstall only when a requirements file changed.
$(STAMP): requirements.txt requirements-dev.txt | check-python
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $(STAMP)

# Development secrets, generated once; existing values are kept.
.env: scripts/dev_env.py
	@$(PYTHON) scripts/dev_env.py
	@touch .env

setup: $(STAMP) .env

run: setup
	$(PY) manage.py migrate --noinput
	@creds=$$($(PY) manage.py ensure_dev_admin); \
	consultant=$$($(PY) manage.py ensure_dev_consultant); \
	echo ""; \
	echo "  라이프멘토: http://127.0.0.1:$(PORT)/"; \
	echo "  관리자 (개발용): http://127.0.0.1:$(PORT)/admin/  아이디 $${creds%%:*}  비밀번호 $${creds#*:}"; \
	echo "  컨설턴트 (개발용): http://127.0.0.1:$(PORT)/consulting/login/  아이디 $${consultant%%:*}  비밀번호 $${consultant#*:}"; \
	echo ""
	RUN_JOBS_IN_PROCESS=true PORT=$(PORT) $(PY) manage.py runserver 127.0.0.1:$(PORT)

# Two test processes (pytest-xdist), each with its own PostgreSQL test database and Redis
# database (tests/parallel.py): the suite takes about half as long on these 2-core machines.
# TEST_WORKERS=0 runs it in one process.
TEST_WORKERS ?= 2
test: setup
	$(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

# The import contract (.importlinter) and the loop check between apps: decision 0016.
lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) scripts/import_graph.py .

format: setup
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# The page bench (each page's CPU time against a bare view, issue 16; ~30 s), the access log's
# append and verification bench (~30 s), the destruction and growth benches need PostgreSQL
# (their own lifemento_bench* databases) and say so when the server is not reachable; the
# destruction bench takes about 5 minutes, the growth ones about 1 minute. The messaging bench
# (10,000 messages by two real workers; `--quick` for 1,000) also starts its own redis-server.
bench: setup
	$(PY) bench/pages.py
	$(PY) bench/run.py
	$(PY) bench/destruction.py
	$(PY) bench/growth_export.py
	$(PY) bench/upload_memory.py
	$(PY) bench/access_log.py
	$(PY) bench/growth_accesslog.py
	$(PY) bench/access_log_page.py
	$(PY) bench/messaging.py
	$(PY) bench/spelling.py

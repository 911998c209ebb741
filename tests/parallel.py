"""Test-only plugin (loaded with `-p tests.parallel`, before Django's settings are read): each
parallel test process (pytest-xdist) gets its own Redis database and its own range of ports for
test Redis servers, as pytest-django gives each its own PostgreSQL test database.

The fake Kakao keeps its state in the cache, the throttles count in it and some tests clear it:
two processes on one Redis database would see each other's. The environment is changed at
import, so the settings, the Celery app and the worker processes a test starts all read the
process's own database, exactly as if the run had been started with that REDIS_URL."""

from __future__ import annotations

import os
import re

WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")  # "gw0", "gw1", …; unset when not parallel
INDEX = int(WORKER[2:]) if WORKER.startswith("gw") else 0

if INDEX and os.environ.get("REDIS_URL"):
    url = os.environ["REDIS_URL"]
    match = re.search(r"/(\d+)$", url)
    base = int(match.group(1)) if match else 0
    # Redis has 16 databases; the second process takes the next one up, wrapping around.
    os.environ["REDIS_URL"] = re.sub(r"(/\d+)?$", f"/{(base + INDEX) % 16}", url, count=1)

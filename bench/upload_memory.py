"""The upload attack on the public proxy form (issue 10), against one real gunicorn worker.

Reports, for each way of sending 30 file parts of 10 MB without a valid CSRF token, the status
answered and how far the worker's peak resident memory rose above where it stood before the
request (MB). The acceptance line: within 20 MB. Memory, unlike time, is not noisy on a shared
machine, so the figure is absolute.

Uses DATABASE_URL when set (migrated in place), otherwise a throwaway SQLite file. Run with
`make bench` or `python bench/upload_memory.py`; BENCH_APP_ROOT serves another checkout of
the code (to measure the code before a change with the same attack).
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.upload_attack import csrf_pair, gunicorn_worker, measure, server_env  # noqa: E402

LIMIT_MB = 20
ATTACKS = [
    ("30 x 10 MB, honest Content-Length", {"mode": "honest"}),
    ("30 x 10 MB, Content-Length claims 10 MB", {"mode": "lying"}),
    ("30 x 10 MB, chunked (no Content-Length)", {"mode": "chunked"}),
    ("30 x 300 KB (under the size cap)", {"mode": "honest", "part_bytes": 300 * 1024}),
    ("valid CSRF token, 30 x 10 MB, honest", {"mode": "honest", "with_token": True}),
    ("valid CSRF token, 30 x 10 MB, claims 10 MB", {"mode": "lying", "with_token": True}),
    ("valid CSRF token, 30 x 300 KB", {"part_bytes": 300 * 1024, "with_token": True}),
]


def main() -> int:
    app_root = Path(os.environ.get("BENCH_APP_ROOT", ROOT))
    tmp = tempfile.TemporaryDirectory()
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{tmp.name}/bench.sqlite3"
    env = server_env(database_url, os.environ.get("REDIS_URL", ""))
    env["PYTHONPATH"] = str(app_root)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=app_root,
        env=env,
        check=True,
    )
    worst = 0.0
    print(f"upload attack on {app_root.name} (peak RSS growth of one gunicorn worker)")
    with gunicorn_worker(env, cwd=app_root) as worker:
        cookie, token = csrf_pair(worker.port)
        for _ in range(3):  # warm: templates, URL conf, connection
            csrf_pair(worker.port)
        for label, attack in ATTACKS:
            # The throttle (5 an hour per address) counts the ones that reach the view: five
            # of these do, on the run's own cache keys (server_env).
            if attack.pop("with_token", False):
                attack["token"] = token
            status, grown = measure(worker, cookie, **attack)
            worst = max(worst, grown)
            print(f"  {label:45} -> {status or 'closed'}  +{grown:6.1f} MB")
    verdict = "ok" if worst <= LIMIT_MB else "OVER"
    print(f"  worst: +{worst:.1f} MB (limit {LIMIT_MB} MB): {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

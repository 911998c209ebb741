"""Test-only: one OS process appending to the access log, for the concurrency test
(tests/privacy/accesslog/test_concurrent_processes.py).

    python -m tests.privacy.accesslog.appender <folder> <name> <count>

Sets Django up on DATABASE_URL (the test database), writes <folder>/<name>.ready, waits for
<folder>/go, then appends <count> entries, one transaction each, naming the process's index in
`detail` so the test can tell whose entry is where.
"""

import os
import sys
import time
from pathlib import Path


def main(folder: Path, name: str, count: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lifemento.settings")
    import django

    django.setup()
    from privacy.accesslog.append import Actor, access_log_append

    (folder / f"{name}.ready").touch()
    deadline = time.monotonic() + 60
    while not (folder / "go").exists():
        if time.monotonic() > deadline:
            raise SystemExit("no go signal within 60 s")
        time.sleep(0.005)
    for i in range(count):
        access_log_append(
            actor=Actor(account_id=7, role="staff", ip="10.0.0.9"),
            action="view",
            subjects=[1000 + i, 2000 + i],
            target_type="profiles.profile",
            target_id=f"{name}-{i}",
            detail={"process": name, "i": i},
        )


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]))

"""Test-only: empty the append-only access log so a transactional test's flush can run.

The log's triggers refuse UPDATE, DELETE and TRUNCATE by design (privacy/migrations/0004);
pytest-django ends every transactional (live-server) test by flushing all tables. Tests that
made staff sign in would otherwise leave rows the flush cannot remove.
"""

from django.db import connection

TABLES = (
    "privacy_accesslogsubject",  # the entries' subject index (migration 0008), before them
    "privacy_accesslogentry",
    "privacy_accesslogcheckpoint",
    "privacy_accessloghead",
    "privacy_accesslogpruneallowance",
)


def wipe_access_log() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Ordinary triggers do not fire for a superuser session in replica role.
            cursor.execute("SET session_replication_role = replica")
            try:
                for table in TABLES:
                    cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed names
            finally:
                cursor.execute("SET session_replication_role = DEFAULT")
            return
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
            "AND tbl_name LIKE 'privacy_accesslog%'"
        )
        triggers = cursor.fetchall()
        for name, _ in triggers:
            cursor.execute(f'DROP TRIGGER "{name}"')
        try:
            for table in TABLES:
                cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed names
        finally:
            for _, sql in triggers:
                cursor.execute(sql)

"""The database itself refuses UPDATE and DELETE on the access log (privacy.accesslog).

PostgreSQL: a row trigger raises unless the transaction set `lifemento.access_log_prune_before`
(the retention prune does, with SET LOCAL semantics) and the row is older than that and older
than 365 days; a TRUNCATE trigger refuses to empty a non-empty table.
SQLite: BEFORE UPDATE / BEFORE DELETE triggers RAISE(ABORT); the delete trigger lets a row
through only while privacy_accesslogpruneallowance holds a matching row, which the prune
inserts and removes inside its own transaction.

Whatever the allowance says, entries younger than 365 days (the legal minimum) are never
deleted. Checkpoints are append-only with no exception; a chain head may only move forward.
Someone who owns the database can still disable the triggers: that is what the hash chain and
the signed checkpoints are for (`manage.py verify_access_log`).
"""

from django.db import migrations

POSTGRESQL_INSTALL = [
    """
    CREATE OR REPLACE FUNCTION privacy_access_log_guard() RETURNS trigger
    LANGUAGE plpgsql AS $$
    DECLARE
        allowed_before timestamptz;
    BEGIN
        IF TG_OP = 'DELETE' THEN
            allowed_before := NULLIF(
                current_setting('lifemento.access_log_prune_before', true), ''
            )::timestamptz;
            IF allowed_before IS NOT NULL
               AND allowed_before <= now() - interval '365 days'
               AND OLD.at < allowed_before THEN
                RETURN OLD;
            END IF;
        END IF;
        RAISE EXCEPTION 'privacy_accesslogentry is append-only: % refused', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END;
    $$
    """,
    """
    CREATE TRIGGER privacy_accesslogentry_append_only
    BEFORE UPDATE OR DELETE ON privacy_accesslogentry
    FOR EACH ROW EXECUTE FUNCTION privacy_access_log_guard()
    """,
    """
    CREATE OR REPLACE FUNCTION privacy_access_log_no_truncate() RETURNS trigger
    LANGUAGE plpgsql AS $$
    DECLARE
        has_rows boolean;
    BEGIN
        -- An empty table may be truncated: the test runner's flush between transactional
        -- tests does that. A table holding records may not.
        EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I)', TG_TABLE_NAME) INTO STRICT has_rows;
        IF has_rows THEN
            RAISE EXCEPTION '% is append-only: TRUNCATE refused', TG_TABLE_NAME
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NULL;
    END;
    $$
    """,
    """
    CREATE TRIGGER privacy_accesslogentry_no_truncate
    BEFORE TRUNCATE ON privacy_accesslogentry
    FOR EACH STATEMENT EXECUTE FUNCTION privacy_access_log_no_truncate()
    """,
    """
    CREATE OR REPLACE FUNCTION privacy_access_log_checkpoint_guard() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'privacy_accesslogcheckpoint is append-only: % refused', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END;
    $$
    """,
    """
    CREATE TRIGGER privacy_accesslogcheckpoint_append_only
    BEFORE UPDATE OR DELETE ON privacy_accesslogcheckpoint
    FOR EACH ROW EXECUTE FUNCTION privacy_access_log_checkpoint_guard()
    """,
    """
    CREATE TRIGGER privacy_accesslogcheckpoint_no_truncate
    BEFORE TRUNCATE ON privacy_accesslogcheckpoint
    FOR EACH STATEMENT EXECUTE FUNCTION privacy_access_log_no_truncate()
    """,
    """
    CREATE OR REPLACE FUNCTION privacy_access_log_head_forward() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF NEW.seq < OLD.seq OR NEW.chain <> OLD.chain THEN
            RAISE EXCEPTION 'privacy_accessloghead may only move forward'
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
    END;
    $$
    """,
    """
    CREATE TRIGGER privacy_accessloghead_forward_only
    BEFORE UPDATE ON privacy_accessloghead
    FOR EACH ROW EXECUTE FUNCTION privacy_access_log_head_forward()
    """,
]
POSTGRESQL_REMOVE = [
    "DROP TRIGGER IF EXISTS privacy_accessloghead_forward_only ON privacy_accessloghead",
    "DROP TRIGGER IF EXISTS privacy_accesslogcheckpoint_no_truncate ON privacy_accesslogcheckpoint",
    "DROP TRIGGER IF EXISTS privacy_accesslogcheckpoint_append_only ON privacy_accesslogcheckpoint",
    "DROP TRIGGER IF EXISTS privacy_accesslogentry_no_truncate ON privacy_accesslogentry",
    "DROP TRIGGER IF EXISTS privacy_accesslogentry_append_only ON privacy_accesslogentry",
    "DROP FUNCTION IF EXISTS privacy_access_log_head_forward()",
    "DROP FUNCTION IF EXISTS privacy_access_log_checkpoint_guard()",
    "DROP FUNCTION IF EXISTS privacy_access_log_no_truncate()",
    "DROP FUNCTION IF EXISTS privacy_access_log_guard()",
]

# Django stores datetimes in SQLite as UTC text "YYYY-MM-DD HH:MM:SS[.ffffff]", which sorts
# like the time it names; strftime(... 'now', '-365 days') produces the same form.
SQLITE_INSTALL = [
    """
    CREATE TRIGGER privacy_accesslogentry_no_update
    BEFORE UPDATE ON privacy_accesslogentry
    BEGIN
        SELECT RAISE(ABORT, 'privacy_accesslogentry is append-only: UPDATE refused');
    END
    """,
    """
    CREATE TRIGGER privacy_accesslogentry_no_delete
    BEFORE DELETE ON privacy_accesslogentry
    WHEN NOT EXISTS (
        SELECT 1 FROM privacy_accesslogpruneallowance AS allowance
        WHERE OLD.at < allowance.before
          AND allowance.before <= strftime('%Y-%m-%d %H:%M:%f', 'now', '-365 days')
    )
    BEGIN
        SELECT RAISE(ABORT, 'privacy_accesslogentry is append-only: DELETE refused');
    END
    """,
    """
    CREATE TRIGGER privacy_accesslogcheckpoint_no_update
    BEFORE UPDATE ON privacy_accesslogcheckpoint
    BEGIN
        SELECT RAISE(ABORT, 'privacy_accesslogcheckpoint is append-only: UPDATE refused');
    END
    """,
    """
    CREATE TRIGGER privacy_accesslogcheckpoint_no_delete
    BEFORE DELETE ON privacy_accesslogcheckpoint
    BEGIN
        SELECT RAISE(ABORT, 'privacy_accesslogcheckpoint is append-only: DELETE refused');
    END
    """,
    """
    CREATE TRIGGER privacy_accessloghead_forward_only
    BEFORE UPDATE ON privacy_accessloghead
    WHEN NEW.seq < OLD.seq OR NEW.chain <> OLD.chain
    BEGIN
        SELECT RAISE(ABORT, 'privacy_accessloghead may only move forward');
    END
    """,
]
SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS privacy_accessloghead_forward_only",
    "DROP TRIGGER IF EXISTS privacy_accesslogcheckpoint_no_delete",
    "DROP TRIGGER IF EXISTS privacy_accesslogcheckpoint_no_update",
    "DROP TRIGGER IF EXISTS privacy_accesslogentry_no_delete",
    "DROP TRIGGER IF EXISTS privacy_accesslogentry_no_update",
]

STATEMENTS = {
    "postgresql": (POSTGRESQL_INSTALL, POSTGRESQL_REMOVE),
    "sqlite": (SQLITE_INSTALL, SQLITE_REMOVE),
}


def _run(schema_editor, index: int) -> None:
    vendor = schema_editor.connection.vendor
    if vendor not in STATEMENTS:
        raise NotImplementedError(f"access log triggers are written for {sorted(STATEMENTS)}")
    for statement in STATEMENTS[vendor][index]:
        # params=None: the SQL holds literal % signs (plpgsql RAISE, strftime).
        schema_editor.execute(statement, params=None)


def install(apps, schema_editor):
    _run(schema_editor, 0)


def remove(apps, schema_editor):
    _run(schema_editor, 1)


class Migration(migrations.Migration):
    dependencies = [("privacy", "0003_access_log")]

    operations = [migrations.RunPython(install, remove)]

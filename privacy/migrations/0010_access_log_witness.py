"""Issue 17, the access log against the database's owner: new columns, and guards on the head.

Columns: the checkpoints' number and the previous checkpoint's MAC (filled and made required in
0012), the entries' format version (NULL meaning 1: the hash covers the reason's plaintext).

The head table now refuses DELETE and TRUNCATE (while it holds rows), and INSERT unless its chain
has neither entries nor checkpoints, i.e. at installation: a head deleted and put back, or a
chain restarted at 1 over an existing log, needs the triggers switched off, which the app's role
cannot do (and the hash chain, the numbered checkpoints and the witness report it anyway).
Checkpoints stay append-only with no exception (the retention prune only adds them).

SQLite rebuilds a table to add a column with a default and to add a constraint, which drops its
triggers (and a trigger naming a table being rebuilt may fail the rename): every access-log
trigger is removed first and installed again last (`sqlite_triggers_off`/`_on`, also used by
0012).
"""

import importlib

from django.db import migrations, models

ENTRY_TRIGGERS = importlib.import_module("privacy.migrations.0004_access_log_triggers")
SUBJECT_TRIGGERS = importlib.import_module("privacy.migrations.0008_access_log_subjects_backfill")

POSTGRESQL_INSTALL = [
    """
    CREATE OR REPLACE FUNCTION privacy_access_log_head_guard() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            IF NOT EXISTS (SELECT 1 FROM privacy_accesslogentry WHERE chain = NEW.chain)
               AND NOT EXISTS (
                   SELECT 1 FROM privacy_accesslogcheckpoint WHERE chain = NEW.chain
               ) THEN
                RETURN NEW;
            END IF;
            RAISE EXCEPTION 'privacy_accessloghead: chain % has records, its head cannot be '
                'installed again', NEW.chain
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        RAISE EXCEPTION 'privacy_accessloghead: % refused', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END;
    $$
    """,
    """
    CREATE TRIGGER privacy_accessloghead_guard
    BEFORE INSERT OR DELETE ON privacy_accessloghead
    FOR EACH ROW EXECUTE FUNCTION privacy_access_log_head_guard()
    """,
    """
    CREATE TRIGGER privacy_accessloghead_no_truncate
    BEFORE TRUNCATE ON privacy_accessloghead
    FOR EACH STATEMENT EXECUTE FUNCTION privacy_access_log_no_truncate()
    """,
]
POSTGRESQL_REMOVE = [
    "DROP TRIGGER IF EXISTS privacy_accessloghead_no_truncate ON privacy_accessloghead",
    "DROP TRIGGER IF EXISTS privacy_accessloghead_guard ON privacy_accessloghead",
    "DROP FUNCTION IF EXISTS privacy_access_log_head_guard()",
]
SQLITE_INSTALL = [
    """
    CREATE TRIGGER privacy_accessloghead_no_delete
    BEFORE DELETE ON privacy_accessloghead
    BEGIN
        SELECT RAISE(ABORT, 'privacy_accessloghead: DELETE refused');
    END
    """,
    """
    CREATE TRIGGER privacy_accessloghead_install_only
    BEFORE INSERT ON privacy_accessloghead
    WHEN EXISTS (SELECT 1 FROM privacy_accesslogentry WHERE chain = NEW.chain)
      OR EXISTS (SELECT 1 FROM privacy_accesslogcheckpoint WHERE chain = NEW.chain)
    BEGIN
        SELECT RAISE(ABORT, 'privacy_accessloghead: the chain has records, its head cannot be installed again');
    END
    """,
]
SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS privacy_accessloghead_install_only",
    "DROP TRIGGER IF EXISTS privacy_accessloghead_no_delete",
]


def _sqlite_statements(index: int) -> list[str]:
    modules = (ENTRY_TRIGGERS, SUBJECT_TRIGGERS)
    if index == 0:
        return [s for m in modules for s in m.SQLITE_INSTALL] + SQLITE_INSTALL
    return SQLITE_REMOVE + [s for m in reversed(modules) for s in m.SQLITE_REMOVE]


def sqlite_triggers_off(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in _sqlite_statements(1):
            schema_editor.execute(statement, params=None)


def sqlite_triggers_on(apps, schema_editor):
    """Every access-log trigger on SQLite, as of this migration (idempotent)."""
    if schema_editor.connection.vendor == "sqlite":
        for statement in _sqlite_statements(1) + _sqlite_statements(0):
            schema_editor.execute(statement, params=None)


def sqlite_triggers_as_before(apps, schema_editor):
    """Reverse: the triggers of 0004 and 0008 only."""
    if schema_editor.connection.vendor == "sqlite":
        sqlite_triggers_off(apps, schema_editor)
        for m in (ENTRY_TRIGGERS, SUBJECT_TRIGGERS):
            for statement in m.SQLITE_INSTALL:
                schema_editor.execute(statement, params=None)


def postgresql_head_guard(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRESQL_INSTALL:
            schema_editor.execute(statement, params=None)


def postgresql_head_guard_remove(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRESQL_REMOVE:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("privacy", "0009_ciphertext_binding")]

    operations = [
        migrations.RunPython(sqlite_triggers_off, sqlite_triggers_as_before),
        migrations.AddField(
            model_name="accesslogentry",
            name="version",
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="형식"),
        ),
        migrations.AddField(
            model_name="accesslogcheckpoint",
            name="number",
            field=models.PositiveBigIntegerField(null=True, verbose_name="번호"),
        ),
        migrations.AddField(
            model_name="accesslogcheckpoint",
            name="prev_mac",
            field=models.CharField(
                blank=True, default="", max_length=64, verbose_name="이전 체크포인트 HMAC"
            ),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="accesslogcheckpoint",
            name="kind",
            field=models.CharField(
                choices=[
                    ("daily", "일일 체크포인트"),
                    ("prune", "보관기간 경과 삭제"),
                    ("install", "설치 기록"),
                    ("alert", "변조 경보"),
                ],
                max_length=10,
                verbose_name="종류",
            ),
        ),
        migrations.RunPython(postgresql_head_guard, postgresql_head_guard_remove),
        migrations.RunPython(sqlite_triggers_on, sqlite_triggers_off),
    ]

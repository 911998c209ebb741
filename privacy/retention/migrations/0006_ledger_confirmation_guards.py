"""The database refuses to change or delete a 책임자 확인 (retention_ledgerconfirmation), and to
move, clear or delete a confirmed 파기 대장 entry: the officer's confirmation is a record, not a
setting. Past withdrawal entries of 지원 내역 were the deletion of originals copied into 분리
보관: they become 이관 entries, as they always were."""

from django.db import migrations

POSTGRESQL_INSTALL = [
    """
    CREATE OR REPLACE FUNCTION retention_confirmation_guard() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'retention_ledgerconfirmation is append-only: % refused', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END;
    $$
    """,
    """
    CREATE TRIGGER retention_ledgerconfirmation_append_only
    BEFORE UPDATE OR DELETE ON retention_ledgerconfirmation
    FOR EACH ROW EXECUTE FUNCTION retention_confirmation_guard()
    """,
    """
    CREATE OR REPLACE FUNCTION retention_confirmed_entry_guard() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF OLD.confirmation_id IS NULL THEN
            IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
            RETURN NEW;
        END IF;
        IF TG_OP = 'UPDATE' AND NEW IS NOT DISTINCT FROM OLD THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION 'a confirmed retention_destructionrun cannot change: % refused', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END;
    $$
    """,
    """
    CREATE TRIGGER retention_destructionrun_confirmed_fixed
    BEFORE UPDATE OR DELETE ON retention_destructionrun
    FOR EACH ROW EXECUTE FUNCTION retention_confirmed_entry_guard()
    """,
]
POSTGRESQL_REMOVE = [
    "DROP TRIGGER IF EXISTS retention_destructionrun_confirmed_fixed ON retention_destructionrun",
    "DROP FUNCTION IF EXISTS retention_confirmed_entry_guard()",
    "DROP TRIGGER IF EXISTS retention_ledgerconfirmation_append_only"
    " ON retention_ledgerconfirmation",
    "DROP FUNCTION IF EXISTS retention_confirmation_guard()",
]
SQLITE_INSTALL = [
    """
    CREATE TRIGGER retention_ledgerconfirmation_no_update
    BEFORE UPDATE ON retention_ledgerconfirmation
    BEGIN SELECT RAISE(ABORT, 'retention_ledgerconfirmation is append-only'); END
    """,
    """
    CREATE TRIGGER retention_ledgerconfirmation_no_delete
    BEFORE DELETE ON retention_ledgerconfirmation
    BEGIN SELECT RAISE(ABORT, 'retention_ledgerconfirmation is append-only'); END
    """,
    """
    CREATE TRIGGER retention_destructionrun_confirmed_no_update
    BEFORE UPDATE ON retention_destructionrun
    WHEN OLD.confirmation_id IS NOT NULL
    BEGIN SELECT RAISE(ABORT, 'a confirmed retention_destructionrun cannot change'); END
    """,
    """
    CREATE TRIGGER retention_destructionrun_confirmed_no_delete
    BEFORE DELETE ON retention_destructionrun
    WHEN OLD.confirmation_id IS NOT NULL
    BEGIN SELECT RAISE(ABORT, 'a confirmed retention_destructionrun cannot change'); END
    """,
]
SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS retention_destructionrun_confirmed_no_delete",
    "DROP TRIGGER IF EXISTS retention_destructionrun_confirmed_no_update",
    "DROP TRIGGER IF EXISTS retention_ledgerconfirmation_no_delete",
    "DROP TRIGGER IF EXISTS retention_ledgerconfirmation_no_update",
]
STATEMENTS = {
    "postgresql": (POSTGRESQL_INSTALL, POSTGRESQL_REMOVE),
    "sqlite": (SQLITE_INSTALL, SQLITE_REMOVE),
}


def _run(schema_editor, index: int) -> None:
    vendor = schema_editor.connection.vendor
    if vendor not in STATEMENTS:
        raise NotImplementedError(f"ledger guards are written for {sorted(STATEMENTS)}")
    for statement in STATEMENTS[vendor][index]:
        schema_editor.execute(statement, params=None)


def install(apps, schema_editor):
    _run(schema_editor, 0)


def remove(apps, schema_editor):
    _run(schema_editor, 1)


def old_moves_are_transfers(apps, schema_editor):
    DestructionRun = apps.get_model("retention", "DestructionRun")
    DestructionRun.objects.filter(job="withdrawal", category="지원 내역").update(
        kind="transfer"
    )


class Migration(migrations.Migration):
    dependencies = [("retention", "0005_ledger_kinds_handlers_and_confirmation")]

    operations = [
        migrations.RunPython(old_moves_are_transfers, migrations.RunPython.noop),
        migrations.RunPython(install, remove),
    ]

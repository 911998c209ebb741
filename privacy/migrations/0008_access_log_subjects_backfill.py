"""The subject index of the access log: existing entries backfilled, then protected like the log.

Backfill: one AccessLogSubject row per member named in each entry's hashed `subjects` text,
read in primary-key batches so memory stays flat however long the log is. Entries are only
read, never written, so every hash, MAC and checkpoint is what it was and `verify_access_log`
passes afterwards (it now also checks the index against `subjects`, row for row).

Triggers, as for the entries themselves (migration 0004): UPDATE always refused; DELETE only
while the retention prune's allowance is set and for rows whose entry is older than it and than
365 days (the prune removes an entry's rows just before the entry); TRUNCATE refused while the
table holds rows. INSERT is allowed, as for the entries: a forged row is caught by the verifier
and never shown, because the privacy centre also reads the entry's own hashed `subjects`.
"""

from django.db import migrations

BATCH = 5000

POSTGRESQL_INSTALL = [
    """
    CREATE OR REPLACE FUNCTION privacy_access_log_subject_guard() RETURNS trigger
    LANGUAGE plpgsql AS $$
    DECLARE
        allowed_before timestamptz;
        entry_at timestamptz;
    BEGIN
        IF TG_OP = 'DELETE' THEN
            allowed_before := NULLIF(
                current_setting('lifemento.access_log_prune_before', true), ''
            )::timestamptz;
            SELECT e.at INTO entry_at FROM privacy_accesslogentry e WHERE e.id = OLD.entry_id;
            IF allowed_before IS NOT NULL
               AND allowed_before <= now() - interval '365 days'
               AND entry_at < allowed_before THEN
                RETURN OLD;
            END IF;
        END IF;
        RAISE EXCEPTION 'privacy_accesslogsubject is append-only: % refused', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END;
    $$
    """,
    """
    CREATE TRIGGER privacy_accesslogsubject_append_only
    BEFORE UPDATE OR DELETE ON privacy_accesslogsubject
    FOR EACH ROW EXECUTE FUNCTION privacy_access_log_subject_guard()
    """,
    """
    CREATE TRIGGER privacy_accesslogsubject_no_truncate
    BEFORE TRUNCATE ON privacy_accesslogsubject
    FOR EACH STATEMENT EXECUTE FUNCTION privacy_access_log_no_truncate()
    """,
]
POSTGRESQL_REMOVE = [
    "DROP TRIGGER IF EXISTS privacy_accesslogsubject_no_truncate ON privacy_accesslogsubject",
    "DROP TRIGGER IF EXISTS privacy_accesslogsubject_append_only ON privacy_accesslogsubject",
    "DROP FUNCTION IF EXISTS privacy_access_log_subject_guard()",
]
SQLITE_INSTALL = [
    """
    CREATE TRIGGER privacy_accesslogsubject_no_update
    BEFORE UPDATE ON privacy_accesslogsubject
    BEGIN
        SELECT RAISE(ABORT, 'privacy_accesslogsubject is append-only: UPDATE refused');
    END
    """,
    """
    CREATE TRIGGER privacy_accesslogsubject_no_delete
    BEFORE DELETE ON privacy_accesslogsubject
    WHEN NOT EXISTS (
        SELECT 1 FROM privacy_accesslogpruneallowance AS allowance
        JOIN privacy_accesslogentry AS entry ON entry.id = OLD.entry_id
        WHERE entry.at < allowance.before
          AND allowance.before <= strftime('%Y-%m-%d %H:%M:%f', 'now', '-365 days')
    )
    BEGIN
        SELECT RAISE(ABORT, 'privacy_accesslogsubject is append-only: DELETE refused');
    END
    """,
]
SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS privacy_accesslogsubject_no_delete",
    "DROP TRIGGER IF EXISTS privacy_accesslogsubject_no_update",
]
STATEMENTS = {
    "postgresql": (POSTGRESQL_INSTALL, POSTGRESQL_REMOVE),
    "sqlite": (SQLITE_INSTALL, SQLITE_REMOVE),
}


def backfill(apps, schema_editor):
    """One index row per (entry, member) of every entry already in the log."""
    Entry = apps.get_model("privacy", "AccessLogEntry")
    Subject = apps.get_model("privacy", "AccessLogSubject")
    db = schema_editor.connection.alias
    after = 0
    while True:
        batch = list(
            Entry.objects.using(db)
            .filter(pk__gt=after)
            .exclude(subjects="")
            .order_by("pk")
            .values_list("pk", "subjects")[:BATCH]
        )
        if not batch:
            return
        Subject.objects.using(db).bulk_create(
            [
                Subject(entry_id=pk, subject=member)
                for pk, subjects in batch
                for member in sorted({int(s) for s in subjects.split(",") if s})
            ],
            ignore_conflicts=True,  # a rerun after a partial backfill adds only what is missing
        )
        after = batch[-1][0]


def _run(schema_editor, index: int) -> None:
    vendor = schema_editor.connection.vendor
    if vendor not in STATEMENTS:
        raise NotImplementedError(f"access log triggers are written for {sorted(STATEMENTS)}")
    for statement in STATEMENTS[vendor][index]:
        schema_editor.execute(statement, params=None)  # literal % signs in the SQL


def install(apps, schema_editor):
    _run(schema_editor, 0)


def remove(apps, schema_editor):
    _run(schema_editor, 1)


def unfill(apps, schema_editor):
    # Going back drops the table (0007 reversed); its rows go with it, nothing to do here.
    pass


class Migration(migrations.Migration):
    dependencies = [("privacy", "0007_access_log_subjects")]

    operations = [
        migrations.RunPython(backfill, unfill),
        migrations.RunPython(install, remove),
    ]

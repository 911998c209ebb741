"""Free-text reasons already in the access log, encrypted in place (issue 17).

Each non-empty reason of an entry written before (format version NULL, i.e. 1) is replaced by
its ciphertext under the log's reason key (privacy.accesslog.reasons.seal_reason: derived from
the current master key, bound to the entry's chain and number). The entry's hash keeps covering the
plaintext, as it always did: the verifier decrypts a version-1 reason before hashing, so every
hash, MAC and checkpoint stays valid. New entries (version 2) hash the ciphertext instead.

The entries' UPDATE trigger is off for this transaction only (PostgreSQL: DISABLE TRIGGER, as
the owner running migrations; SQLite: dropped and installed again). Batches by primary key.
"""

import importlib

from django.db import migrations

GUARDS = importlib.import_module("privacy.migrations.0010_access_log_witness")
BATCH = 2000


def encrypt_reasons(apps, schema_editor):
    from privacy.accesslog.reasons import seal_reason

    Entry = apps.get_model("privacy", "AccessLogEntry")
    db = schema_editor.connection.alias
    todo = Entry.objects.using(db).filter(version__isnull=True).exclude(reason="")
    if not todo.exists():
        return
    postgresql = schema_editor.connection.vendor == "postgresql"
    if postgresql:
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        schema_editor.execute(
            "ALTER TABLE privacy_accesslogentry DISABLE TRIGGER privacy_accesslogentry_append_only"
        )
    else:
        GUARDS.sqlite_triggers_off(apps, schema_editor)
    after = 0
    while True:
        batch = list(todo.filter(pk__gt=after).order_by("pk")[:BATCH])
        if not batch:
            break
        for entry in batch:
            entry.reason = seal_reason(entry.chain, entry.seq, entry.reason)
        Entry.objects.using(db).bulk_update(batch, ["reason"])
        after = batch[-1].pk
    if postgresql:
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        schema_editor.execute(
            "ALTER TABLE privacy_accesslogentry ENABLE TRIGGER privacy_accesslogentry_append_only"
        )
    else:
        GUARDS.sqlite_triggers_on(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("privacy", "0012_access_log_checkpoint_chain")]

    operations = [migrations.RunPython(encrypt_reasons, migrations.RunPython.noop)]

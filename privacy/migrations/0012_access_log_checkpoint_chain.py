"""Existing checkpoints numbered and chained, heads signed with their time, chains installed.

Data, under ACCESS_LOG_HMAC_KEY from settings (the key every signature of the log is made with;
the migration runs with the application's environment): each chain's checkpoints are numbered
1, 2, 3… in the order they were written, each signs the previous one's MAC, and every MAC is
computed again in the new form (which covers the number and that link). Each head's MAC is
computed again to cover its time. Then each chain gets its installation record (the next
number), from whose day a daily checkpoint is due every day; a chain never started gets its
head and installation record now. Entries are only read, so every entry hash stays as it was.

The checkpoints' UPDATE trigger is switched off for this transaction only (PostgreSQL: ALTER
TABLE ... DISABLE TRIGGER, as the owner running migrations; SQLite: every access-log trigger is
dropped around the table rebuild and installed again, see 0010).

Without an HMAC key (a tool run before `make` generated one) nothing is signed here: the first
append installs each chain itself.
"""

import hashlib
import hmac
import importlib
from datetime import UTC

from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

GUARDS = importlib.import_module("privacy.migrations.0010_access_log_witness")
GENESIS_HASH = "0" * 64
CHAINS = ("access", "permission")


def _mac(*parts):
    key = settings.ACCESS_LOG_HMAC_KEY.encode()
    return hmac.new(key, "|".join(str(p) for p in parts).encode(), hashlib.sha256).hexdigest()


def _ts(value):
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _checkpoint_mac(cp):
    return _mac(
        "checkpoint", 2, cp.chain, cp.number, cp.kind, cp.seq, cp.hash, _ts(cp.created_at),
        cp.pruned, cp.prev_mac,
    )  # fmt: skip


def _head_mac(head):
    return _mac("head", 2, head.chain, head.seq, head.hash, _ts(head.at) if head.at else "")


def number_and_sign(apps, schema_editor):
    if not settings.ACCESS_LOG_HMAC_KEY:
        return
    Checkpoint = apps.get_model("privacy", "AccessLogCheckpoint")
    Head = apps.get_model("privacy", "AccessLogHead")
    Entry = apps.get_model("privacy", "AccessLogEntry")
    db = schema_editor.connection.alias
    postgresql = schema_editor.connection.vendor == "postgresql"
    if postgresql:
        schema_editor.execute(
            "ALTER TABLE privacy_accesslogcheckpoint "
            "DISABLE TRIGGER privacy_accesslogcheckpoint_append_only"
        )
    now = timezone.now()
    for chain in CHAINS:
        previous = None
        for cp in Checkpoint.objects.using(db).filter(chain=chain).order_by("id"):
            cp.number = previous.number + 1 if previous else 1
            cp.prev_mac = previous.mac if previous else ""
            cp.mac = _checkpoint_mac(cp)
            cp.save(update_fields=["number", "prev_mac", "mac"])
            previous = cp
        head = Head.objects.using(db).filter(chain=chain).first()
        if head is None:
            if previous is not None or Entry.objects.using(db).filter(chain=chain).exists():
                continue  # a head already missing: the verifier reports it, nothing to sign
            head = Head(chain=chain, seq=0, hash=GENESIS_HASH, at=None)
            head.mac = _head_mac(head)
            head.save(using=db, force_insert=True)
        else:
            head.mac = _head_mac(head)
            head.save(using=db, update_fields=["mac"])
        install = Checkpoint(
            chain=chain,
            kind="install",
            seq=head.seq,
            hash=head.hash,
            created_at=now,
            pruned=0,
            number=previous.number + 1 if previous else 1,
            prev_mac=previous.mac if previous else "",
        )
        install.mac = _checkpoint_mac(install)
        install.save(using=db, force_insert=True)
    if postgresql:
        schema_editor.execute(
            "ALTER TABLE privacy_accesslogcheckpoint "
            "ENABLE TRIGGER privacy_accesslogcheckpoint_append_only"
        )


class Migration(migrations.Migration):
    dependencies = [("privacy", "0011_key_canaries")]

    operations = [
        migrations.RunPython(GUARDS.sqlite_triggers_off, GUARDS.sqlite_triggers_on),
        migrations.RunPython(number_and_sign, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="accesslogcheckpoint",
            name="number",
            field=models.PositiveBigIntegerField(verbose_name="번호"),
        ),
        migrations.AddConstraint(
            model_name="accesslogcheckpoint",
            constraint=models.UniqueConstraint(
                fields=("chain", "number"), name="access_log_checkpoint_number_once"
            ),
        ),
        migrations.RunPython(GUARDS.sqlite_triggers_on, GUARDS.sqlite_triggers_off),
    ]

"""A provision's consent details are sealed under the member's key, and the grant a decision
concerns gets a plain column of its own (the ledger is filtered by it in SQL).

The plaintext details written since 0015 are not converted: the grant each named moves to
grant_ref, and the rest is dropped with the column (a plaintext copy of a consultant's name and
the member's letter titles is what this migration exists to remove)."""

from django.db import migrations, models

import privacy.keys.fields


def grant_refs_from_details(apps, schema_editor):
    ConsentRecord = apps.get_model("privacy", "ConsentRecord")
    for pk, details in ConsentRecord.objects.exclude(details={}).values_list("pk", "details"):
        grant = (details or {}).get("grant") if isinstance(details, dict) else None
        if grant is not None:
            ConsentRecord.objects.filter(pk=pk).update(grant_ref=int(grant))


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0016_consultant_sharing_label"),
    ]

    operations = [
        migrations.AddField(
            model_name="consentrecord",
            name="grant_ref",
            field=models.PositiveBigIntegerField(blank=True, null=True, verbose_name="관련 공유"),
        ),
        migrations.AddField(
            model_name="consentrecord",
            name="sealed_version",
            field=models.PositiveIntegerField(
                default=0, editable=False, verbose_name="암호문 버전"
            ),
        ),
        migrations.RunPython(grant_refs_from_details, migrations.RunPython.noop),
        migrations.RemoveField(model_name="consentrecord", name="details"),
        migrations.AddField(
            model_name="consentrecord",
            name="details",
            field=privacy.keys.fields.EncryptedJSONField(
                blank=True, default=None, null=True, verbose_name="고지한 내용"
            ),
        ),
    ]

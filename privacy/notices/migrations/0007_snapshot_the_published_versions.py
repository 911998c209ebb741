"""Each published version gets the snapshot of the policy page's tables it was published with
(privacy.notices.snapshots): the registry's tables as the page drew them for that version (a
category or provision from the version that first states it, `policy_from`), and the
entrustment table as the page showed it when this runs. From here on the page renders the
snapshot of the version in force, so a fresh `migrate` gives the page it showed before.

The registry's tables are read from the code as it is when this runs; tests/privacy/
test_registry.py holds each seeded version's page, table by table, to the tables its document
printed (privacy/notices/policy_texts/<version>.tables.txt), and the drift check fails when the code later moves away from
the version in force.
"""

from django.db import migrations

from privacy.notices.selectors import policy_timeline_forget
from privacy.notices.snapshots import registry_tables


def snapshot(apps, schema_editor):
    PolicyVersion = apps.get_model("notices", "PolicyVersion")
    Entrustment = apps.get_model("notices", "Entrustment")
    entrustments = [
        {"trustee": e.trustee, "task": e.task, "retention": e.retention}
        for e in Entrustment.objects.order_by("order", "id")
    ]
    stated: set[str] = set()
    for policy in PolicyVersion.objects.filter(published_at__isnull=False).order_by(
        "effective_date"
    ):
        stated.add(policy.version)
        if policy.snapshot:
            continue
        policy.snapshot = {**registry_tables(stated), "entrustments": entrustments}
        policy.save(update_fields=["snapshot"])
    policy_timeline_forget()


class Migration(migrations.Migration):
    dependencies = [("notices", "0006_policy_drafts_and_snapshots")]

    operations = [migrations.RunPython(snapshot, migrations.RunPython.noop)]

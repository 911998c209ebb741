"""The landing page and the member home moved from core to the home app (issue 11), and their
URL names with them: rows recorded before keep counting as the same pages."""

from django.db import migrations

RENAMED = {"core:landing": "home:landing", "core:home": "home:home"}


def forwards(apps, schema_editor):
    UsageEvent = apps.get_model("usage", "UsageEvent")
    for old, new in RENAMED.items():
        UsageEvent.objects.filter(page=old).update(page=new)


def backwards(apps, schema_editor):
    UsageEvent = apps.get_model("usage", "UsageEvent")
    for old, new in RENAMED.items():
        UsageEvent.objects.filter(page=new).update(page=old)


class Migration(migrations.Migration):
    dependencies = [("usage", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]

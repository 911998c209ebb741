"""Sessions keyed by a keyed hash of the cookie's key (issue 17), and pending sign-ups' keys.

Existing rows are keyed by the raw cookie key and their data is not bound to a row. They are
dropped, not rehashed: every raw key ever stored is in backups, replicas and the WAL, and a
rehashed row would still answer to it (hash(raw key) is the new primary key), so a copy of the
table taken before this migration would stay a way in. Everyone signs in again once; a
sign-up waiting on the consent page starts again from Kakao.
"""

from django.db import migrations, models


def drop_unhashed_sessions(apps, schema_editor):
    apps.get_model("accounts", "MemberSession").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_sealed_version"),
    ]

    operations = [
        migrations.RunPython(drop_unhashed_sessions, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="membersession",
            name="session_key",
            field=models.CharField(
                max_length=64,
                primary_key=True,
                serialize=False,
                verbose_name="세션 키의 해시",
            ),
        ),
        migrations.CreateModel(
            name="PendingSignup",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("subject", models.UUIDField(unique=True)),
                ("expire_date", models.DateTimeField(db_index=True)),
            ],
            options={
                "verbose_name": "가입 대기",
                "verbose_name_plural": "가입 대기",
            },
        ),
    ]

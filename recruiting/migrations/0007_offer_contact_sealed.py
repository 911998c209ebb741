"""The recruiter's contact on an offer is a person's name and number: sealed under the member's
key like the message (ciphertext in a text column).

0004 stored it in plain text for one day before any deployment held offers, so there is nothing
to convert. Rather than leave plaintext that the encrypted field could not read, the migration
stops if it finds any and says so."""

from django.db import migrations

import privacy.keys.fields


def refuse_plaintext_contacts(apps, schema_editor):
    Offer = apps.get_model("recruiting", "Offer")
    if Offer.objects.exclude(contact="").exists():
        raise RuntimeError(
            "recruiting.Offer.contact holds plaintext written under 0004; seal those offers "
            "(clear and re-enter the contacts) before running 0007."
        )


class Migration(migrations.Migration):
    dependencies = [
        ("recruiting", "0006_posting_deadline_time_postingquestion"),
    ]

    operations = [
        migrations.RunPython(refuse_plaintext_contacts, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="offer",
            name="contact",
            field=privacy.keys.fields.EncryptedCharField(
                blank=True,
                help_text="회사 채용 담당자의 이름·부서와 연락처예요. 회원이 제안을 수락한 뒤에만 보여요.",
                max_length=200,
                verbose_name="담당자 연락처",
            ),
        ),
    ]

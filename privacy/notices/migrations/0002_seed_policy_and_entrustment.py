"""The policy as it stands (시행일 2024년 6월 20일) as the first archived version, and its one
entrustment, so the archive can show what later versions change and the policy page renders
the entrustment table from data."""

import datetime

from django.db import migrations

from privacy.notices.policy_texts import policy_text

KST = datetime.timezone(datetime.timedelta(hours=9))


def seed(apps, schema_editor):
    PolicyVersion = apps.get_model("notices", "PolicyVersion")
    Entrustment = apps.get_model("notices", "Entrustment")
    if not PolicyVersion.objects.exists():
        PolicyVersion.objects.create(
            version="2024-06-20",
            effective_date=datetime.date(2024, 6, 20),
            published_at=datetime.datetime(2024, 6, 13, 0, 0, tzinfo=KST),
            summary="최초 개인정보처리방침이에요.",
            text=policy_text("2024-06-20"),
            reconsent_required=False,
        )
    if not Entrustment.objects.exists():
        Entrustment.objects.create(
            trustee="카카오비즈니스",
            task="메신저 기능을 통한 메시지 발송",
            retention="회원 탈퇴 또는 위탁 계약 종료 시까지",
            order=1,
        )


def unseed(apps, schema_editor):
    apps.get_model("notices", "PolicyVersion").objects.filter(version="2024-06-20").delete()
    apps.get_model("notices", "Entrustment").objects.filter(trustee="카카오비즈니스").delete()


class Migration(migrations.Migration):
    dependencies = [("notices", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]

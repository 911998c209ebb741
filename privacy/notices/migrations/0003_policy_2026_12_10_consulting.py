"""The policy version that states consulting (issue 12): the 컨설팅 row of the collection table,
the consultants' own data, and the provision to a consultant in 제3자 제공. Published with its
notice on the notice board, to take effect 7 days later at the earliest (처리방침 변경: "변경
사항의 시행 7일 전부터 공지사항을 통하여 고지").

A database with members gets the notice from the moment this runs: if that is less than 7
days before 2026-12-10 (KST), the version takes effect 7 days after it instead, and its text
says that date. A database without members (a new development or test database) has nobody to
tell, and records the version as the repository wrote it: published 2026-12-02, in force from
2026-12-10. The required consent (회원가입) is unchanged: nobody is asked to consent again.
"""

import datetime

from django.db import migrations
from django.utils import timezone

from privacy.notices.policy_texts import policy_text
from privacy.notices.selectors import policy_timeline_forget

KST = datetime.timezone(datetime.timedelta(hours=9))
VERSION = "2026-12-10"
EFFECTIVE = datetime.date(2026, 12, 10)
WRITTEN = datetime.datetime(2026, 12, 2, 18, 0, tzinfo=KST)
NOTICE_DAYS = 7  # privacy.notices.services.NOTICE_DAYS, as it was when this was written
SUMMARY = (
    "컨설팅 서비스를 시작하면서 다음 내용을 더했어요.\n"
    "- 수집 항목에 ‘컨설팅’(요청 내용, 회원이 골라 공유한 정보의 사본, 컨설턴트 의견과 답글, "
    "총평, 면접 일정, 평가)을 더했어요. 공유한 사본은 컨설턴트의 열람이 끝나고 7일 뒤 파기해요.\n"
    "- 제3자 제공: 컨설팅을 요청하면서 그때마다 따로 동의하신 경우에만, 고르신 컨설턴트에게 "
    "고르신 본인 프로필·자기소개서·경험 항목의 사본을 컨설팅이 끝날 때까지(최대 30일) "
    "보여 드려요.\n"
    "- 컨설턴트의 개인정보(이름, 한 줄 소개, 전문 분야, 경력 요약, 검증한 자격)를 적었어요.\n"
    "회원가입 때 동의하신 필수 항목은 바뀌지 않아서 다시 동의하실 필요는 없어요."
)


def _day(date: datetime.date) -> str:
    return f"{date.year}년 {date.month}월 {date.day}일"


def seed(apps, schema_editor):
    PolicyVersion = apps.get_model("notices", "PolicyVersion")
    Notice = apps.get_model("notices", "Notice")
    User = apps.get_model("accounts", "User")
    if PolicyVersion.objects.filter(version=VERSION).exists():
        return
    text = policy_text(VERSION)
    if User.objects.filter(role="member").exists():
        published = timezone.now()
        effective = max(
            EFFECTIVE, published.astimezone(KST).date() + datetime.timedelta(days=NOTICE_DAYS)
        )
        text = text.replace(f"시행일: {_day(EFFECTIVE)}", f"시행일: {_day(effective)}")
    else:
        published, effective = WRITTEN, EFFECTIVE
    later = PolicyVersion.objects.filter(effective_date__gte=effective).first()
    if later is not None:
        raise RuntimeError(
            f"policy version {later.version} already takes effect on or after {effective}: "
            f"publish {VERSION}'s text through the admin with a later date instead"
        )
    policy = PolicyVersion.objects.create(
        version=VERSION,
        effective_date=effective,
        published_at=published,
        summary=SUMMARY,
        text=text,
        reconsent_required=False,
    )
    Notice.objects.create(
        title=f"개인정보처리방침 변경 안내 ({_day(effective)} 시행)",
        body=f"개인정보처리방침이 {_day(effective)}부터 바뀌어요.\n\n{SUMMARY}",
        kind="policy_change",
        published_at=published,
        policy_version=policy,
    )
    policy_timeline_forget()


def unseed(apps, schema_editor):
    PolicyVersion = apps.get_model("notices", "PolicyVersion")
    apps.get_model("notices", "Notice").objects.filter(policy_version__version=VERSION).delete()
    PolicyVersion.objects.filter(version=VERSION).delete()
    policy_timeline_forget()


class Migration(migrations.Migration):
    dependencies = [
        ("notices", "0002_seed_policy_and_entrustment"),
        ("accounts", "0001_initial"),
    ]

    operations = [migrations.RunPython(seed, unseed)]

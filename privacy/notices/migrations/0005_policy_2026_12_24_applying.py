"""The policy version that states applying to a partner company through LifeMento (issue 14) as
a provision to a third party: the companies' row of the 제3자 제공 table and its sentence in the
list of exceptions (개인정보 보호법 제17조 제2항, 제30조: the policy says to whom and what is
provided before it is), and 지원 관리, the applications a member records for themselves (the
tracker's category). Published with its notice on the notice board, to take effect 7 days
later at the earliest (처리방침 변경: "변경 사항의 시행 7일 전부터 공지사항을 통하여 고지").

A database with members gets the notice from the moment this runs: if that is less than 7
days before 2026-12-24 (KST), the version takes effect 7 days after it instead, and its text
says that date. A database without members (a new development or test database) has nobody to
tell, and records the version as the repository wrote it: published 2026-12-03, in force from
2026-12-24. The required consent (회원가입) is unchanged: nobody is asked to consent again; the
provision's own consent is asked on the apply page, each time.
"""

import datetime

from django.db import migrations
from django.utils import timezone

from privacy.notices.policy_texts import policy_text
from privacy.notices.selectors import policy_timeline_forget

KST = datetime.timezone(datetime.timedelta(hours=9))
VERSION = "2026-12-24"
EFFECTIVE = datetime.date(2026, 12, 24)
WRITTEN = datetime.datetime(2026, 12, 3, 3, 0, tzinfo=KST)
NOTICE_DAYS = 7  # privacy.notices.services.NOTICE_DAYS, as it was when this was written
SUMMARY = (
    "라이프멘토를 통해 파트너 회사에 지원하는 방법을 더 분명하게 적었어요.\n"
    "- 제3자 제공: 표에 ‘회원이 지원한 라이프멘토 파트너 회사’를 더했어요. 지원할 때마다 지원 "
    "화면에서 따로 동의하신 경우에만, 지원한 회사에 고르신 자기소개서와 본인 프로필 항목(이름·"
    "희망 직무는 필수, 생년월일·학력·경력·희망 산업·현재 상황 및 고민은 고르신 것만)의 사본을 "
    "보내요. 회사는 채용 전형에만 쓰고 채용 절차가 끝나면 지체 없이(최대 1년) 파기해요. "
    "동의하지 않으시면 라이프멘토를 통해 지원할 수 없어요.\n"
    "- 수집 항목에 ‘지원 관리(회원이 기록하는 지원 현황·일정)’를 더했어요.\n"
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
        ("notices", "0004_policy_2026_12_17_kakaotalk_processor"),
        ("accounts", "0001_initial"),
    ]

    operations = [migrations.RunPython(seed, unseed)]

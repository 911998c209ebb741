"""The policy version that names the real processor of KakaoTalk messages (issue 13): NHN Cloud
(엔에이치엔클라우드 주식회사), the Kakao business message dealer that hands each message to 카카오
— 개인정보 보호법 제26조② asks for the 수탁자 itself, and the earlier texts named only
카카오비즈니스. It also states the message log's 6 months, the Kakao 회원번호 kept at withdrawal
only to end the Kakao Login link (at most 5 days), and the advertising rules of 정보통신망법
제50조. Published with its notice on the notice board, to take effect 7 days later at the
earliest (처리방침 변경: "변경 사항의 시행 7일 전부터 공지사항을 통하여 고지"), and NHN Cloud joins
the entrustment table at once (위탁: "변경될 경우에는 지체 없이 ... 공개").

A database with members gets the notice from the moment this runs: if that is less than 7
days before 2026-12-17 (KST), the version takes effect 7 days after it instead, and its text
says that date. A database without members (a new development or test database) has nobody to
tell, and records the version as the repository wrote it: published 2026-12-02, in force from
2026-12-17. The required consent (회원가입) is unchanged: nobody is asked to consent again.
"""


import datetime

from django.db import migrations
from django.utils import timezone

from privacy.notices.policy_texts import policy_text
from privacy.notices.selectors import policy_timeline_forget

KST = datetime.timezone(datetime.timedelta(hours=9))
VERSION = "2026-12-17"
EFFECTIVE = datetime.date(2026, 12, 17)
WRITTEN = datetime.datetime(2026, 12, 2, 18, 30, tzinfo=KST)
NOTICE_DAYS = 7  # privacy.notices.services.NOTICE_DAYS, as it was when this was written
NHN_CLOUD = {
    "trustee": "엔에이치엔클라우드 주식회사 (NHN Cloud)",
    "task": "카카오톡 알림톡·브랜드 메시지 발송 대행",
    "retention": "회원 탈퇴 또는 위탁 계약 종료 시까지",
    "order": 2,
}
SUMMARY = (
    "카카오톡 알림을 보내면서 다음 내용을 더 정확하게 적었어요.\n"
    "- 처리 위탁: 카카오톡 알림톡·브랜드 메시지는 엔에이치엔클라우드 주식회사(NHN Cloud)를 거쳐 "
    "카카오비즈니스(주식회사 카카오)로 보내요. 엔에이치엔클라우드를 수탁자로 적었고, 보유기간은 "
    "회원 탈퇴 또는 위탁 계약 종료 시까지예요.\n"
    "- 카카오톡 메시지 전송 기록(알림 종류, 템플릿, 템플릿 변수, 발송 결과, 재발송 사유)은 발송을 "
    "요청한 때부터 6개월 동안 보관하고 파기해요. 탈퇴하시면 바로 파기해요.\n"
    "- 탈퇴하시면 카카오 회원번호는 카카오 로그인 연결 끊기를 요청하는 데에만 쓰고, 요청이 끝나면 "
    "바로(늦어도 5일 안에) 파기해요.\n"
    "- 이벤트·혜택·새 채용공고 같은 광고성 메시지는 ‘마케팅 및 광고 활용’과 ‘카카오톡 메시지 "
    "수신’에 따로 동의하신 경우에만 보내요. 오후 8시 50분부터 다음 날 오전 8시까지는 보내지 않고, "
    "‘(광고)’ 표시와 보내는 곳, 무료로 수신을 거부하는 방법을 함께 적어요. 동의·거부·철회 결과는 "
    "바로 알려 드리고, 2년마다 수신 동의 여부를 다시 여쭤봐요.\n"
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
    Entrustment = apps.get_model("notices", "Entrustment")
    if not Entrustment.objects.filter(trustee=NHN_CLOUD["trustee"]).exists():
        Entrustment.objects.create(**NHN_CLOUD, updated_at=published)
    policy_timeline_forget()


def unseed(apps, schema_editor):
    PolicyVersion = apps.get_model("notices", "PolicyVersion")
    apps.get_model("notices", "Notice").objects.filter(policy_version__version=VERSION).delete()
    PolicyVersion.objects.filter(version=VERSION).delete()
    apps.get_model("notices", "Entrustment").objects.filter(trustee=NHN_CLOUD["trustee"]).delete()
    policy_timeline_forget()


class Migration(migrations.Migration):
    dependencies = [
        ("notices", "0003_policy_2026_12_10_consulting"),
        ("accounts", "0001_initial"),
    ]

    operations = [migrations.RunPython(seed, unseed)]

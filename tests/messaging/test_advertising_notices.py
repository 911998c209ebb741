"""What a member is told about their advertising consent, with the clock set: the result of each
grant, refusal and withdrawal at once (제50조⑦: within 14 days), and the re-confirmation every
2 years from the day consent was given (제50조⑧), once per cycle, leap days included."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from core.jobs import JOBS, load_jobs, run_due_jobs
from messaging.catalogue import template
from messaging.models import Message
from notifications.advertising_notices import (
    RECONFIRM_KIND,
    RESULT_KIND,
    marketing_reconfirm,
    reconfirm_due,
)
from notifications.models import Notification
from privacy.consents.models import ConsentChannel
from privacy.consents.services import consent_change, consent_record, consents_record_signup
from tests.conftest import make_member

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

KST = ZoneInfo("Asia/Seoul")


def kst(*args):
    return datetime.datetime(*args, tzinfo=KST)


def results(member):
    return list(Notification.objects.filter(recipient=member, kind=RESULT_KIND).order_by("id"))


def test_a_grant_is_answered_at_once_with_sender_action_time_and_result(member):
    consent_change(member=member, purpose="kakaotalk_messages", granted=True)
    with time_machine.travel(kst(2026, 12, 2, 14, 3), tick=False):
        consent_change(member=member, purpose="marketing", granted=True)
    (notice,) = results(member)
    assert notice.created_at <= kst(2026, 12, 2, 14, 3) + datetime.timedelta(days=14)
    assert "동의" in notice.text and "2026년 12월 2일 14:03" in notice.text
    message = Message.objects.get(key=notice.key)
    assert not message.advertising and message.channel == "alimtalk"
    content = template(message.template_code).render(dict(message.params))
    assert "라이프멘토(크루베이션)" in content  # the sender
    assert "처리 일시: 2026년 12월 2일 14:03" in content
    assert "처리 내용: 광고성 정보(이벤트·혜택·추천 공고) 수신 동의" in content
    assert "처리 결과: 앞으로" in content


def test_a_withdrawal_is_answered_as_a_withdrawal(member):
    consent_change(member=member, purpose="marketing", granted=True)
    with time_machine.travel(kst(2027, 1, 5, 9, 0), tick=False):
        consent_change(member=member, purpose="marketing", granted=False)
    grant, withdrawal = results(member)
    assert "동의" in grant.text
    assert "철회" in withdrawal.text and "2027년 1월 5일 09:00" in withdrawal.text
    params = dict(Message.objects.get(key=withdrawal.key).params)
    assert params["처리내용"] == "철회" and "보내지 않아요" in params["처리결과"]


def test_an_explicit_refusal_is_answered_but_an_unticked_signup_box_is_not(member):
    # make_member signed up without ticking marketing: nothing was declared, nothing changed.
    assert results(member) == []
    # Asked again (a policy change's re-consent screen) and answered no: a refusal.
    consent_record(
        member=member, purpose="marketing", granted=False, channel=ConsentChannel.POLICY_CHANGE
    )
    (notice,) = results(member)
    assert "거부" in notice.text


def test_a_grant_at_signup_is_answered_too(db):
    from accounts.models import Role, User, new_member_username

    member = User.objects.create_user(new_member_username(), role=Role.MEMBER, name="이하늘")
    consents_record_signup(member=member, optional={"marketing": True})
    (notice,) = results(member)
    assert "동의" in notice.text


def test_the_in_app_notice_exists_without_the_kakaotalk_consent(member):
    consent_change(member=member, purpose="marketing", granted=True)
    (notice,) = results(member)
    # Queued for KakaoTalk too, and refused at send time (no KakaoTalk consent): the in-app
    # notice is the one the member certainly gets.
    from messaging.eligibility import decide

    message = Message.objects.get(key=notice.key)
    assert decide(message, kst(2026, 12, 3, 10, 0)).skip == "no_consent"


def test_other_purposes_get_no_advertising_notice(member):
    consent_change(member=member, purpose="kakaotalk_messages", granted=True)
    assert results(member) == []


# --- The 2-year re-confirmation -------------------------------------------------------------


def granted_on(day: datetime.datetime, name="김지원", phone="010-2846-1357"):
    with time_machine.travel(day, tick=False):
        member = make_member(name=name, phone=phone)
        consent_change(member=member, purpose="marketing", granted=True)
    return member


def reconfirmations(member):
    return list(Notification.objects.filter(recipient=member, kind=RECONFIRM_KIND))


@pytest.mark.parametrize(
    ("given", "due"),
    [
        # The day before the same date two years on (시행령 제62조의3①, "같은 날 전까지").
        (datetime.date(2024, 12, 2), datetime.date(2026, 12, 1)),
        # Given on a leap day: 2026 has no Feb 29, the period ends Feb 28 (민법 제160조③).
        (datetime.date(2024, 2, 29), datetime.date(2026, 2, 27)),
        (datetime.date(2024, 3, 1), datetime.date(2026, 2, 28)),
        # Given on Feb 28 before a leap year: the same date exists, the leap day changes nothing.
        (datetime.date(2026, 2, 28), datetime.date(2028, 2, 27)),
        (datetime.date(2026, 3, 1), datetime.date(2028, 2, 29)),
    ],
)
def test_the_reconfirmation_day(given, due):
    assert reconfirm_due(given, 1) == due
    assert reconfirm_due(given, 2) > due + datetime.timedelta(days=700)


def test_a_leap_day_consent_is_reconfirmed_on_27_february_2026_once():
    member = granted_on(kst(2024, 2, 29, 10, 0))
    marketing_reconfirm(today=datetime.date(2026, 2, 26))
    assert reconfirmations(member) == []
    marketing_reconfirm(today=datetime.date(2026, 2, 27))
    (notice,) = reconfirmations(member)
    assert "2024년 2월 29일에 광고성 정보 수신에 동의하셨어요" in notice.text
    content = template("LMCONSENT02").render(dict(Message.objects.get(key=notice.key).params))
    assert "보낸 곳: 라이프멘토(크루베이션)" in content
    assert "아무것도 하지 않으셔도" in content and "마케팅 동의를 끄시면" in content
    # The following days, and a rerun, send nothing more.
    marketing_reconfirm(today=datetime.date(2026, 2, 27))
    marketing_reconfirm(today=datetime.date(2026, 3, 1))
    assert len(reconfirmations(member)) == 1
    # Doing nothing keeps the consent.
    from privacy.api import has_consent

    assert has_consent(member, "marketing")
    # Two years later, the second cycle.
    marketing_reconfirm(today=datetime.date(2028, 2, 27))
    assert len(reconfirmations(member)) == 1
    marketing_reconfirm(today=datetime.date(2028, 2, 28))
    assert len(reconfirmations(member)) == 2


def test_a_consent_of_28_february_2026_is_reconfirmed_on_27_february_2028():
    member = granted_on(kst(2026, 2, 28, 23, 30))  # late evening KST: still the 28th there
    marketing_reconfirm(today=datetime.date(2028, 2, 26))
    assert reconfirmations(member) == []
    marketing_reconfirm(today=datetime.date(2028, 2, 27))
    assert len(reconfirmations(member)) == 1


def test_a_missed_day_is_caught_up_and_a_withdrawn_or_regranted_consent_counts_anew():
    kept = granted_on(kst(2024, 12, 2, 10, 0))
    withdrawn = granted_on(kst(2024, 12, 2, 10, 0), name="박서준", phone="010-7712-4490")
    regranted = granted_on(kst(2024, 12, 2, 10, 0), name="최유나", phone="010-5521-0093")
    with time_machine.travel(kst(2025, 6, 1, 10, 0), tick=False):
        consent_change(member=withdrawn, purpose="marketing", granted=False)
        consent_change(member=regranted, purpose="marketing", granted=False)
        consent_change(member=regranted, purpose="marketing", granted=True)
    # The job did not run on 2026-12-01; the next day catches up.
    marketing_reconfirm(today=datetime.date(2026, 12, 2))
    assert len(reconfirmations(kept)) == 1
    assert reconfirmations(withdrawn) == []
    assert reconfirmations(regranted) == []  # its two years run from 2025-06-01
    marketing_reconfirm(today=datetime.date(2027, 5, 31))
    assert len(reconfirmations(regranted)) == 1


def test_the_daily_job_runs_the_reconfirmation_in_batches(settings):
    import notifications.advertising_notices as notices

    members = [
        granted_on(kst(2024, 12, 2, 10, 0), name=f"회원{i}", phone=f"010-3000-{1000 + i}")
        for i in range(3)
    ]
    load_jobs()
    assert "marketing-reconfirm" in JOBS
    original = notices.BATCH
    notices.BATCH = 2
    try:
        run_due_jobs(now=kst(2026, 12, 1, 9, 30))
    finally:
        notices.BATCH = original
    assert all(len(reconfirmations(m)) == 1 for m in members)

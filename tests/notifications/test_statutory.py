"""The notices the company owes a member (개인정보 보호법 제35조~제38조; the policy's 7-day notice
of a change): privacy sends its signals, notifications tells the member once, in-app always and
queued for KakaoTalk; privacy's own RightsNotice is unchanged."""

import datetime

import pytest

from core.jobs import KST, run_due_jobs
from messaging.models import Message
from notifications.models import Notification
from notifications.tasks import policy_change_notify
from privacy.notices.models import Notice, PolicyVersion
from privacy.notices.selectors import policy_timeline_forget
from privacy.notices.services import policy_version_publish
from privacy.rights import steps
from privacy.rights.models import RightsKind, RightsNotice, RightsStatus
from tests.conftest import make_member
from tests.notifications.support import the_message, with_kakaotalk
from tests.privacy.rights_support import file_request, in_progress, kst

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_policy_timeline():
    """The timeline is cached in Redis, which outlives each test's rolled-back database."""
    policy_timeline_forget()
    yield
    policy_timeline_forget()


def test_a_received_request_tells_the_member_its_due_date(member):
    with_kakaotalk(member)

    request = file_request(member, RightsKind.ACCESS, now=kst(2026, 3, 2))

    notification = Notification.objects.get(recipient=member)
    due = f"{request.due_date.month}월 {request.due_date.day}일"
    assert notification.kind == "privacy.rights_received"
    assert (
        notification.text == f"개인정보 열람 요청을 접수했어요. {due}까지 처리 결과를 알려 드려요."
    )
    assert notification.url == f"/privacy/requests/{request.pk}/"
    message = the_message(member, "privacy.rights_received")
    assert message.template_code == "LMRIGHTS01"
    assert message.params == {
        "요청종류": "열람",
        "접수일": "3월 2일",
        "기한": due,
        "링크": f"/privacy/requests/{request.pk}/",
    }
    # privacy's own in-app notice is still written, as before.
    assert RightsNotice.objects.filter(member=member, status=RightsStatus.RECEIVED).count() == 1


def test_a_completed_request_tells_the_member_the_result_once(member, staff):
    with_kakaotalk(member)
    request = in_progress(member, now=kst(2026, 3, 2))

    steps.rights_request_complete(
        request=request, actor=staff, result="희망 직무를 고쳤어요.", now=kst(2026, 3, 4)
    )

    done = Notification.objects.get(recipient=member, kind="privacy.rights_done")
    assert (
        done.text
        == "개인정보 정정 요청의 처리 결과가 나왔어요: 처리 완료. 자세한 내용을 확인해 주세요."
    )
    message = the_message(member, "privacy.rights_done")
    assert message.template_code == "LMRIGHTS02"
    assert message.params == {
        "요청종류": "정정",
        "접수일": "3월 2일",
        "결과": "처리 완료",
        "링크": f"/privacy/requests/{request.pk}/",
    }


def test_a_refusal_is_a_result_the_member_is_told(member, staff):
    request = in_progress(member, now=kst(2026, 3, 2))

    steps.rights_request_refuse(
        request=request,
        actor=staff,
        grounds="법령상 보존 의무",
        objection="이의 신청",
        now=kst(2026, 3, 3),
    )

    assert the_message(member, "privacy.rights_done").params["결과"] == "거절"


def test_a_completed_deletion_tells_nobody_whose_account_is_gone(member, staff):
    request = in_progress(member, RightsKind.DELETION, now=kst(2026, 3, 2))

    steps.rights_request_complete(request=request, actor=staff, now=kst(2026, 3, 3))

    assert not Notification.objects.filter(kind="privacy.rights_done").exists()


def fan_outs(callbacks) -> list:
    """The on-commit callbacks that start the policy change fan-out."""
    return [c for c in callbacks if c.__qualname__.startswith("on_policy_version_published")]


PUBLISHED = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=KST)


@pytest.fixture(autouse=True)
def _seeded_versions_after_2026_12_10_removed():
    """The tests below publish their own 2026-12-20: a version the repository seeds in between
    (notices 0004, 2026-12-17, told from 12월 10일) would be told on the days they watch."""
    later = PolicyVersion.objects.filter(effective_date__gt=datetime.date(2026, 12, 10))
    Notice.objects.filter(policy_version__in=later).delete()
    later.delete()
    policy_timeline_forget()


def publish(effective: datetime.date, version: str = "2026-12-20"):
    return policy_version_publish(
        version=version,
        effective_date=effective,
        summary="보유기간을 바꿔요.",
        text="제1조 목적\n바뀐 내용",
        reconsent_required=False,
        now=PUBLISHED,
    )


def test_a_policy_change_is_told_to_every_member_7_days_before_it_takes_effect(
    member, other_member, consultant, django_capture_on_commit_callbacks
):
    with_kakaotalk(member)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        publish(datetime.date(2026, 12, 20))
    assert not fan_outs(callbacks)  # not due yet: its day is 12월 13일

    run_due_jobs(now=datetime.datetime(2026, 12, 12, 9, 0, tzinfo=KST))
    assert not Notification.objects.filter(kind="privacy.policy_change").exists()

    run_due_jobs(now=datetime.datetime(2026, 12, 13, 8, 5, tzinfo=KST))
    told = Notification.objects.filter(kind="privacy.policy_change")
    assert sorted(told.values_list("recipient_id", flat=True)) == sorted(
        [member.pk, other_member.pk]
    )  # members only, not the consultant
    notification = told.get(recipient=member)
    assert notification.text == (
        "개인정보 처리방침이 2026년 12월 20일부터 바뀌어요. 무엇이 바뀌는지 미리 확인해 주세요."
    )
    message = the_message(member, "privacy.policy_change")
    assert message.template_code == "LMPOLICY01"
    assert message.params == {
        "시행일": "2026년 12월 20일",
        "링크": "/notices/policy/versions/2026-12-20/",
    }
    assert not Message.objects.filter(recipient=consultant).exists()

    # The next days' runs tell only members not told yet.
    late = make_member(name="이수민", phone="010-5555-1234")
    run_due_jobs(now=datetime.datetime(2026, 12, 14, 8, 5, tzinfo=KST))
    assert told.count() == 3 and told.filter(recipient=late).count() == 1


def test_a_version_published_on_its_notice_day_is_told_at_once(
    member, other_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        policy_version_publish(
            version="2026-12-20",
            effective_date=datetime.date(2026, 12, 20),
            summary="보유기간을 바꿔요.",
            text="제1조 목적\n바뀐 내용",
            reconsent_required=False,
            now=datetime.datetime(2026, 12, 13, 15, 0, tzinfo=KST),  # after the 08:00 job
        )
    # The receiver queues the fan-out for once the publication commits (the task, run here
    # in-process, is what a worker runs), and each member is told once.
    assert len(fan_outs(callbacks)) == 1
    assert policy_change_notify.run("2026-12-20", "2026-12-13") == 2
    assert policy_change_notify.run("2026-12-20", "2026-12-13") == 0
    assert Notification.objects.filter(kind="privacy.policy_change").count() == 2


def test_a_withdrawn_member_is_not_told_of_a_policy_change(member, other_member):
    from django.utils import timezone

    other_member.withdrawn_at = timezone.now()
    other_member.save(update_fields=["withdrawn_at"])
    publish(datetime.date(2026, 12, 20))

    assert policy_change_notify.run("2026-12-20", "2026-12-13") == 1
    told = Notification.objects.filter(kind="privacy.policy_change")
    assert list(told.values_list("recipient_id", flat=True)) == [member.pk]

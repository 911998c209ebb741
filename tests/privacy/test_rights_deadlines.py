"""Rights requests: due in 10 KST calendar days, the clock stops while we wait on the
requester, every step is in the history, refusals carry grounds and how to object, staff are
reminded at D-3, D-1 and when overdue, and closed requests are destroyed after 3 years."""

import datetime
from unittest import mock

import pytest

from accounts.models import MemberSession, User
from core.jobs import JOBS, load_jobs, run_due_jobs
from core.models import JobRun
from privacy.consents.models import ConsentRecord
from privacy.keys.models import DataKey
from privacy.rights import deadlines, filing, notices, steps
from privacy.rights.models import (
    ReminderKind,
    RightsKind,
    RightsNotice,
    RightsReminder,
    RightsRequest,
    RightsStatus,
)
from privacy.rights.steps import RightsError
from privacy.withdrawal.runner import member_withdraw
from profiles.models import Profile
from tests.conftest import make_member
from tests.privacy.rights_support import file_request, in_progress, kst
from tests.profiles.factories import make_profile

pytestmark = pytest.mark.django_db


def test_request_filed_on_a_day_is_due_ten_calendar_days_later(member):
    request = file_request(member, now=kst(2026, 3, 2, 9))

    assert request.due_date == datetime.date(2026, 3, 12)
    assert request.days_left_on(datetime.date(2026, 3, 2)) == 10


def test_request_is_counted_from_its_kst_day_not_utc(member):
    # 00:30 KST on 3 March is still 2 March in UTC.
    request = file_request(member, now=kst(2026, 3, 3, 0, 30))

    assert request.due_date == datetime.date(2026, 3, 13)


def test_request_shows_overdue_after_its_due_date(member):
    request = file_request(member, now=kst(2026, 3, 2))

    with mock.patch("django.utils.timezone.now", return_value=kst(2026, 3, 12, 18)):
        assert request.days_left == 0 and not request.is_overdue
        assert request.dday_label == "D-day"
    with mock.patch("django.utils.timezone.now", return_value=kst(2026, 3, 13, 9)):
        assert request.days_left == -1 and request.is_overdue
        assert request.dday_label == "기한 초과 (1일)"
    with mock.patch("django.utils.timezone.now", return_value=kst(2026, 3, 9)):
        assert request.dday_label == "D-3"


def test_pausing_moves_the_due_date_by_the_paused_days(member):
    request = file_request(member, now=kst(2026, 3, 2))

    steps.rights_request_pause(
        request=request, actor=None, note="신분증 사본이 필요해요", now=kst(2026, 3, 5)
    )
    request = steps.rights_request_resume(request=request, actor=None, now=kst(2026, 3, 8))

    assert request.paused_days == 3
    assert request.due_date == datetime.date(2026, 3, 15)
    assert request.status == RightsStatus.IN_PROGRESS  # a member's identity is known


def test_the_clock_stands_still_while_paused(member):
    request = file_request(member, now=kst(2026, 3, 2))
    request = steps.rights_request_pause(
        request=request, actor=None, note="자료", now=kst(2026, 3, 5)
    )

    with mock.patch("django.utils.timezone.now", return_value=kst(2026, 3, 30)):
        assert request.days_left == 7 and not request.is_overdue
        assert request.dday_label == "정지 · D-7"


def test_pausing_needs_to_say_what_is_missing(member):
    request = file_request(member)

    with pytest.raises(RightsError):
        steps.rights_request_pause(request=request, actor=None, note="  ")


def test_refusal_without_grounds_is_rejected(member):
    request = file_request(member)

    with pytest.raises(RightsError, match="사유"):
        steps.rights_request_refuse(request=request, actor=None, grounds=" ", objection="이의")
    with pytest.raises(RightsError, match="이의 제기"):
        steps.rights_request_refuse(request=request, actor=None, grounds="사유", objection="")

    request.refresh_from_db()
    assert request.status == RightsStatus.RECEIVED


def test_partial_completion_is_a_partial_refusal_and_needs_grounds(member):
    request = in_progress(member)

    with pytest.raises(RightsError):
        steps.rights_request_complete(request=request, actor=None, partly=True)

    done = steps.rights_request_complete(
        request=request,
        actor=None,
        partly=True,
        result="희망 직무를 정정했어요",
        grounds="학력은 증빙이 필요해요 (개인정보 보호법 제36조)",
        objection=steps.default_objection(),
    )
    assert done.status == RightsStatus.PARTLY_COMPLETED


def test_refusal_with_grounds_closes_the_request_and_tells_the_member(member):
    request = file_request(member)

    steps.rights_request_refuse(
        request=request,
        actor=None,
        grounds="법률에 특별한 규정이 있어요 (제35조 제4항)",
        objection=steps.default_objection(),
        now=kst(2026, 3, 4),
    )

    request.refresh_from_db()
    assert request.status == RightsStatus.REFUSED and request.closed_at == kst(2026, 3, 4)
    assert request.grounds.startswith("법률에")
    assert "118" in request.objection
    assert RightsNotice.objects.filter(member=member, status=RightsStatus.REFUSED).exists()


def test_every_status_change_is_appended_to_the_history(member, staff):
    request = file_request(member, now=kst(2026, 3, 2))
    steps.rights_request_pause(request=request, actor=staff, note="자료", now=kst(2026, 3, 3))
    steps.rights_request_resume(request=request, actor=staff, now=kst(2026, 3, 4))
    steps.rights_request_complete(
        request=request, actor=staff, result="정정함", now=kst(2026, 3, 5)
    )

    history = list(request.events.values_list("status", "actor_id"))
    assert history == [
        (RightsStatus.RECEIVED, member.pk),
        (RightsStatus.WAITING, staff.pk),
        (RightsStatus.IN_PROGRESS, staff.pk),
        (RightsStatus.COMPLETED, staff.pk),
    ]
    notices = RightsNotice.objects.filter(member=member).values_list("status", flat=True)
    assert set(notices) == {s for s, _ in history}


def test_completing_needs_identity_checked_first(member):
    request = filing.rights_request_file_by_proxy(
        principal_name=member.name,
        principal_phone=member.phone,
        proxy_name="김대리",
        proxy_phone="010-1111-2222",
        proxy_relation="delegate",
        kind=RightsKind.ACCESS,
        attorney_bytes=b"%PDF-1.4 %%EOF",
        attorney_type="application/pdf",
    )
    assert request.status == RightsStatus.IDENTITY_CHECK

    with pytest.raises(RightsError):
        steps.rights_request_complete(request=request, actor=None)


def test_a_closed_request_cannot_be_moved_again(member):
    request = in_progress(member)
    steps.rights_request_complete(request=request, actor=None)

    with pytest.raises(RightsError):
        steps.rights_request_refuse(request=request, actor=None, grounds="a", objection="b")


def test_completing_a_deletion_request_leaves_no_member_data(member, client):
    make_profile(member)
    client.force_login(member)
    subject = member.subject
    request = in_progress(member, RightsKind.DELETION)

    with mock.patch("privacy.withdrawal.runner.member_withdraw", wraps=member_withdraw) as withdraw:
        steps.rights_request_complete(request=request, actor=None, result="삭제함")

    withdraw.assert_called_once()  # the one destruction path, shared with withdrawal

    assert not User.objects.filter(pk=member.pk).exists()
    assert ConsentRecord.objects.filter(member_id=member.pk).count() == 0
    assert Profile.objects.filter(member_id=member.pk).count() == 0
    assert MemberSession.objects.filter(user_id=member.pk).count() == 0
    assert not DataKey.objects.filter(subject=subject).exists()
    assert client.get("/home/").status_code == 302
    # The record that deletion was asked for and done stays (decision 0005), unlinked.
    kept = RightsRequest.objects.get(pk=request.pk)
    assert kept.member_id is None and kept.status == RightsStatus.COMPLETED


def test_reminders_go_out_once_at_d3_d1_and_overdue(member):
    request = file_request(member, now=kst(2026, 3, 2))  # due 12 March

    assert deadlines.rights_reminders_send(now=kst(2026, 3, 8, 8)) == []  # D-4
    (d3,) = deadlines.rights_reminders_send(now=kst(2026, 3, 9, 8))
    assert deadlines.rights_reminders_send(now=kst(2026, 3, 9, 9)) == []  # idempotent
    assert deadlines.rights_reminders_send(now=kst(2026, 3, 10, 8)) == []  # still the D-3 stage
    (d1,) = deadlines.rights_reminders_send(now=kst(2026, 3, 11, 8))
    (late,) = deadlines.rights_reminders_send(now=kst(2026, 3, 13, 8))
    assert deadlines.rights_reminders_send(now=kst(2026, 3, 14, 8)) == []

    assert [d3.kind, d1.kind, late.kind] == [ReminderKind.D3, ReminderKind.D1, ReminderKind.OVERDUE]
    assert RightsReminder.objects.filter(request=request).count() == 3


def test_reminders_are_a_daily_job_at_8_kst_that_runs_once_a_day(member, caplog, settings):
    file_request(member, now=kst(2026, 3, 2))  # due 12 March: D-1 on the 11th
    load_jobs()
    assert JOBS["rights-reminders"].at == datetime.time(8, 0)
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "privacy.rights_tasks.rights_reminders_daily" not in tasks

    assert "rights-reminders" not in run_due_jobs(now=kst(2026, 3, 11, 7, 59))
    assert run_due_jobs(now=kst(2026, 3, 11, 8))["rights-reminders"] == "done"
    assert run_due_jobs(now=kst(2026, 3, 11, 8, 15))["rights-reminders"] == "skipped"

    assert JobRun.objects.get(job="rights-reminders").progress == {"sent": 1}
    assert RightsReminder.objects.get().kind == ReminderKind.D1
    assert "reminder d1" in caplog.text


def test_paused_and_closed_requests_get_no_reminders(member):
    paused = file_request(member, now=kst(2026, 3, 2))
    steps.rights_request_pause(request=paused, actor=None, note="자료", now=kst(2026, 3, 3))
    closed = in_progress(member, now=kst(2026, 3, 2))
    steps.rights_request_complete(request=closed, actor=None, now=kst(2026, 3, 3))

    assert deadlines.rights_reminders_send(now=kst(2026, 3, 20)) == []


def test_requests_of_departed_members_are_destroyed_three_months_on_with_their_key(member):
    departed = make_member(name="이하늘", phone="010-5555-0000")
    old = in_progress(departed, RightsKind.DELETION, now=kst(2026, 3, 2))
    steps.rights_request_complete(request=old, actor=None, now=kst(2026, 3, 3))
    kept = in_progress(member, RightsKind.ACCESS, now=kst(2026, 3, 2))
    steps.rights_request_complete(request=kept, actor=None, now=kst(2026, 3, 3))

    run_due_jobs(now=kst(2026, 5, 30, 9))
    assert RightsRequest.objects.filter(pk=old.pk).exists()  # within 3 months
    run_due_jobs(now=kst(2026, 6, 10, 9))

    assert not RightsRequest.objects.filter(pk=old.pk).exists()
    assert not DataKey.objects.filter(subject=old.subject).exists()
    # A member's own requests stay while they are a member.
    assert RightsRequest.objects.filter(pk=kept.pk).exists()


def test_request_text_is_stored_encrypted_under_the_requests_own_key(member):
    request = file_request(member, detail="비밀스러운 요구 내용")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT detail, principal_name FROM privacy_rightsrequest WHERE id = %s", [request.pk]
        )
        detail, name = cursor.fetchone()
    assert detail.startswith("lmenc2$") and name.startswith("lmenc2$")
    key_id = int(detail.split("$")[1])
    assert DataKey.objects.get(pk=key_id).subject == request.subject != member.subject


@pytest.mark.parametrize("rows", [1, 50])
def test_requests_for_member_uses_a_fixed_number_of_queries(rows, django_assert_num_queries):
    member = make_member()
    for _ in range(rows):
        file_request(member, kind=RightsKind.ACCESS)

    with django_assert_num_queries(1):
        found = notices.requests_for_member(member)

    assert len(found) == rows
    assert found[0].get_kind_display() == "열람" and found[0].get_status_display() == "접수"
    assert isinstance(found[0].due_date, datetime.date) and isinstance(found[0].days_left, int)

"""An overdue engagement is flagged once to the staff who look after consulting, and to its
consultant; a second sweep flags nothing."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from consulting.models import EngagementState
from consulting.overdue import engagements_flag_overdue
from consulting.tasks import JOB_OVERDUE
from core.jobs import JOBS, KST, load_jobs, run_due_jobs
from notifications.models import Notification
from tests.conftest import make_staff
from tests.consulting.conftest import make_engagement

pytestmark = pytest.mark.django_db
HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def consulting_staff():
    user = make_staff("desk1", "desk-password-123")
    user.user_permissions.add(Permission.objects.get(codename="view_engagement"))
    return user


def test_an_overdue_engagement_is_flagged_once_to_staff_and_the_consultant(
    member, consultant, consulting_staff, staff
):
    now = timezone.now()
    late = make_engagement(member, consultant, state=EngagementState.ACCEPTED, due_at=now - HOUR)

    assert engagements_flag_overdue(now=now) == 1

    late.refresh_from_db()
    assert late.overdue_flagged_at == now
    told = Notification.objects.filter(kind="consulting.overdue")
    assert {n.recipient_id for n in told} == {consulting_staff.pk, consultant.pk}
    staff_notice = told.get(recipient=consulting_staff)
    assert f"컨설팅 요청 #{late.pk}의 기한" in staff_notice.text
    assert staff_notice.url == f"/admin/consulting/engagement/{late.pk}/change/"
    assert not Notification.objects.filter(recipient=staff).exists()  # no consulting permission
    assert not Notification.objects.filter(recipient=member).exists()

    assert engagements_flag_overdue(now=now + HOUR) == 0
    assert told.count() == 2


def test_only_accepted_work_past_its_due_time_is_overdue(member, consultant, consulting_staff):
    now = timezone.now()
    on_time = make_engagement(
        member, consultant, state=EngagementState.IN_REVIEW, due_at=now + HOUR
    )
    delivered = make_engagement(
        member, consultant, state=EngagementState.DELIVERED, due_at=now - HOUR
    )
    cancelled = make_engagement(
        member, consultant, state=EngagementState.CANCELLED, due_at=now - HOUR
    )
    requested = make_engagement(member, consultant)

    assert engagements_flag_overdue(now=now) == 0

    for engagement in (on_time, delivered, cancelled, requested):
        engagement.refresh_from_db()
        assert engagement.overdue_flagged_at is None
    assert not Notification.objects.exists()


def test_the_sweep_is_a_daily_job_that_flags_nothing_the_second_time(
    member, consultant, consulting_staff
):
    load_jobs()
    assert JOBS[JOB_OVERDUE].at == datetime.time(8, 30)
    morning = datetime.datetime(2026, 12, 3, 9, 0, tzinfo=KST)
    late = make_engagement(
        member,
        consultant,
        state=EngagementState.IN_REVIEW,
        due_at=morning - datetime.timedelta(days=1),
    )

    assert run_due_jobs(now=morning)[JOB_OVERDUE] == "done"
    late.refresh_from_db()
    assert late.overdue_flagged_at == morning
    assert Notification.objects.filter(kind="consulting.overdue").count() == 2

    assert engagements_flag_overdue(now=morning + datetime.timedelta(days=1)) == 0
    assert Notification.objects.filter(kind="consulting.overdue").count() == 2

"""Staff set a partner application's interview time in the admin; the member's tracker and
calendar show it in KST."""

import datetime

import pytest

from core.jobs import KST
from recruiting.models import ApplicationStatus
from tests.conftest import make_staff

pytestmark = pytest.mark.django_db


def test_staff_set_the_interview_time_and_the_member_sees_it(client, member, application):
    client.force_login(make_staff("root", "root-password-123", superuser=True))
    url = f"/admin/recruiting/application/{application.pk}/change/"
    response = client.post(
        url,
        {
            "status": ApplicationStatus.DOCUMENTS_PASSED,
            "interview_at_0": "2026-12-21",
            "interview_at_1": "10:30",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    application.refresh_from_db()
    assert application.interview_at == datetime.datetime(2026, 12, 21, 10, 30, tzinfo=KST)

    client.force_login(member)
    tracker = client.get("/recruiting/tracker/").content.decode()
    assert "12월 21일(월) 10:30" in tracker and "서류 합격" in tracker
    month = client.get("/recruiting/calendar/?month=2026-12").content.decode()
    assert "10:30" in month and "라이프전자 면접" in month

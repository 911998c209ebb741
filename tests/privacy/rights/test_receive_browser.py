"""In Chromium, at the admin's desktop width: the officer enters a 열람 request a member made by
phone, finds the member by their number, and answers it before its due date."""

import pytest
from playwright.sync_api import Page

from privacy.accesslog.models import AccessLogAction, AccessLogEntry
from privacy.rights.models import ReceivedVia, RightsKind, RightsNotice, RightsRequest, RightsStatus
from tests.conftest import make_member, make_staff
from tests.e2e.conftest import TIMEOUT_MS, browser, site  # noqa: F401 - the browser fixtures
from tests.privacy.rights.browser_steps import (
    officer_answers_phone_access_request,
    officer_signs_in,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "officer-password-123"


@pytest.fixture
def desk(browser) -> Page:  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ko-KR")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


def test_officer_answers_a_phone_access_request_before_its_due_date(desk, site):  # noqa: F811
    member = make_member("김지원", "010-2846-1357")
    officer = make_staff("officer", PASSWORD, superuser=True)

    officer_signs_in(desk, site, username="officer", password=PASSWORD)
    officer_answers_phone_access_request(desk, site, phone="010-2846-1357")

    request = RightsRequest.objects.get()
    assert request.member == member and request.kind == RightsKind.ACCESS
    assert request.received_via == ReceivedVia.PHONE and request.entered_by_id == officer.pk
    assert request.status == RightsStatus.COMPLETED
    assert request.closed_at.date() <= request.due_date
    assert request.identity_checked_by_id == officer.pk
    # The member is told at receipt and at completion, as for a request filed online.
    assert set(RightsNotice.objects.filter(member=member).values_list("status", flat=True)) >= {
        RightsStatus.RECEIVED,
        RightsStatus.COMPLETED,
    }
    # Finding the member by phone is in the access log, naming whom it found.
    search = AccessLogEntry.objects.filter(action=AccessLogAction.SEARCH).first()
    assert search is not None and search.subject_ids == [member.pk]

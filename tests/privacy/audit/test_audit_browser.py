"""In Chromium, as the privacy officer: the quarter's audit is due, the officer prepares it,
records findings and actions and completes it; it is then read-only and printable."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import Page, expect

from privacy.audit.models import QuarterlyAudit
from tests.conftest import make_staff
from tests.e2e.conftest import browser, page, site  # noqa: F401 - the browser fixtures
from tests.privacy.audit.browser_steps import officer_completes_quarterly_audit, sign_in_to_admin

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# After the 4th quarter of 2026, before its audit's due date (2027-01-15); later than today's
# real date, so the browser keeps the session cookie the server dated by this clock.
JANUARY = datetime.datetime(2027, 1, 5, 10, 0, tzinfo=ZoneInfo("Asia/Seoul"))


def test_the_officer_completes_the_quarterly_audit(page: Page, site: str):  # noqa: F811
    with time_machine.travel(JANUARY, tick=True):
        make_staff("officer", "officer-password-123", superuser=True)
        sign_in_to_admin(page, site, "officer", "officer-password-123")

        officer_completes_quarterly_audit(page, site)

        audit = QuarterlyAudit.objects.get()
        assert (audit.year, audit.quarter) == (2026, 4)
        assert audit.is_completed and audit.completed_by_name == "officer"
        assert audit.findings["idle"] == {"finding": "이상 없음", "action": ""}

        page.get_by_role("link", name="인쇄용 보기").click()
        expect(page.get_by_role("heading", name="2026년 4분기 자체 감사 결과")).to_be_visible()
        # The reminder is gone once the audit is completed.
        page.goto(f"{site}/admin/privacy/quarterlyaudit/")
        expect(page.get_by_role("link", name="감사하러 가기")).to_have_count(0)

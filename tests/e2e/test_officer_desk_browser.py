"""Issue 15's acceptance, in Chromium, as the privacy officer at a 1280-pixel desk, on one clock.

On 5 January 2027 (KST) the officer's home says what is due: a member has just called, last
month's 파기 대장 waits for its 책임자 확인, and the fourth quarter's self-audit falls due by the
15th. The officer enters the phone-received 열람 request and answers it before its due date,
confirms December's ledger, drafts, previews and publishes a policy version with a changed
paragraph, and completes the quarter's audit; the home then has nothing left of these. The
live policy page keeps the version in force until the new one's effective date, and shows the
new paragraph from that day.

The clock is later than today's real date, so the browser keeps the session cookie the server
dated by it (tests/privacy/audit/test_audit_browser.py).
"""

import datetime

import pytest
import time_machine
from playwright.sync_api import Page, expect

from privacy.audit.models import QuarterlyAudit
from privacy.notices.models import PolicyVersion
from privacy.notices.selectors import policy_timeline_forget
from privacy.retention.models import DestructionRun, LedgerConfirmation
from privacy.rights.models import ReceivedVia, RightsKind, RightsRequest, RightsStatus
from tests.conftest import make_member, make_staff
from tests.e2e.conftest import TIMEOUT_MS, browser, site  # noqa: F401 - the browser fixtures
from tests.privacy.audit.browser_steps import officer_completes_quarterly_audit
from tests.privacy.notices.browser_steps import officer_drafts_previews_publishes_policy
from tests.privacy.notices.test_policy_desk_browser import first_version
from tests.privacy.retention.browser_steps import officer_confirms_last_months_ledger
from tests.privacy.retention.ledger_helpers import entry, kst, transfer
from tests.privacy.rights.browser_steps import (
    officer_answers_phone_access_request,
    officer_signs_in,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESK = {"width": 1280, "height": 900}
PASSWORD = "officer-password-123"
PHONE = "010-2846-1357"
MORNING = kst(2027, 1, 5, 10, 0)
EFFECTIVE = datetime.date(2027, 1, 12)  # 7 days' notice from the 5th
OLD = "- 사용자 문의 대응"
NEW = "- 사용자 문의 대응 (카카오톡 채널 상담을 포함합니다)"


@pytest.fixture
def desk(browser) -> Page:  # noqa: F811
    context = browser.new_context(viewport=DESK, locale="ko-KR")
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    try:
        yield tab
    finally:
        context.close()


def home(desk: Page, site: str):  # noqa: F811
    desk.goto(f"{site}/admin/")
    return desk.locator("#officer-home")


def fits_the_desk(desk: Page) -> None:
    assert desk.evaluate("() => document.scrollingElement.scrollWidth") <= DESK["width"]


def test_the_officer_runs_the_policy_from_the_desk(desk: Page, site: str):  # noqa: F811
    with time_machine.travel(MORNING, tick=True) as clock:
        policy_timeline_forget()
        first_version()  # a transactional test before this one may have flushed the seeds
        member = make_member("김지원", PHONE)
        officer = make_staff("officer", PASSWORD, superuser=True)
        # December's ledger: a daily destruction at 03:54 KST on the 3rd, and a move into 분리
        # 보관 at a withdrawal, which the ledger shows as 이관, not as 파기.
        entry(kst(2026, 12, 3, 3, 54))
        transfer(kst(2026, 12, 9, 14, 0))

        officer_signs_in(desk, site, username="officer", password=PASSWORD)
        due = home(desk, site)
        expect(due).to_contain_text("2026년 4분기 자체 감사")
        expect(due).to_contain_text("2027-01-15")
        expect(due).to_contain_text("2026년 12월 미확인 2건")
        fits_the_desk(desk)

        # A member called: 열람, entered from the rights desk and answered the same morning.
        officer_answers_phone_access_request(desk, site, phone=PHONE)
        request = RightsRequest.objects.get()
        assert (request.member, request.kind, request.received_via) == (
            member,
            RightsKind.ACCESS,
            ReceivedVia.PHONE,
        )
        assert request.status == RightsStatus.COMPLETED
        assert request.closed_at.date() < request.due_date

        officer_confirms_last_months_ledger(desk, site)
        confirmation = LedgerConfirmation.objects.get()
        assert confirmation.period == datetime.date(2026, 12, 1)
        assert confirmation.entry_count == 2 and confirmation.confirmed_by_id == officer.pk
        assert not DestructionRun.objects.filter(confirmation__isnull=True).exists()

        in_force = PolicyVersion.objects.filter(published_at__isnull=False).first()
        officer_drafts_previews_publishes_policy(
            desk, site, version="2027-01-12", effective_date=EFFECTIVE, paragraph=(OLD, NEW)
        )
        published = PolicyVersion.objects.get(version="2027-01-12")
        assert published.published_at is not None and NEW in published.text
        expect(home(desk, site)).to_contain_text("2027-01-12")

        officer_completes_quarterly_audit(desk, site)
        audit = QuarterlyAudit.objects.get()
        assert (audit.year, audit.quarter, audit.is_completed) == (2026, 4, True)

        # Nothing of this is left on the home.
        done = home(desk, site)
        expect(done).to_contain_text("지금 해야 할 감사가 없어요.")
        expect(done).to_contain_text("확인을 기다리는 달이 없어요.")
        expect(done).to_contain_text("처리할 요구가 없어요.")
        fits_the_desk(desk)

        # Members read the version in force until the new one's effective date (KST) ...
        clock.move_to(kst(2027, 1, 11, 23, 59))
        desk.goto(f"{site}/privacy/policy/")
        expect(desk.get_by_text(f"(버전 {in_force.version})")).to_be_visible()
        expect(desk.get_by_text(NEW.removeprefix("- "), exact=True)).to_have_count(0)

        # ... and the new paragraph from that day.
        clock.move_to(kst(2027, 1, 12, 0, 0, 1))
        desk.goto(f"{site}/privacy/policy/")
        expect(desk.get_by_text("(버전 2027-01-12)")).to_be_visible()
        expect(desk.get_by_text(NEW.removeprefix("- "), exact=True)).to_be_visible()
    policy_timeline_forget()

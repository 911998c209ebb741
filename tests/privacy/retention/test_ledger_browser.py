"""The privacy officer confirms last month's 파기 대장 in Chromium."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from privacy.retention.models import LedgerConfirmation
from privacy.retention.periods import day_start, previous_month
from tests.e2e.conftest import CHROMIUM_ARGS, TIMEOUT_MS, browser, site  # noqa: F401 - fixtures
from tests.privacy.retention.browser_steps import officer_confirms_last_months_ledger
from tests.privacy.retention.ledger_helpers import entry, officer, transfer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESK = {"width": 1280, "height": 900}


def test_the_officer_confirms_last_months_ledger(browser, site):  # noqa: F811
    last_month = day_start(previous_month(timezone.localdate()))
    entry(last_month + datetime.timedelta(days=2, hours=3, minutes=49))
    entry(last_month + datetime.timedelta(days=9, hours=14), job="withdrawal", category="회원가입")
    transfer(last_month + datetime.timedelta(days=9, hours=14))
    officer("officer1", name="김보호")

    context = browser.new_context(viewport=DESK, locale="ko-KR")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        page.goto(site + "/admin/")
        page.get_by_label("아이디").fill("officer1")
        page.get_by_label("비밀번호").fill("staff-password-123")
        page.get_by_role("button", name="로그인").click()
        expect(
            page.get_by_role("link", name="로그아웃").or_(
                page.get_by_role("button", name="로그아웃")
            )
        ).to_be_visible()

        officer_confirms_last_months_ledger(page, site)

        expect(page.locator("#result_list")).to_contain_text("김** (officer1)")
        expect(page.locator("#result_list")).to_contain_text("분리 보관 이관: 지원 내역 2건")
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= DESK["width"]
    finally:
        context.close()
    confirmation = LedgerConfirmation.objects.get()
    assert confirmation.entry_count == 3 and confirmation.note

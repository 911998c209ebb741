"""The calendar on a phone, in Chromium: a deadline with its hour in the agenda under the
month, linking to its letter; the feed's address shown once with a copy button; and on a wide
screen the same deadline inside the month grid."""

import datetime
import os

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import Role, User
from core.jobs import KST
from tests.coverletters.conftest import make_letter
from tests.e2e.conftest import browser, page, site  # noqa: F401 - the browser fixtures
from tests.e2e.helpers import assert_no_horizontal_scroll, join, path_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Set to a directory to keep a screenshot of each step (for looking at the pages).
SHOTS = os.environ.get("TRACKER_SHOTS", "")


def shot(tab: Page, name: str) -> None:
    if SHOTS:
        tab.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def test_the_calendar_shows_a_deadline_with_its_time(page: Page, site: str):  # noqa: F811
    join(page, site)
    member = User.objects.get(role=Role.MEMBER)
    today = timezone.localtime(timezone.now(), KST).date()
    letter = make_letter(
        member,
        title="라이프전자 하반기 공채",
        company="라이프전자",
        deadline=today,
        deadline_time=datetime.time(18, 0),
    )

    page.goto(site + "/recruiting/calendar/")
    expect(page.get_by_role("heading", name=f"{today.year}년 {today.month}월")).to_be_visible()
    agenda = page.locator(".agenda")
    expect(agenda).to_be_visible()
    entry = agenda.get_by_role("link", name="18:00 마감 라이프전자 하반기 공채")
    expect(entry).to_be_visible()
    expect(agenda.locator('[aria-current="date"]')).to_contain_text("오늘")
    assert_no_horizontal_scroll(page)
    shot(page, "1-calendar-phone")

    page.get_by_role("button", name="구독 주소 만들기").click()
    address = page.get_by_label("구독 주소")
    expect(address).to_have_value(
        f"{site}/recruiting/calendar/feed/" + address.input_value().rsplit("/", 1)[1]
    )
    expect(page.get_by_role("button", name="복사")).to_be_visible()
    assert_no_horizontal_scroll(page)
    shot(page, "2-feed-shown-once")

    entry = page.locator(".agenda").get_by_role("link", name="18:00 마감 라이프전자 하반기 공채")
    entry.click()
    assert path_of(page) == f"/coverletters/{letter.pk}/"

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site + "/recruiting/calendar/")
    expect(page.locator(".agenda")).to_be_hidden()
    cell = page.locator('.month-grid td[aria-current="date"]')
    expect(cell.get_by_role("link")).to_contain_text("18:00")
    expect(cell.get_by_role("link")).to_contain_text("라이프전자 하반기 공채")
    shot(page, "3-calendar-wide")
    if SHOTS:  # the tracker list too, on a wide screen and a phone
        from tests.recruiting.tracker.conftest import make_outside

        make_outside(member, next_date=today, next_time=datetime.time(14, 0), next_what="1차 면접")
        make_outside(member, company="미래상사", role="재무", stage="passed")
        page.goto(site + "/recruiting/tracker/")
        shot(page, "4-tracker-wide")
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(site + "/recruiting/tracker/")
        assert_no_horizontal_scroll(page)
        shot(page, "5-tracker-phone")

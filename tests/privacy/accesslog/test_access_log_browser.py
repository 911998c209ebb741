"""In Chromium at 1280 px, as the privacy officer: the access log reads in Korean, list views
fold into one row and unfold on request, a member is found by phone number, and nothing scrolls
sideways."""

import pytest
from playwright.sync_api import Browser, Page, expect

from privacy.accesslog.append import Actor, access_log_append
from tests.conftest import make_member, make_staff
from tests.e2e.conftest import TIMEOUT_MS, browser  # noqa: F401 - the browser fixture
from tests.e2e.helpers import assert_no_horizontal_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESK = {"width": 1280, "height": 900}


def sign_in_to_admin(browser: Browser, site: str, username: str, password: str) -> Page:  # noqa: F811
    """A desk-sized tab signed in to the admin (reusable step)."""
    context = browser.new_context(viewport=DESK, locale="ko-KR")
    context.set_default_timeout(TIMEOUT_MS)
    desk = context.new_page()
    desk.goto(site + "/admin/")
    desk.get_by_label("아이디").fill(username)
    desk.get_by_label("비밀번호").fill(password)
    desk.get_by_role("button", name="로그인").click()
    expect(desk.get_by_role("heading", name="운영 관리")).to_be_visible()
    return desk


def open_access_log(desk: Page, site: str, query: str = "") -> None:
    """The access log's list page (reusable step)."""
    desk.goto(f"{site}/admin/privacy/accesslogentry/{query}")
    expect(desk.get_by_role("heading", name="접속기록", exact=True)).to_be_visible()


def test_officer_reads_the_access_log_in_korean_at_1280px(live_server, browser):  # noqa: F811
    make_staff("officer", "officer-password-123", superuser=True)
    helper = make_staff("helper1")
    kim = make_member(name="김지원", phone="010-2846-1357")
    lee = make_member(name="이서연", phone="010-1111-2222")
    staff = Actor(helper.pk, "staff", "10.0.0.5")
    for _ in range(12):
        access_log_append(
            actor=staff, action="list", subjects=[kim.pk, lee.pk], target_type="profiles.profile"
        )
    access_log_append(
        actor=staff,
        action="reveal",
        subjects=[kim.pk],
        target_type="profiles.profile",
        reason="정정 요구 처리 (요청 #12)",
    )
    access_log_append(
        actor=staff, action="view", subjects=[lee.pk], target_type="privacy.rightsrequest"
    )
    site = live_server.url

    desk = sign_in_to_admin(browser, site, "officer", "officer-password-123")
    open_access_log(desk, site)

    rows = desk.locator("#result_list tbody tr")
    expect(rows.filter(has_text="목록 조회 12회")).to_have_count(1)
    reveal = rows.filter(has_text="마스킹 해제 조회")
    expect(reveal).to_contain_text("관리자 helper1")
    expect(reveal).to_contain_text("김**")
    expect(reveal).to_contain_text("본인 프로필")
    expect(reveal).to_contain_text("사유: 정정 요구 처리 (요청 #12)")
    expect(desk.locator("#result_list")).not_to_contain_text("privacy.rightsrequest")
    assert_no_horizontal_scroll(desk)

    desk.get_by_role("link", name="하나씩 모두 보기").first.click()
    expect(rows.filter(has_text="목록 조회").filter(has_text="본인 프로필")).to_have_count(12)

    open_access_log(desk, site)
    desk.get_by_label("회원 (전화번호)").fill("010-1111-2222")
    desk.get_by_label("회원 (전화번호)").press("Enter")
    expect(desk.locator(".messagelist")).to_contain_text("찾은 회원: 이** (010-****-2222)")
    # 이서연's entries only: the list views that named her, not the reveal of 김지원's profile.
    expect(rows.filter(has_text="목록 조회 12회")).to_have_count(1)
    expect(rows.filter(has_text="마스킹 해제 조회")).to_have_count(0)
    assert_no_horizontal_scroll(desk)

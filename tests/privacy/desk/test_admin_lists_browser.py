"""The officer's home and the member-data change lists fit a 1280 px screen in Chromium: long
cells wrap, nothing pushes the page sideways (issue 15: "list pages clipped at 1280 px")."""

import pytest
from playwright.sync_api import Browser, Page, expect

from privacy.retention.models import DestructionRun
from recruiting.services import application_submit
from tests.conftest import make_member, make_staff
from tests.e2e.conftest import TIMEOUT_MS, browser, site  # noqa: F401 - the browser fixtures
from tests.privacy.rights_support import file_request
from tests.recruiting.conftest import make_offer, make_posting, ready_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 800}
LISTS = (
    "/admin/",
    "/admin/recruiting/application/",
    "/admin/recruiting/offer/",
    "/admin/recruiting/posting/",
    "/admin/privacy/rightsrequest/",
    "/admin/privacy/accesslogentry/",
    "/admin/accounts/user/",
    "/admin/retention/destructionrun/",
    "/admin/profiles/profile/",
    "/admin/coverletters/coverletter/",
    "/admin/experiences/experience/",
    "/admin/consulting/engagement/",
)


def staff_desk(browser: Browser, site: str, username: str, password: str) -> Page:  # noqa: F811
    """A desktop-sized (1280×800) admin tab signed in as `username`: the step other admin
    browser tests can reuse."""
    context = browser.new_context(viewport=DESKTOP, locale="ko-KR")
    context.set_default_timeout(TIMEOUT_MS)
    desk = context.new_page()
    desk.goto(site + "/admin/")
    desk.get_by_label("아이디").fill(username)
    desk.get_by_label("비밀번호").fill(password)
    desk.get_by_role("button", name="로그인").click()
    return desk


def assert_fits_1280(desk: Page, url: str) -> None:
    """Open `url` and check that at 1280 px neither the page scrolls sideways nor the list's
    table is clipped into a box of its own that scrolls (Django's default for wide lists)."""
    response = desk.goto(url)
    assert response is not None and response.status == 200, url
    width = desk.evaluate("document.scrollingElement.scrollWidth")
    assert width <= DESKTOP["width"], f"{url} is {width}px wide at 1280px"
    hidden = desk.evaluate(
        "[...document.querySelectorAll('#changelist .results, #result_list')]"
        ".map(e => e.scrollWidth - e.clientWidth).filter(d => d > 1)"
    )
    assert not hidden, f"{url}: the list is clipped by {hidden}px"


def test_the_home_and_the_member_lists_fit_1280_px(browser, site):  # noqa: F811
    member = make_member(name="남궁민수", phone="010-2846-1357")
    letter = ready_member(member)
    posting = make_posting(
        title="2026 하반기 데이터 분석·마케팅 통합 직무 신입 및 경력 사원 공개 채용 (서울·판교)"
    )
    application_submit(member=member, posting=posting, cover_letter=letter, consented=True)
    make_offer(member, company=posting.company, posting=posting)
    for _ in range(3):
        file_request(member)
    DestructionRun.objects.create(
        job="탈퇴 회원 정보 파기 (매일 새벽 일괄 처리)",
        category="회원 가입 및 관리 — 카카오 로그인 식별자, 이름, 휴대폰 번호",
        legal_basis="개인정보 보호법 제21조 및 개인정보처리방침 제3조 보유기간 경과",
        method="암호화 키 파기(crypto-shredding) 후 행 삭제",
        count=12,
        started_at="2026-12-01T03:54:00+09:00",
    )
    make_staff("officer", "officer-password-123", superuser=True)

    desk = staff_desk(browser, site, "officer", "officer-password-123")
    try:
        expect(desk.locator("#officer-home")).to_be_visible()
        for url in LISTS:
            assert_fits_1280(desk, site + url)
    finally:
        desk.context.close()

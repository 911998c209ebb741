"""Applying on a phone, in Chromium: the member unticks two profile items, the consent's
statement follows the choice, and both the member's application page and the staff's copy that
goes to the company show only what was chosen."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from accounts.models import Role, User
from profiles.models import Profile
from recruiting.models import Application
from tests.conftest import make_staff
from tests.e2e.conftest import browser, page, site  # noqa: F401 - the browser fixtures
from tests.e2e.helpers import assert_no_horizontal_scroll, join
from tests.recruiting.conftest import make_posting, ready_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SITUATION = "요즘 이직을 고민하고 있어요"


def test_two_items_unticked_reach_neither_the_member_page_nor_the_staff_copy(
    page: Page,  # noqa: F811
    site: str,  # noqa: F811
    browser,  # noqa: F811
):
    join(page, site)
    member = User.objects.get(role=Role.MEMBER)
    ready_member(member)  # a profile with 한국대학교 and 라이프컴퍼니, a letter with answers
    profile = Profile.objects.get(member=member)
    profile.birth_date = datetime.date(1999, 3, 14)
    profile.situation = SITUATION
    profile.desired_industry = "가전"
    profile.save()
    posting = make_posting()

    page.goto(f"{site}/recruiting/postings/{posting.pk}/")
    page.get_by_role("radio", name="라이프전자 자소서").check()
    page.get_by_role("button", name="보낼 내용 확인하기").click()
    expect(page.get_by_role("heading", name="이 내용으로 지원할까요?")).to_be_visible()
    assert_no_horizontal_scroll(page)
    items = page.locator("[data-consent-items]")
    expect(items).to_have_text(
        "자기소개서 (지원 시점의 사본), 이름, 희망 직무, 학력, 경력, 희망 산업"
    )

    # Untick 학력 and 희망 산업; the statement names exactly what is left.
    page.get_by_role("checkbox", name="학력").uncheck()
    page.get_by_role("checkbox", name="희망 산업").uncheck()
    expect(items).to_have_text("자기소개서 (지원 시점의 사본), 이름, 희망 직무, 경력")
    expect(page.get_by_role("checkbox", name="생년월일")).not_to_be_checked()
    expect(page.get_by_role("checkbox", name="현재 상황 및 고민")).not_to_be_checked()

    # Sending without the consent is refused and keeps the choice.
    page.get_by_role("button", name="동의하고 지원하기").click()
    expect(page.get_by_role("alert")).to_contain_text("제3자 제공에 동의해 주세요")
    expect(page.get_by_role("checkbox", name="학력")).not_to_be_checked()
    expect(page.get_by_role("checkbox", name="경력")).to_be_checked()
    page.get_by_role("checkbox", name="라이프전자에 제공하는 데 동의해요").check()
    page.get_by_role("button", name="동의하고 지원하기").click()

    expect(page.get_by_role("heading", name="라이프전자 지원서")).to_be_visible()
    assert_no_horizontal_scroll(page)
    application = Application.objects.get(member=member)
    assert application.shared_items == ["name", "desired_job", "careers"]
    sent = page.locator("[data-sent-items]")
    expect(sent).to_contain_text("라이프컴퍼니")
    expect(sent).to_contain_text("김지원")
    for absent in ("한국대학교", "가전", "1999-03-14", SITUATION):
        expect(sent).not_to_contain_text(absent)
    expect(page.locator("[data-consent]")).to_contain_text(
        "자기소개서 (지원 시점의 사본), 이름, 희망 직무, 경력"
    )

    # The staff's copy that goes to the company: the same items, nothing more.
    make_staff("operator", "operator-password-123", superuser=True)
    desk = browser.new_context(locale="ko-KR").new_page()
    desk.goto(site + "/admin/")
    desk.get_by_label("아이디").fill("operator")
    desk.get_by_label("비밀번호").fill("operator-password-123")
    desk.get_by_role("button", name="로그인").click()
    desk.goto(f"{site}/admin/recruiting/application/{application.pk}/change/")
    desk.get_by_role("link", name="회사 전달용 사본 보기").click()
    copy = desk.locator("[data-company-copy]")
    expect(copy).to_contain_text("라이프전자 전달용 사본")
    expect(copy).to_contain_text("처음 쓴 답변 1")
    expect(copy).to_contain_text("라이프컴퍼니")
    for absent in ("한국대학교", "가전", "1999-03-14", SITUATION):
        expect(copy).not_to_contain_text(absent)
    desk.context.close()

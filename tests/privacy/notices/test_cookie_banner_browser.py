"""The cookie banner in a real browser, under the Content-Security-Policy: only essential
cookies before a choice; the choice is saved without a reload; no policy violation."""

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import browser, page, site  # noqa: F401 - fixtures
from tests.e2e.test_csp import settle, violations  # noqa: F401 - fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ESSENTIAL = {"sessionid", "csrftoken", "cookie_choice"}


def cookie_names(tab: Page) -> set[str]:
    return {c["name"] for c in tab.context.cookies()}


def test_banner_saves_the_choice_without_a_reload_and_without_a_violation(
    site,  # noqa: F811
    page,  # noqa: F811
    violations,  # noqa: F811
):
    page.goto(site + "/")
    banner = page.get_by_role("region", name="쿠키를 어디까지 허용할지 골라 주세요")
    expect(banner).to_be_visible()
    assert cookie_names(page) <= ESSENTIAL - {"cookie_choice"}

    page.evaluate("() => { window.notReloaded = true; }")
    banner.get_by_role("button", name="모두 허용").click()

    expect(banner.get_by_role("status")).to_contain_text("쿠키 설정을 저장했어요")
    assert page.evaluate("() => window.notReloaded") is True
    choice = {c["name"]: c for c in page.context.cookies()}["cookie_choice"]
    assert choice["value"] == "v1.s1.m1" and choice["httpOnly"]
    assert cookie_names(page) <= ESSENTIAL
    settle(page)
    assert violations == []

    page.goto(site + "/privacy/policy/")
    expect(page.get_by_role("heading", name="개인정보처리방침", exact=True)).to_be_visible()
    expect(page.get_by_text("쿠키를 어디까지 허용할지")).to_have_count(0)


def test_without_script_the_banner_posts_and_comes_back(browser, site):  # noqa: F811
    context = browser.new_context(java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto(site + "/notices/")
        tab.get_by_role("button", name="필수 쿠키만").click()
        expect(tab.get_by_role("heading", name="공지사항")).to_be_visible()
        assert tab.url == site + "/notices/"
        expect(tab.get_by_text("쿠키 설정을 저장했어요")).to_be_visible()
        cookies = {c["name"]: c["value"] for c in context.cookies()}
        assert cookies["cookie_choice"] == "v1.s0.m0"
    finally:
        context.close()

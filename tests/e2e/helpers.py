"""Steps and checks shared by the browser tests."""

import re
from urllib.parse import urlsplit

from playwright.sync_api import Page, expect

from accounts.models import Role, User

PHONE = {"width": 390, "height": 844}


def path_of(page: Page) -> str:
    return urlsplit(page.url).path


def assert_no_horizontal_scroll(page: Page) -> None:
    # A click on a link returns once the navigation has committed, when the new document
    # may not have an element yet; measure the page that was navigated to, once parsed.
    page.wait_for_load_state("domcontentloaded")
    scroll_width, inner_width = page.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert scroll_width <= inner_width, (
        f"{path_of(page)} scrolls sideways: {scroll_width}px content in a {inner_width}px window"
    )


def members() -> int:
    return User.objects.filter(role=Role.MEMBER).count()


def start_with_kakao(page: Page, person: str = "김지원") -> None:
    """Landing → 카카오로 시작하기 → fake Kakao's consent → pick a person → 동의하고 계속하기."""
    page.get_by_role("button", name="카카오로 시작하기").click()
    expect(page.get_by_role("heading", name="카카오계정으로 로그인")).to_be_visible()
    assert path_of(page) == "/fake-kakao/kauth/oauth/authorize"
    assert_no_horizontal_scroll(page)
    page.get_by_role("radio", name=re.compile(person)).check()
    expect(page.get_by_label("카카오계정(전화번호)")).to_be_checked()
    page.get_by_role("button", name="동의하고 계속하기").click()


def expect_consent_page(page: Page) -> None:
    expect(page.get_by_role("heading", name="가입하기 전에 확인해 주세요")).to_be_visible()
    assert path_of(page) == "/accounts/3rdparty/signup/"
    # What Kakao told us is shown before anything is saved.
    expect(page.locator("dl.kv")).to_contain_text("김지원")
    expect(page.locator("dl.kv")).to_contain_text("010-2846-1357")


def expect_member_home(page: Page) -> None:
    expect(page.get_by_role("heading", name="김지원님, 반가워요")).to_be_visible()
    assert path_of(page) == "/home/"


def join(page: Page, site: str) -> None:
    """A newcomer signs up with the fake Kakao and agrees to the required consent."""
    page.goto(site + "/")
    start_with_kakao(page)
    expect_consent_page(page)
    page.get_by_role("checkbox", name="동의해요 (필수)").check()
    page.get_by_role("button", name="동의하고 가입하기").click()
    expect_member_home(page)


def tab(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="주요 메뉴").get_by_role("link", name=name).click()

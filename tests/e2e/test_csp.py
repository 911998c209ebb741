"""Pages keep working in a real browser under the Content-Security-Policy, and the browser
reports no violation: landing, Kakao sign-in and consent, home, the cover-letter editor, the
experience filters (htmx), the print view, and the admin with a TOTP sign-in."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from accounts.models import Role, User
from tests.accounts.test_hardening_otp import code
from tests.conftest import make_staff
from tests.coverletters.conftest import make_letter
from tests.e2e.helpers import expect_consent_page, expect_member_home, start_with_kakao
from tests.e2e.test_workspace import add_experience, answer_box, question_card, wait_for_editor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# In every document, before the page's own scripts: report each violation to the test.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.reportCspViolation(
    `${e.violatedDirective} blocked ${e.blockedURI || "inline"} in ${e.sourceFile}:${e.lineNumber}`
  );
});
"""


@pytest.fixture
def violations(page: Page) -> list[str]:
    """CSP violations seen by the page: the DOM events and Chromium's console reports."""
    seen: list[str] = []

    def report(text: str) -> None:
        seen.append(text)

    page.expose_function("reportCspViolation", report)
    page.add_init_script(REPORT_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            seen.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return seen


def settle(page: Page) -> None:
    """Let late reports (bindings, console) reach the test before asserting."""
    page.evaluate("() => new Promise((resolve) => setTimeout(resolve, 100))")


def test_injected_inline_script_and_style_are_blocked_and_reported(site, page, violations):
    # The control for every test below: were the detector blind, they would pass vacuously.
    page.goto(site + "/")
    page.evaluate(
        """() => {
          const script = document.createElement("script");
          script.textContent = "window.injected = true";
          document.body.append(script);
          document.body.insertAdjacentHTML("beforeend", '<p style="color: red">injected</p>');
        }"""
    )
    settle(page)

    assert page.evaluate("() => window.injected") is None
    assert any("script-src" in v for v in violations)
    assert any("style-src" in v for v in violations)


def test_sign_in_and_consent_work_without_a_violation(site, page, violations):
    page.goto(site + "/")
    response_policy = page.evaluate(
        "async () => (await fetch('/')).headers.get('content-security-policy')"
    )
    assert "script-src 'self' 'nonce-" in response_policy
    settle(page)
    assert violations == [], "landing"

    # The Kakao button posts to us and is redirected on (form-action allows it).
    start_with_kakao(page)
    expect_consent_page(page)

    # consent.js: 모두 동의 ticks every purpose and follows them one by one.
    agree_all = page.get_by_role("checkbox", name=re.compile("아래 내용에 모두 동의해요"))
    agree_all.check()
    for box in page.locator("[data-consent]").all():
        expect(box).to_be_checked()
    page.get_by_role("checkbox", name="동의해요 (선택)").first.uncheck()
    expect(agree_all).not_to_be_checked()
    settle(page)
    assert violations == [], "consent page"

    page.get_by_role("button", name="동의하고 가입하기").click()
    expect_member_home(page)
    # The completeness bar is drawn without a style attribute.
    expect(page.locator(".progress svg rect")).to_have_attribute("width", re.compile(r"^\d+$"))
    settle(page)
    assert violations == [], "home"


def join(page: Page, site: str) -> User:
    page.goto(site + "/")
    start_with_kakao(page)
    expect_consent_page(page)
    page.get_by_role("checkbox", name="동의해요 (필수)").check()
    page.get_by_role("button", name="동의하고 가입하기").click()
    expect_member_home(page)
    return User.objects.get(role=Role.MEMBER)


def test_cover_letter_editor_counts_and_saves_without_a_violation(site, page, violations):
    member = join(page, site)
    letter = make_letter(member, company="라이프전자", questions=1)

    page.goto(f"{site}/coverletters/{letter.pk}/")
    wait_for_editor(page)
    answer_box(page, 1).press_sequentially("저는 물류 인턴에서", delay=5)

    counter = question_card(page, 1).locator("[data-counter]")
    expect(counter.locator('[data-count="with_spaces"]')).to_have_text("10")
    expect(question_card(page, 1).locator("[data-save-state]")).to_contain_text("저장됨")
    settle(page)
    assert violations == [], "editor"

    # The print view's button works without its old onclick attribute.
    page.goto(f"{site}/coverletters/{letter.pk}/print/")
    page.evaluate("() => { window.print = () => { window.printed = true; }; }")
    page.get_by_role("button", name="인쇄하기").click()
    assert page.evaluate("() => window.printed") is True
    settle(page)
    assert violations == [], "print view"


def test_experience_filters_run_through_htmx_without_eval(site, page, violations):
    join(page, site)
    add_experience(page, "물류 인턴", "인턴")
    add_experience(page, "교내 마케팅 공모전", "공모전")
    expect(page.locator("#xp-results")).to_contain_text("물류 인턴")

    page.locator("#xp-q").fill("마케팅")

    expect(page.locator("#xp-results")).not_to_contain_text("물류 인턴")
    expect(page.locator("#xp-results")).to_contain_text("교내 마케팅 공모전")
    # experience-filters.js (formerly an hx-on attribute) leaves the empty fields out.
    expect(page).to_have_url(re.compile(r"/experiences/\?q="))
    query = parse_qs(urlsplit(page.url).query, keep_blank_values=True)
    assert query["q"] == ["마케팅"]
    assert "kind" not in query and "tag" not in query
    assert all(value != [""] for value in query.values())
    settle(page)
    assert violations == [], "experience list"


@pytest.mark.django_db(transaction=True)
def test_admin_signs_in_with_totp_and_works_under_the_policy(site, page, violations, settings):
    settings.ADMIN_REQUIRE_OTP = True
    staff = make_staff("operator", "operator-password-123", superuser=True)
    device = TOTPDevice.objects.create(user=staff, name="인증 앱", confirmed=True)

    page.goto(site + "/admin/")
    expect(page.get_by_label("인증 코드")).to_be_visible()  # the sign-in, not the index
    page.get_by_label("아이디").fill("operator")
    page.get_by_label("비밀번호").fill("operator-password-123")
    page.get_by_label("인증 코드").fill(code(device))
    page.get_by_role("button", name="로그인").click()
    expect(page.get_by_role("heading", name="운영 관리")).to_be_visible()
    settle(page)
    assert violations == [], "admin index"

    for path in ("/admin/accounts/user/", f"/admin/accounts/user/{staff.pk}/change/"):
        page.goto(site + path)
        expect(page.locator("#content")).to_be_visible()
        page.wait_for_load_state("load")
        settle(page)
        assert violations == [], path
    # The admin's own scripts ran, and the policy did reach the browser through the route.
    assert page.evaluate("() => typeof window.django === 'object'")
    page.evaluate(
        """() => {
          const script = document.createElement("script");
          script.textContent = "window.injected = true";
          document.body.append(script);
        }"""
    )
    settle(page)
    assert page.evaluate("() => window.injected") is None
    assert any("script-src" in v for v in violations)

"""Reusable browser steps for the privacy officer's policy desk (Playwright, sync API).

Compose them into longer journeys (issue 15's acceptance test): each step starts from a URL,
acts as the officer would in the admin, and checks what the officer sees before going on.
"""

import datetime
import re

from playwright.sync_api import Page, expect


def officer_signs_in_to_admin(page: Page, base_url: str, *, username: str, password: str) -> None:
    """Sign in to the admin with a password (tests run without the TOTP second factor)."""
    page.goto(base_url + "/admin/login/?next=/admin/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("input[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def officer_drafts_previews_publishes_policy(
    page: Page,
    base_url: str,
    *,
    version: str,
    effective_date: datetime.date,
    paragraph: tuple[str, str] | None = None,
) -> None:
    """The officer (signed in to the admin) drafts a policy version starting from the text in
    force, previews it exactly as members will see it, and publishes it with its notice.
    `effective_date` must be at least 7 days after today (KST) and after the latest version.
    `paragraph` = (old, new) edits one line of the text (a paragraph or list item, as written
    in the text): the preview must show the new words. The text's own 시행일 line is set to
    `effective_date`, as the form requires."""
    day = f"{effective_date.year}년 {effective_date.month}월 {effective_date.day}일"
    page.goto(base_url + "/admin/notices/policyversion/add/")
    page.locator("#id_version").fill(version)
    page.locator("#id_effective_date").fill(effective_date.isoformat())
    page.locator("#id_summary").fill(f"버전 {version}: 처리 위탁 표를 다시 확인했어요.")
    text = page.locator("#id_text")  # starts from the latest published text
    written = text.input_value() or "개인정보처리방침"
    lines = [
        f"시행일: {day}" if re.fullmatch(r"시행일: \d{4}년 \d{1,2}월 \d{1,2}일", line) else line
        for line in written.splitlines()
    ]
    if not any(line == f"시행일: {day}" for line in lines):
        lines.append(f"시행일: {day}")
    if paragraph is not None:
        old, new = paragraph
        assert old in lines, f"the text in force has no line {old!r}"
        lines[lines.index(old)] = new
    text.fill("\n".join(lines) + ("\n" if written.endswith("\n") else ""))
    page.locator("input[name=_save]").click()

    expect(page.get_by_text("초안을 저장했어요")).to_be_visible()
    page.get_by_role("link", name="미리보기").click()
    banner = page.get_by_role("status", name="미리보기")
    expect(banner).to_contain_text(f"아직 공지하지 않은 초안 {version}")
    expect(page.get_by_text(f"시행일: {day} (버전 {version})")).to_be_visible()
    if paragraph is not None:
        shown = paragraph[1].removeprefix("- ").replace("**", "")
        expect(page.get_by_text(shown, exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="개인정보처리방침", exact=True)).to_be_visible()

    page.go_back()
    page.get_by_role("button", name="공지하고 게시").click()
    expect(page.get_by_text(f"버전 {version}을 공지했어요")).to_be_visible()
    expect(page.get_by_text(f"{day}부터 시행돼요")).to_be_visible()

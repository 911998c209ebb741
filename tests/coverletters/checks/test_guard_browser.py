"""In Chromium on a phone: a letter for 한빛은행 copied for 푸른증권, whose answer still names
한빛은행, is caught by the guard in the editor; the link focuses the answer, the name is marked
under it, and after the member rewrites it the finding goes away without a reload."""

import os

import pytest
from playwright.sync_api import Page, expect

from accounts.models import Role, User
from coverletters.models import CoverLetter, Question
from tests.e2e.conftest import browser, page, site  # noqa: F401 - the browser fixtures
from tests.e2e.helpers import assert_no_horizontal_scroll, join

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Set to a directory to keep a screenshot of the editor with the findings (to look at it).
SHOTS = os.environ.get("GUARD_SHOTS", "")

ANSWER = "저는 한빛은행의 디지털 전환에 공감했어요. 입사 후 한빛은행에서 앱 기획을 하고 싶어요."


def test_a_copy_for_a_second_company_still_naming_the_first_is_caught(page: Page, site: str):  # noqa: F811
    join(page, site)
    member = User.objects.get(role=Role.MEMBER)
    first = CoverLetter.objects.create(
        member=member,
        title="2026 하반기 한빛은행 디지털 신입",
        job_title="앱 기획",
        company="한빛은행",
    )
    Question.objects.create(
        cover_letter=first, position=1, prompt="지원 동기를 쓰세요.", answer=ANSWER, limit=500
    )

    page.goto(f"{site}{first.get_absolute_url()}")
    # Writing to 한빛은행 itself, its name is no problem.
    expect(page.locator("[data-check-summary]")).to_have_text("지금은 고칠 곳이 없어요.")
    page.get_by_role("link", name="다른 회사용 사본 만들기").click()

    expect(page.get_by_role("heading", name="다른 회사용 사본 만들기")).to_be_visible()
    assert_no_horizontal_scroll(page)
    page.get_by_label("회사명").fill("푸른증권")
    page.get_by_label("자기소개서 제목").fill("2026 하반기 푸른증권 MTS 기획 신입")
    page.get_by_role("button", name="사본 만들기").click()

    panel = page.locator("[data-letter-check]")
    expect(panel.locator("[data-check-summary]")).to_have_text(
        "회사에 보내기 전에 고칠 곳이 1군데 있어요."
    )
    item = panel.get_by_role("link", name="문항 1 답변에 다른 회사 이름이 들어 있어요: 한빛은행")
    expect(item).to_be_visible()
    # The copied answer is not "empty".
    expect(page.locator("[data-save-state]").first).to_have_text("저장됨")
    hint = page.locator("[data-check-hint]").first
    expect(hint.locator("mark")).to_have_count(2)
    expect(hint.locator("mark").first).to_have_text("한빛은행")
    assert_no_horizontal_scroll(page)
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, "guard-editor.png"), full_page=True)

    item.click()
    box = page.get_by_label("문항 1 답변")
    expect(box).to_be_focused()
    assert (
        page.evaluate(
            "() => { const t = document.activeElement;"
            " return t.value.slice(t.selectionStart, t.selectionEnd); }"
        )
        == "한빛은행"
    )

    # The member rewrites the answer; the check follows the typing, before any reload.
    box.fill("")
    box.press_sequentially("저는 푸른증권의 MTS로 투자를 시작했어요.", delay=5)
    expect(panel.locator("[data-check-summary]")).to_have_text("지금은 고칠 곳이 없어요.")
    expect(hint).to_be_hidden()
    copy = CoverLetter.objects.exclude(pk=first.pk).get()
    assert copy.company == "푸른증권"

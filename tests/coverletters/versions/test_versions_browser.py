"""In Chromium: a 제출본 kept at an application, the answer edited afterwards in the editor, and
the version list's comparison showing exactly the word that changed since it was submitted."""

import pytest
from playwright.sync_api import Page, expect

from accounts.models import Role, User
from coverletters.models import CoverLetter, Question
from coverletters.versions.services import letter_submitted_copy
from tests.e2e.conftest import browser, page, site  # noqa: F401
from tests.e2e.helpers import assert_no_horizontal_scroll, join

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SUBMITTED = "저는 물류 인턴에서 재고 관리를 자동화했습니다. 그 결과 비용을 12% 줄였습니다."
EDITED = "저는 물류 인턴에서 재고 관리를 개선했습니다. 그 결과 비용을 12% 줄였습니다."


def test_a_submitted_copy_is_compared_with_the_current_text(site, page: Page):  # noqa: F811
    join(page, site)
    member = User.objects.get(role=Role.MEMBER)
    letter = CoverLetter.objects.create(
        member=member, title="2026 한빛은행 공채", job_title="디지털 기획", company="한빛은행"
    )
    Question.objects.create(
        cover_letter=letter, position=1, prompt="지원 동기를 쓰세요.", limit=500, answer=SUBMITTED
    )
    letter_submitted_copy(letter, reason="application", label="한빛은행 지원 제출본")

    page.goto(f"{site}/coverletters/{letter.pk}/")
    page.wait_for_function("() => document.readyState === 'complete' && !!window.LifementoCounter")
    box = page.get_by_label("문항 1 답변")
    box.fill(EDITED)
    page.get_by_role("button", name="지금 저장").click()
    expect(page.locator("[data-save-state]").first).to_contain_text("저장됨")

    page.get_by_role("link", name="버전 기록·비교").click()
    expect(page.get_by_text("제출본(한빛은행 지원)")).to_be_visible()
    assert_no_horizontal_scroll(page)
    page.get_by_role("link", name="지금 글과 비교").click()

    expect(page.get_by_role("heading", name="버전 비교")).to_be_visible()
    changed = page.locator("section.diff-question .diff-text")
    expect(changed.locator("del")).to_have_text("[지운 부분] 자동화했습니다.")
    expect(changed.locator("ins")).to_have_text("[더한 부분] 개선했습니다.")
    expect(changed).to_contain_text("그 결과 비용을 12% 줄였습니다.")
    assert_no_horizontal_scroll(page)

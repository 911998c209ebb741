"""맞춤법·띄어쓰기 hints in the editor, in Chromium: asked for in the background, never in the
way of typing; a reply for a text already changed is dropped; 바꾸기 edits the answer the way
typing does, so it is counted and autosaved."""

import pytest
from playwright.sync_api import Page, expect

from accounts.models import Role, User
from coverletters.models import CoverLetter, Question
from tests.e2e.helpers import join

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_editor(page: Page, site: str, answer: str = "") -> Question:
    member = User.objects.get(role=Role.MEMBER)
    letter = CoverLetter.objects.create(member=member, title="라이프전자 공채", job_title="마케팅")
    question = Question.objects.create(
        cover_letter=letter, position=1, prompt="지원 동기를 쓰세요.", limit=500
    )
    page.goto(f"{site}{letter.get_absolute_url()}")
    page.wait_for_function("() => document.readyState === 'complete' && !!window.LifementoCounter")
    return question


def test_a_hint_is_shown_and_its_change_is_autosaved(site, page):
    join(page, site)
    question = open_editor(page, site)
    box = page.get_by_label("문항 1 답변")
    box.fill("저는 이 일을 할수있습니다.")
    expect(page.locator("[data-save-state]").first).to_contain_text("저장됨")

    page.get_by_role("button", name="맞춤법 검사").click()
    hint = page.locator("[data-hint]")
    # The first check in a process loads Kiwi (a few seconds).
    expect(hint).to_have_count(1, timeout=20_000)
    expect(hint).to_contain_text("띄어쓰기")
    expect(hint).to_contain_text("할 수 있습니다.")

    hint.get_by_role("button", name="바꾸기").click()
    expect(box).to_have_value("저는 이 일을 할 수 있습니다.")
    expect(page.locator("[data-hint]")).to_have_count(0)
    # The editor saw an input: counted and saved like typing.
    expect(page.locator("[data-save-state]").first).to_contain_text("저장됨")
    question.refresh_from_db()
    assert question.answer == "저는 이 일을 할 수 있습니다."


def test_typing_goes_on_while_a_check_runs_and_its_stale_reply_is_dropped(site, page):
    join(page, site)
    open_editor(page, site)
    held = []
    page.route("**/spelling/", lambda route: held.append(route))
    box = page.get_by_label("문항 1 답변")
    box.fill("몇일 동안 준비했어요.")
    page.get_by_role("button", name="맞춤법 검사").click()
    page.wait_for_function("() => true")
    expect(page.locator(".spelling-status").first).to_contain_text("검사하고 있어요")

    # The request is still on its way: the member keeps typing, and every key lands.
    box.press("End")
    box.press_sequentially(" 끝까지 했어요.", delay=5)
    expect(box).to_have_value("몇일 동안 준비했어요. 끝까지 했어요.")

    assert len(held) == 1
    held[0].continue_()
    # The reply is for the text before the typing: no hint from it is shown.
    page.wait_for_timeout(500)
    expect(page.locator("[data-hint]")).to_have_count(0)

    # The pause after typing asks again, for the current text.
    page.unroute("**/spelling/")
    expect(page.locator("[data-hint]")).to_have_count(1, timeout=10_000)
    expect(page.locator("[data-hint]")).to_contain_text("며칠")

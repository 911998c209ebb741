"""In a real browser: the member sees the consultant's comment beside its sentence in the
editor, edits the paragraph above it, and after autosave the comment is still on its sentence;
deleting the sentence moves it under "이전 버전에 달린 의견"; replying and resolving work in place,
and a refused reply keeps its text."""

import pytest
from playwright.sync_api import Page, expect

from accounts.models import Role, User
from consulting.models import Comment
from tests.consulting.editor_support import ANSWER, CAMPAIGN, delivered_comment, make_question
from tests.e2e.helpers import join
from tests.e2e.test_csp import settle, violations  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_letter_with_feedback(page: Page, site: str):
    member = User.objects.get(role=Role.MEMBER)
    consultant = User.objects.create_user(
        "consultant1", "consultant-password-1", role=Role.CONSULTANT
    )
    question = make_question(member)
    comment = delivered_comment(member, consultant, question, body="몇 명이 늘었는지 써 주세요.")
    page.goto(f"{site}{question.cover_letter.get_absolute_url()}")
    page.wait_for_function("() => document.readyState === 'complete' && !!window.LifementoCounter")
    return comment


def thread(page: Page, comment: Comment):
    return page.locator(f"#comment-{comment.pk}")


def selected(page: Page) -> str:
    return page.evaluate(
        "() => { const t = document.querySelector('[data-answer]');"
        " return t.value.slice(t.selectionStart, t.selectionEnd); }"
    )


def test_comment_follows_its_sentence_through_edits(site, page, violations):  # noqa: F811
    join(page, site)
    comment = open_letter_with_feedback(page, site)
    box = page.get_by_label("문항 1 답변")
    expect(thread(page, comment)).to_contain_text("몇 명이 늘었는지 써 주세요.")
    expect(thread(page, comment).locator(".feedback-quote")).to_have_text(CAMPAIGN)

    # A paragraph above it: after autosave the comment still names its sentence, and selecting
    # it in the answer selects exactly that sentence at its new place.
    box.click()
    box.press("Control+Home")
    box.press_sequentially("새로 쓴 첫 문단이에요.\n\n", delay=5)
    expect(page.locator("[data-save-state]").first).to_contain_text("저장됨")
    expect(thread(page, comment)).to_have_attribute("data-kind", "moved")
    thread(page, comment).get_by_role("button", name="답변에서 이 문장 선택하기").click()
    assert selected(page) == CAMPAIGN
    expect(page.locator(".feedback-mark")).to_have_text("1" + CAMPAIGN)

    # The sentence deleted: the comment moves to the earlier version's group with its quote.
    box.fill(ANSWER.replace(f" {CAMPAIGN}", ""))
    expect(page.locator("[data-save-state]").first).to_contain_text("저장됨")
    outdated = page.locator("[data-feedback-outdated]")
    expect(outdated).to_contain_text("이전 버전에 달린 의견")
    expect(outdated.locator(f"#comment-{comment.pk} .feedback-quote")).to_have_text(CAMPAIGN)
    expect(page.locator(".feedback-mark")).to_have_count(0)
    settle(page)
    assert violations == []


def test_reply_and_resolve_in_the_editor(site, page):
    join(page, site)
    comment = open_letter_with_feedback(page, site)
    reply_box = page.get_by_label("의견 1에 답글")

    # Empty: the Korean message beside the form, nothing sent.
    thread(page, comment).get_by_role("button", name="답글 달기").click()
    expect(thread(page, comment).locator("[data-feedback-error]").first).to_have_text(
        "의견 내용을 써 주세요."
    )
    reply_box.fill("120명에서 250명으로 늘었어요.")
    thread(page, comment).get_by_role("button", name="답글 달기").click()
    expect(thread(page, comment).locator(".feedback-replies")).to_contain_text(
        "120명에서 250명으로 늘었어요."
    )
    expect(page.get_by_label("의견 1에 답글")).to_have_value("")
    assert Comment.objects.filter(parent=comment, author__role=Role.MEMBER).count() == 1

    thread(page, comment).get_by_role("button", name="해결됨으로 표시").click()
    expect(thread(page, comment)).to_contain_text("해결됨")
    expect(thread(page, comment).get_by_role("button", name="다시 열기")).to_be_visible()
    comment.refresh_from_db()
    assert comment.resolved_at is not None

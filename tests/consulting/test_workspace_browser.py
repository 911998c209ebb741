"""In a real browser: the consultant selects a sentence of the shared answer and comments on it;
the page's script sends offsets that point at that very sentence in the stored text, even with
an emoji (two UTF-16 units, one Python character) and CR LF line breaks (one LF in the DOM)."""

import pytest
from playwright.sync_api import Page, expect

from consulting.models import Comment
from tests.consulting.workspace_support import share
from tests.e2e.conftest import browser, page  # noqa: F401 - the browser fixtures
from tests.e2e.helpers import assert_no_horizontal_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ANSWER = "첫 줄 😀 이모지\r\n둘째 줄의 핵심 문장입니다.\r\n셋째 줄도 있어요."
SELECT = """([pk, needle]) => {
  const answer = document.querySelector(`[data-answer="${pk}"]`);
  const node = answer.firstChild;
  const at = node.data.indexOf(needle);
  const range = document.createRange();
  range.setStart(node, at);
  range.setEnd(node, at + needle.length);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  document.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
}"""


# From inside the answer to past its end (into the comments beside it).
SELECT_PAST_END = """([pk, needle]) => {
  const answer = document.querySelector(`[data-answer="${pk}"]`);
  const node = answer.firstChild;
  const range = document.createRange();
  range.setStart(node, node.data.indexOf(needle));
  range.setEnd(document.querySelector(".comments"), 1);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  document.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
}"""


def sign_in(tab: Page, base: str) -> None:
    tab.goto(f"{base}/consulting/login/")
    tab.get_by_label("아이디").fill("consultant1")
    tab.get_by_label("비밀번호").fill("consultant-password-1")
    tab.get_by_role("button", name="로그인").click()
    expect(tab.get_by_role("heading", name="컨설턴트 홈")).to_be_visible()


def test_selecting_a_sentence_anchors_the_comment_on_it(
    page: Page,  # noqa: F811 - the fixture imported above
    live_server,
    member,
    consultant,
):
    shared = share(member, consultant, answer=ANSWER, state="in_review")
    (item,) = shared.questions
    sign_in(page, live_server.url)

    page.get_by_role("link", name="자기소개서 첨삭").click()
    expect(page.get_by_role("heading", name="지원 동기 1")).to_be_visible()
    page.wait_for_function("() => document.readyState === 'complete'")
    text = page.locator(f'[data-answer="{item.pk}"]').evaluate("e => e.textContent")
    assert text == ANSWER.replace("\r\n", "\n")
    assert_no_horizontal_scroll(page)

    page.evaluate(SELECT, [item.pk, "핵심 문장"])
    form = page.locator(f'[data-comment-form="{item.pk}"]')
    expect(form.get_by_label("의견을 남길 문장")).to_have_value("핵심 문장")
    form.get_by_role("textbox", name="의견 필수").fill(
        "무엇이 핵심인지 한 문장으로 먼저 써 주세요."
    )
    form.get_by_role("button", name="의견 남기기").click()

    expect(page.get_by_text("의견을 남겼어요.")).to_be_visible()
    comment = Comment.objects.get(engagement=shared.engagement)
    assert comment.quote == "핵심 문장"
    assert ANSWER[comment.start : comment.end] == "핵심 문장"
    expect(page.locator(f"#comment-{comment.pk}")).to_contain_text("무엇이 핵심인지")

    page.evaluate(SELECT_PAST_END, [item.pk, "셋째"])
    expect(form.get_by_label("의견을 남길 문장")).to_have_value("셋째 줄도 있어요.")
    form.get_by_role("textbox", name="의견 필수").fill("마무리 문장이 약해요.")
    form.get_by_role("button", name="의견 남기기").click()

    expect(page.get_by_text("마무리 문장이 약해요.")).to_be_visible()
    last = Comment.objects.filter(engagement=shared.engagement).latest("id")
    assert ANSWER[last.start : last.end] == "셋째 줄도 있어요." == last.quote

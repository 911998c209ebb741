"""Autosave when the session or the CSRF token gives out, and local drafts on a shared PC.

The session expires while a member types: the editor says so in the page, keeps the text on
the device, sends nothing more by itself, and after the member signs in again the text is
saved. A stale CSRF token is replaced and the save goes through. After sign-out and after
withdrawal, the browser holds none of that member's drafts."""

import json

import pytest
from playwright.sync_api import Page, expect

from accounts.drafts import draft_namespace
from accounts.models import MemberSession, Role, User
from coverletters.models import CoverLetter, Question
from tests.e2e.helpers import join, path_of, start_with_kakao

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIGNED_OUT = "로그인이 만료되었어요. 다시 로그인하면 이어서 저장돼요."
STORED_DRAFTS = """() => Object.keys(localStorage)
    .filter(k => k.startsWith("lifemento:"))
    .map(k => [k, localStorage.getItem(k)])"""


def open_editor(page: Page, site: str) -> tuple[User, Question]:
    """A joined member's letter with one question, open in the editor."""
    member = User.objects.get(role=Role.MEMBER)
    letter = CoverLetter.objects.create(member=member, title="라이프전자 공채", job_title="마케팅")
    question = Question.objects.create(
        cover_letter=letter, position=1, prompt="지원 동기를 쓰세요.", limit=500
    )
    page.goto(f"{site}{letter.get_absolute_url()}")
    page.wait_for_function("() => document.readyState === 'complete' && !!window.LifementoCounter")
    return member, question


def answer_box(page: Page):
    return page.get_by_label("문항 1 답변")


def save_state(page: Page):
    return page.locator("[data-save-state]").first


def type_more(page: Page, text: str) -> None:
    box = answer_box(page)
    box.click()
    box.press("Control+End")
    box.press_sequentially(text, delay=5)


def answer_posts(page: Page) -> list[str]:
    """Every autosave POST the page sends from now on."""
    sent: list[str] = []
    page.on(
        "request",
        lambda request: (
            sent.append(request.url)
            if request.method == "POST" and request.url.endswith("/answer/")
            else None
        ),
    )
    return sent


def stored_drafts(page: Page) -> dict[str, dict]:
    page.wait_for_load_state()  # the page's scripts have run
    return {key: json.loads(value) for key, value in page.evaluate(STORED_DRAFTS)}


def test_session_expired_while_typing_keeps_the_text_and_saves_it_after_signing_in(site, page):
    join(page, site)
    member, question = open_editor(page, site)
    type_more(page, "물류 인턴에서 배운 점")
    expect(save_state(page)).to_contain_text("저장됨")
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.accept()))

    MemberSession.objects.filter(user_id=member.pk).delete()  # the session ends server-side
    posts = answer_posts(page)
    type_more(page, "을 지원 동기로 이어서 써요.")
    text = "물류 인턴에서 배운 점을 지원 동기로 이어서 써요."

    # Told in the page, in a live region, with a way back in; the text stays.
    expect(save_state(page)).to_have_text(SIGNED_OUT)
    expect(save_state(page)).to_have_attribute("aria-live", "polite")
    signin = page.get_by_role("link", name="다시 로그인하기")
    expect(signin).to_be_visible()
    expect(answer_box(page)).to_have_value(text)
    # Kept on this device under the member's opaque namespace, not their id.
    key = f"lifemento:draft:{draft_namespace(member)}:answer:{question.pk}"
    assert stored_drafts(page)[key]["text"] == text
    # It stops: one refused save, no retry storm while nobody acts.
    page.wait_for_timeout(5000)
    assert len(posts) == 1
    question.refresh_from_db()
    assert question.answer == "물류 인턴에서 배운 점"

    # Sign in again: back in the editor, the kept text is saved by itself.
    signin.click()
    assert path_of(page) == "/"
    start_with_kakao(page)
    expect(answer_box(page)).to_have_value(text)
    assert path_of(page) == question.cover_letter.get_absolute_url()
    expect(save_state(page)).to_contain_text("저장됨", timeout=15_000)
    question.refresh_from_db()
    assert question.answer == text
    assert stored_drafts(page) == {}
    assert dialogs == []  # leaving to sign in did not ask "leave the page?"


def test_signing_in_in_another_tab_resumes_saving_when_the_member_comes_back(site, page):
    join(page, site)
    member, question = open_editor(page, site)
    MemberSession.objects.filter(user_id=member.pk).delete()
    type_more(page, "다른 탭에서 로그인할게요")
    expect(save_state(page)).to_have_text(SIGNED_OUT)

    # Another tab signs in again, which also rotates the CSRF token the editor holds.
    other = page.context.new_page()
    other.goto(site + "/")
    start_with_kakao(other)
    expect(other.get_by_role("heading", name="김지원님, 반가워요")).to_be_visible()
    other.close()
    page.bring_to_front()
    page.evaluate("() => window.dispatchEvent(new Event('focus'))")

    expect(save_state(page)).to_contain_text("저장됨", timeout=15_000)
    expect(page.get_by_role("link", name="다시 로그인하기")).to_be_hidden()
    question.refresh_from_db()
    assert question.answer == "다른 탭에서 로그인할게요"


def test_a_stale_csrf_token_is_replaced_and_the_save_goes_through(site, page):
    join(page, site)
    _member, question = open_editor(page, site)
    type_more(page, "첫 문단")
    expect(save_state(page)).to_contain_text("저장됨")

    # Django's own 403 page (HTML): the cookie no longer matches the token in the form.
    page.context.add_cookies([{"name": "csrftoken", "value": "x" * 32, "url": site}])
    type_more(page, " 둘째 문단")
    expect(save_state(page)).to_contain_text("저장됨", timeout=15_000)
    question.refresh_from_db()
    assert question.answer == "첫 문단 둘째 문단"

    # The CSRF failure view's JSON 403 is recovered from the same way.
    refused = []

    def csrf_json_once(route):
        if not refused:
            refused.append(route.request.url)
            route.fulfill(
                status=403,
                content_type="application/json",
                body=json.dumps({"error": "csrf", "message": "보안 확인이 만료되었어요."}),
            )
        else:
            route.continue_()

    page.route("**/answer/", csrf_json_once)
    type_more(page, " 셋째")
    expect(save_state(page)).to_contain_text("저장됨", timeout=15_000)
    assert len(refused) == 1
    question.refresh_from_db()
    assert question.answer == "첫 문단 둘째 문단 셋째"


def test_a_403_that_persists_stops_after_one_retry_and_says_what_to_do(site, page):
    join(page, site)
    _member, question = open_editor(page, site)
    posts = answer_posts(page)
    page.route("**/answer/", lambda route: route.fulfill(status=403, body="<h1>403</h1>"))

    type_more(page, "막힌 저장")

    expect(save_state(page)).to_contain_text("보안 확인이 만료되어 저장하지 못했어요")
    expect(page.get_by_role("button", name="새로 고침")).to_be_visible()
    page.wait_for_timeout(4000)
    assert len(posts) == 2  # the save, and one retry with a fresh token
    expect(answer_box(page)).to_have_value("막힌 저장")

    # Reloading brings the kept text back and saves it.
    page.unroute("**/answer/")
    page.get_by_role("button", name="새로 고침").click()
    expect(save_state(page)).to_contain_text("저장됨", timeout=15_000)
    question.refresh_from_db()
    assert question.answer == "막힌 저장"


def unsaved_draft(page: Page, site: str, text: str) -> None:
    """A draft the server never got: the network drops while the member types."""
    open_editor(page, site)
    page.route("**/answer/", lambda route: route.abort())
    type_more(page, text)
    expect(save_state(page)).to_contain_text("저장 실패")
    assert [d["text"] for d in stored_drafts(page).values()] == [text]
    page.on("dialog", lambda dialog: dialog.accept())  # "leave with unsaved text?" yes


def test_after_sign_out_the_browser_holds_no_draft(site, page):
    join(page, site)
    unsaved_draft(page, site, "공용 PC에서 쓴 글")

    page.get_by_role("navigation", name="계정").get_by_role("button", name="로그아웃").click()

    expect(page.get_by_role("button", name="카카오로 시작하기")).to_be_visible()
    assert path_of(page) == "/"
    assert stored_drafts(page) == {}


def test_after_withdrawal_the_browser_holds_no_draft(site, page):
    join(page, site)
    member = User.objects.get(role=Role.MEMBER)
    unsaved_draft(page, site, "x" * 604)

    page.goto(site + "/accounts/withdraw/")
    expect(page.get_by_text("이 기기에 아직 저장하지 못한 자기소개서 글이 있어요.")).to_be_visible()
    page.get_by_label("위 내용을 확인했고, 탈퇴할게요").check()
    page.get_by_role("button", name="탈퇴하기").click()

    expect(page.get_by_text("탈퇴가 완료되었어요.")).to_be_visible()
    assert not User.objects.filter(pk=member.pk).exists()
    assert stored_drafts(page) == {}

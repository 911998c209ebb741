"""A member fills the workspace in a real browser: profile, two experiences, a cover letter with
two questions; the counter follows the typing, autosave keeps everything, a reload shows it all."""

import pytest
from playwright.sync_api import Page, expect

from accounts.models import Role, User
from coverletters.counting import count
from coverletters.models import AnswerVersion, CoverLetter, VersionReason
from experiences.models import Experience
from profiles.models import Profile
from tests.coverletters.samples import SAMPLES
from tests.e2e.helpers import assert_no_horizontal_scroll, join, path_of, tab

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ANSWER_ONE = "저는 물류 인턴에서 재고 관리를 자동화했어요."  # 25 characters with spaces
ANSWER_TWO = "입사 후에는 데이터로 마케팅을 개선하겠습니다.\n첫 해 목표는 30% 개선입니다."


def wait_for_editor(page: Page) -> None:
    # The editor's scripts sit at the end of <body>: a heading can be visible before they run.
    page.wait_for_function("() => document.readyState === 'complete' && !!window.LifementoCounter")


def answer_box(page: Page, number: int):
    return page.get_by_label(f"문항 {number} 답변")


def question_card(page: Page, number: int):
    return page.locator("section.question").nth(number - 1)


def fill_profile(page: Page) -> None:
    tab(page, "프로필")
    page.get_by_role("link", name="프로필 작성하기").first.click()
    expect(page.get_by_label("이름")).to_have_value("김지원")
    page.get_by_label("희망 직무").fill("마케팅")
    page.get_by_label("희망 산업").fill("IT·인터넷")
    page.get_by_label("학교").first.fill("한국대학교")
    page.get_by_label("전공").first.fill("경영학")
    page.get_by_label("상태").first.select_option(label="졸업")
    page.get_by_role("button", name="저장하기").click()
    expect(page.get_by_text("프로필을 저장했어요.")).to_be_visible()
    assert path_of(page) == "/profile/"


def add_experience(page: Page, title: str, kind: str) -> None:
    tab(page, "경험")
    page.get_by_role("link", name="경험 추가하기").click()
    page.get_by_label("경험 제목").fill(title)
    page.get_by_label("경험의 종류").select_option(label=kind)
    page.get_by_role("button", name="저장하기").click()
    expect(page.get_by_text(f"‘{title}’ 경험을 추가했어요.")).to_be_visible()


def add_question(page: Page, prompt: str, limit: str) -> None:
    page.locator("#id_prompt").fill(prompt)
    page.get_by_label("글자 수 제한").fill(limit)
    page.get_by_role("button", name="문항 추가").click()
    expect(page.get_by_text("문항을 추가했어요.")).to_be_visible()
    wait_for_editor(page)


def type_answer(page: Page, number: int, text: str) -> None:
    box = answer_box(page, number)
    box.click()
    box.press_sequentially(text, delay=5)
    expect(question_card(page, number).locator("[data-save-state]")).to_contain_text("저장됨")


def test_member_fills_the_workspace_and_finds_it_all_after_a_reload(site, page):
    join(page, site)

    fill_profile(page)
    add_experience(page, "물류 인턴", "인턴")
    add_experience(page, "교내 마케팅 공모전", "공모전")
    expect(page.get_by_text("물류 인턴")).to_be_visible()

    tab(page, "자기소개서")
    page.get_by_role("link", name="첫 자기소개서 만들기").click()
    page.get_by_label("자기소개서 제목").fill("라이프전자 2026 하반기")
    page.get_by_label("지원 직무").fill("마케팅")
    page.get_by_label("회사명").fill("라이프전자")
    page.get_by_role("button", name="만들기").click()
    expect(page.get_by_role("heading", name="라이프전자 2026 하반기")).to_be_visible()
    add_question(page, "지원 동기를 쓰세요.", "20")
    add_question(page, "입사 후 포부를 쓰세요.", "500")
    assert_no_horizontal_scroll(page)

    # The counter follows the typing and turns red past the limit (20 with spaces).
    counter = question_card(page, 1).locator("[data-counter]")
    type_answer(page, 1, ANSWER_ONE)
    expected = count(ANSWER_ONE)
    expect(counter.locator('[data-count="with_spaces"]')).to_have_text(str(expected.with_spaces))
    expect(counter.locator('[data-count="without_spaces"]')).to_have_text(
        str(expected.without_spaces)
    )
    expect(counter.locator('[data-count="utf8_bytes"]')).to_have_text(str(expected.utf8_bytes))
    expect(counter).to_have_class("counter over")
    expect(counter).to_contain_text("5 초과했어요")
    type_answer(page, 2, ANSWER_TWO)

    # Link an experience to question 1 and see it beside the answer.
    question_card(page, 1).get_by_role("link", name="경험 연결하기").click()
    page.get_by_label("물류 인턴").check()
    page.get_by_role("button", name="연결하기").click()
    expect(question_card(page, 1).locator(".linked")).to_contain_text("물류 인턴")
    wait_for_editor(page)

    # Reload: everything is there.
    page.reload()
    wait_for_editor(page)
    expect(answer_box(page, 1)).to_have_value(ANSWER_ONE)
    expect(answer_box(page, 2)).to_have_value(ANSWER_TWO)
    expect(counter.locator('[data-count="with_spaces"]')).to_have_text(str(expected.with_spaces))

    member = User.objects.get(role=Role.MEMBER)
    profile = Profile.objects.get(member=member)
    assert (profile.desired_job, profile.educations.get().school) == ("마케팅", "한국대학교")
    assert Experience.objects.filter(member=member).count() == 2
    letter = CoverLetter.objects.get(member=member)
    assert [q.answer for q in letter.questions.all()] == [ANSWER_ONE, ANSWER_TWO]


def test_browser_counter_agrees_with_the_server_on_every_sample(site, page):
    join(page, site)
    tab(page, "자기소개서")
    page.get_by_role("link", name="첫 자기소개서 만들기").click()
    page.get_by_label("자기소개서 제목").fill("샘플")
    page.get_by_label("지원 직무").fill("기획")
    page.get_by_role("button", name="만들기").click()
    expect(page.get_by_role("heading", name="샘플")).to_be_visible()
    wait_for_editor(page)

    for text, *expected in SAMPLES:
        counts = page.evaluate("text => LifementoCounter.count(text)", text)
        assert [
            counts["with_spaces"],
            counts["without_spaces"],
            counts["utf8_bytes"],
            counts["korean_bytes"],
        ] == expected, repr(text)


def test_two_tabs_conflict_instead_of_overwriting_and_a_failed_save_retries(site, page):
    join(page, site)
    tab(page, "자기소개서")
    page.get_by_role("link", name="첫 자기소개서 만들기").click()
    page.get_by_label("자기소개서 제목").fill("충돌 시험")
    page.get_by_label("지원 직무").fill("영업")
    page.get_by_role("button", name="만들기").click()
    add_question(page, "성장 과정", "300")
    editor_url = page.url

    # A second tab opens the same answer before the first one saves.
    other = page.context.new_page()
    other.goto(editor_url)
    wait_for_editor(other)
    type_answer(page, 1, "첫 번째 탭의 글")
    answer_box(other, 1).press_sequentially("두 번째 탭의 글", delay=5)
    conflict = question_card(other, 1).locator("[data-conflict]")
    expect(conflict).to_be_visible()
    expect(conflict).to_contain_text("다른 창에서 이 답변을 먼저 저장했어요")
    expect(answer_box(other, 1)).to_have_value("두 번째 탭의 글")  # nothing typed is lost
    question = CoverLetter.objects.get().questions.get()
    assert question.answer == "첫 번째 탭의 글"
    assert AnswerVersion.objects.get(reason=VersionReason.CONFLICT).text == "두 번째 탭의 글"
    question_card(other, 1).get_by_role("button", name="내 글로 저장하기").click()
    expect(question_card(other, 1).locator("[data-save-state]")).to_contain_text("저장됨")
    question.refresh_from_db()
    assert question.answer == "두 번째 탭의 글"
    other.close()

    # The network drops: the save fails visibly, the text stays, and it retries by itself.
    page.reload()
    wait_for_editor(page)
    page.route("**/answer/", lambda route: route.abort())
    answer_box(page, 1).click()
    answer_box(page, 1).press("Control+End")
    answer_box(page, 1).press_sequentially(" 이어서", delay=5)
    state = question_card(page, 1).locator("[data-save-state]")
    expect(state).to_contain_text("저장 실패")
    expect(answer_box(page, 1)).to_have_value("두 번째 탭의 글 이어서")
    page.unroute("**/answer/")
    expect(state).to_contain_text("저장됨", timeout=15_000)
    question.refresh_from_db()
    assert question.answer == "두 번째 탭의 글 이어서"

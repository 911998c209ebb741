"""Issue 12's acceptance, in Chromium: a member requests 자기소개서 첨삭 and shares one letter and
two profile items under a 제17조 consent; the consultant, in a browser of their own, sees exactly
those items and nothing else, comments on a sentence and delivers; the member finds the comment
beside that sentence in the editor, edits the paragraph above it, and the comment stays on its
sentence; the member withdraws the consent and the consultant's next request answers 404."""

import datetime

import pytest
from playwright.sync_api import Browser, Page, expect

from accounts.models import Role, User
from consulting.models import Comment, Engagement, EngagementState
from coverletters.models import CoverLetter, Question
from experiences.models import Experience
from privacy.api import ConsentNotInForce, NoActiveGrant
from privacy.consents.models import ConsentRecord
from profiles.models import Education, Profile
from tests.consulting.member_support import make_consultant
from tests.e2e.conftest import TIMEOUT_MS
from tests.e2e.helpers import assert_no_horizontal_scroll, join, path_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The shared letter: one question, two paragraphs of two sentences each. The consultant
# comments on the first sentence of the second paragraph.
SENTENCE = "이 경험으로 고객의 마음을 읽는 법을 배웠습니다."
PARAGRAPH_1 = (
    "저는 대학 시절 교내 마케팅 동아리에서 2년 동안 활동했습니다. "
    "신입 회원 모집 캠페인을 기획해 지원자를 두 배로 늘렸습니다."
)
PARAGRAPH_2 = f"{SENTENCE} 한빛은행에서 그 역량을 살리고 싶습니다."
ANSWER = f"{PARAGRAPH_1}\n\n{PARAGRAPH_2}"
# Typed by the member at the end of the paragraph above the commented sentence.
INSERTED = " 매주 회의록도 정리해 공유했습니다."

SHARED_LETTER = "한빛은행 2026 하반기"
SHARED_PROFILE = {"희망 직무": "서비스 기획", "희망 산업": "금융"}

# Never shared: none of these may reach the consultant's page.
OTHER_LETTER = "라이프전자 2026 상반기"
OTHER_ANSWER = "반도체 공정의 수율을 높이는 일에 끌렸습니다."
EXPERIENCE = "교내 해커톤"
EXPERIENCE_DETAILS = "48시간 동안 일정 관리 앱을 만들었어요"
UNSHARED_PROFILE = ["김지원", "1999", "면접이 너무 두려워요", "한국대학교", "경영학"]

# What the consultant reads once the member stopped sharing (the grant is revoked with the
# consent; either refusal of privacy.sharing says so in Korean).
WITHDRAWN = [NoActiveGrant.message, ConsentNotInForce.message]

COMMENT = "동아리 경험과 고객 이해가 어떻게 이어지는지 한 문장 더 써 주세요."
SUMMARY = "전체적으로 흐름이 좋아요. 경험마다 수치를 하나씩 더해 보세요."

# A JS Range over the sentence inside the shared answer, then the mouseup the page listens for
# (as tests/consulting/test_workspace_browser.py does).
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

# The editor's highlighted text, without the numbered badge inside the mark.
MARKED = """() => Array.from(document.querySelectorAll('.feedback-mark')).map(mark => {
  const copy = mark.cloneNode(true);
  copy.querySelectorAll('.feedback-badge').forEach(badge => badge.remove());
  return copy.textContent;
})"""

SELECTED = """() => { const t = document.querySelector('[data-answer]');
  return t.value.slice(t.selectionStart, t.selectionEnd); }"""


def prepare_workspace(member: User) -> CoverLetter:
    """A profile with several items filled, two cover letters and an experience."""
    profile = Profile.objects.create(
        member=member,
        name="김지원",
        desired_job=SHARED_PROFILE["희망 직무"],
        desired_industry=SHARED_PROFILE["희망 산업"],
        birth_date=datetime.date(1999, 3, 14),
        situation="면접이 너무 두려워요",
    )
    Education.objects.create(
        profile=profile, school="한국대학교", major="경영학", status="graduated"
    )
    letter = CoverLetter.objects.create(
        member=member, title=SHARED_LETTER, job_title="기획", company="한빛은행"
    )
    Question.objects.create(
        cover_letter=letter, position=0, prompt="지원 동기를 쓰세요.", answer=ANSWER, limit=1000
    )
    other = CoverLetter.objects.create(member=member, title=OTHER_LETTER, job_title="공정 기술")
    Question.objects.create(
        cover_letter=other, position=0, prompt="입사 후 포부", answer=OTHER_ANSWER, limit=500
    )
    Experience.objects.create(
        member=member, title=EXPERIENCE, kind="project", details=EXPERIENCE_DETAILS
    )
    return letter


def step(page: Page) -> None:
    """Every member page in the loop fits the phone's width."""
    assert_no_horizontal_scroll(page)


def request_review(page: Page, site: str, consultant_name: str) -> Engagement:
    """Service → a listed consultant → one letter and two profile items → the consent screen
    with the five 제17조 items → agree."""
    page.goto(site + "/home/")
    page.get_by_role("link", name="컨설팅 받기").click()
    expect(page.get_by_role("heading", name="어떤 컨설팅을 받을까요?")).to_be_visible()
    step(page)
    page.get_by_role("radio", name="자기소개서 첨삭").check()
    page.get_by_role("button", name="다음").click()

    expect(page.get_by_role("heading", name="누구에게 받을까요?")).to_be_visible()
    step(page)
    page.get_by_role("radio", name=f"{consultant_name} 컨설턴트").check()
    page.get_by_role("button", name="다음").click()

    expect(page.get_by_role("heading", name="무엇을 보여 줄까요?")).to_be_visible()
    step(page)
    for label in SHARED_PROFILE:
        page.get_by_role("checkbox", name=label, exact=True).check()
    page.get_by_role("checkbox", name=SHARED_LETTER).check()
    page.get_by_label("컨설턴트에게 남길 말").fill("지원 동기의 흐름을 봐 주세요")
    page.get_by_role("button", name="다음").click()

    expect(page.get_by_role("heading", name="개인정보 제공 동의")).to_be_visible()
    step(page)
    notice = page.locator("[data-notice]")
    expect(notice.locator("dt")).to_have_text(
        ["받는 사람", "제공 목적", "제공 항목", "보유·이용 기간", "거부할 권리"]
    )
    expect(notice.locator('[data-notice-item="recipient"]')).to_contain_text(
        f"{consultant_name} 컨설턴트"
    )
    for key in ("purpose", "period", "refusal"):
        expect(notice.locator(f'[data-notice-item="{key}"]')).not_to_be_empty()
    # The note typed for the consultant travels with the shared items, and is named too.
    expect(notice.locator('[data-notice-item="items"] li')).to_have_text(
        ["요청 내용 (직접 쓴 메모)"]
        + [f"본인 프로필: {label}" for label in SHARED_PROFILE]
        + [f"자기소개서: {SHARED_LETTER}"]
    )
    page.get_by_role("button", name="동의하고 요청하기").click()

    expect(page.get_by_text("컨설팅을 요청했어요.")).to_be_visible()
    step(page)
    engagement = Engagement.objects.get(member__role=Role.MEMBER)
    assert path_of(page) == f"/consulting/my/{engagement.pk}/"
    return engagement


def consultant_tab(browser: Browser) -> Page:
    """The consultant's own browser (a second context: no cookie of the member's)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ko-KR")
    context.set_default_timeout(TIMEOUT_MS)
    return context.new_page()


def consultant_signs_in(tab: Page, site: str, username: str, password: str) -> None:
    tab.goto(f"{site}/consulting/login/")
    tab.get_by_label("아이디").fill(username)
    tab.get_by_label("비밀번호").fill(password)
    tab.get_by_role("button", name="로그인").click()
    expect(tab.get_by_role("heading", name="컨설턴트 홈")).to_be_visible()


def assert_sees_exactly_what_was_shared(tab: Page) -> None:
    profile = tab.locator("#profile")
    expect(profile.locator("dt")).to_have_text(list(SHARED_PROFILE))
    expect(profile.locator("dd")).to_have_text(list(SHARED_PROFILE.values()))
    expect(tab.locator("section.letter")).to_have_count(1)
    expect(tab.locator("section.letter h2")).to_have_text(SHARED_LETTER)
    expect(tab.locator("[data-answer]")).to_have_count(1)
    assert tab.locator("[data-answer]").text_content() == ANSWER
    expect(tab.locator("#experiences")).to_have_count(0)
    # Nowhere in the page, visible or not, markup included.
    html = tab.content()
    text = tab.locator("body").inner_text()
    for secret in [*UNSHARED_PROFILE, OTHER_LETTER, OTHER_ANSWER, EXPERIENCE, EXPERIENCE_DETAILS]:
        assert secret not in html, f"{secret!r} was not shared but is in the consultant's page"
        assert secret not in text


def consultant_reviews_and_delivers(tab: Page, engagement: Engagement) -> Comment:
    tab.get_by_role("link", name="자기소개서 첨삭").click()
    assert path_of(tab) == f"/consulting/work/{engagement.pk}/"
    tab.get_by_role("button", name="요청 수락하기").click()
    tab.get_by_role("button", name="검토 시작하기").click()
    expect(tab.get_by_role("heading", name="지원 동기를 쓰세요.")).to_be_visible()
    tab.wait_for_function("() => document.readyState === 'complete'")
    assert_sees_exactly_what_was_shared(tab)

    item = tab.locator("[data-answer]").get_attribute("data-answer")
    tab.evaluate(SELECT, [item, SENTENCE])
    form = tab.locator(f'[data-comment-form="{item}"]')
    expect(form.get_by_label("의견을 남길 문장")).to_have_value(SENTENCE)
    form.get_by_role("textbox", name="의견 필수").fill(COMMENT)
    form.get_by_role("button", name="의견 남기기").click()
    expect(tab.get_by_text("의견을 남겼어요.")).to_be_visible()
    comment = Comment.objects.get(engagement=engagement, parent=None)
    assert comment.quote == SENTENCE
    assert ANSWER[comment.start : comment.end] == SENTENCE
    expect(tab.locator(f"#comment-{comment.pk}")).to_contain_text(COMMENT)

    tab.get_by_label("총평").fill(SUMMARY)
    tab.get_by_role("button", name="총평 쓰고 전달하기").click()
    expect(tab.get_by_text("총평을 전달했어요.")).to_be_visible()
    engagement.refresh_from_db()
    assert engagement.state == EngagementState.DELIVERED
    return comment


def wait_for_editor(page: Page) -> None:
    page.wait_for_function("() => document.readyState === 'complete' && !!window.LifementoCounter")


def member_edits_above_the_comment(page: Page, site: str, letter: CoverLetter, comment) -> None:
    page.goto(f"{site}{letter.get_absolute_url()}")
    wait_for_editor(page)
    step(page)
    thread = page.locator(f"#comment-{comment.pk}")
    expect(thread).to_contain_text(COMMENT)
    expect(thread.locator(".feedback-quote")).to_have_text(SENTENCE)
    expect(thread).to_have_attribute("data-start16", str(ANSWER.index(SENTENCE)))
    assert page.evaluate(MARKED) == [SENTENCE]

    # The caret at the end of the first paragraph; typed there, as a member types.
    box = page.get_by_label("문항 1 답변")
    box.click()
    box.evaluate("(t, at) => t.setSelectionRange(at, at)", len(PARAGRAPH_1))
    box.press_sequentially(INSERTED, delay=5)
    expect(page.locator("[data-save-state]").first).to_contain_text("저장됨")
    edited = f"{PARAGRAPH_1}{INSERTED}\n\n{PARAGRAPH_2}"
    expect(box).to_have_value(edited)

    # The placements came back for the saved text: the comment moved with its sentence.
    thread = page.locator(f"#comment-{comment.pk}")
    expect(thread).to_have_attribute("data-kind", "moved")
    expect(thread).to_have_attribute("data-start16", str(edited.index(SENTENCE)))
    expect(thread.locator(".feedback-quote")).to_have_text(SENTENCE)
    expect(page.locator(".feedback-mark")).to_have_text("1" + SENTENCE)
    assert page.evaluate(MARKED) == [SENTENCE]
    thread.get_by_role("button", name="답변에서 이 문장 선택하기").click()
    assert page.evaluate(SELECTED) == SENTENCE
    step(page)
    assert Question.objects.get(cover_letter=letter).answer == edited


def test_request_share_review_edit_and_withdraw(site, page, browser):
    join(page, site)
    member = User.objects.get(role=Role.MEMBER)
    letter = prepare_workspace(member)
    chosen = make_consultant("cons-a", "이서연", jobs=["planning"], industries=["it"])
    make_consultant("cons-b", "박도윤", jobs=["development"])

    # 1. The member requests, shares one letter and two profile items, and consents.
    engagement = request_review(page, site, "이서연")
    assert engagement.consultant_id == chosen.consultant_id
    record = ConsentRecord.objects.get(member=member, channel="provision", granted=True)
    assert record.details["items"] == [
        "요청 내용 (직접 쓴 메모)",
        *(f"본인 프로필: {label}" for label in SHARED_PROFILE),
        f"자기소개서: {SHARED_LETTER}",
    ]

    # 2. The consultant signs in elsewhere, sees only that, comments on a sentence, delivers.
    consultant = consultant_tab(browser)
    try:
        consultant_signs_in(consultant, site, "cons-a", "consultant-pw-123")
        comment = consultant_reviews_and_delivers(consultant, engagement)

        # The member sees the delivery on the engagement page.
        page.goto(f"{site}/consulting/my/{engagement.pk}/")
        expect(page.locator("[data-delivery='1']")).to_contain_text(SUMMARY.split(".")[0])
        step(page)

        # 3. In the editor: the comment beside its sentence, still there after an edit above.
        member_edits_above_the_comment(page, site, letter, comment)

        # 4. The member withdraws the consent on the engagement page.
        page.goto(f"{site}/consulting/my/{engagement.pk}/")
        page.get_by_role("link", name="공유 중단(동의 철회)").click()
        step(page)
        page.get_by_role("button", name="공유 중단하기").click()
        expect(page.get_by_text("공유를 중단했어요.")).to_be_visible()
        step(page)
        assert ConsentRecord.objects.filter(
            member=member, channel="provision", granted=False
        ).exists()

        # The consultant's next request: 404, with the reason in Korean, and none of the data.
        response = consultant.goto(f"{site}/consulting/work/{engagement.pk}/")
        assert response is not None and response.status == 404
        expect(consultant.get_by_role("heading", name="이 컨설팅은 볼 수 없어요")).to_be_visible()
        alert = consultant.get_by_role("alert")
        expect(alert).to_be_visible()
        assert alert.inner_text().strip() in WITHDRAWN
        html = consultant.content()
        assert ANSWER.split(".")[0] not in html
        assert SHARED_PROFILE["희망 산업"] not in consultant.locator("main").inner_text()
    finally:
        consultant.context.close()

"""The consultant's engagement page shows exactly what the member shared (the snapshot, through
the sharing selector), the comments threaded beside their questions, in a constant number of
queries; and nothing on it can change the member's text."""

import datetime
import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consulting.feedback import comment_add, comment_reply
from consulting.models import Comment, Rating, SnapshotItem
from consulting.services import provision_notice, share_snapshot
from consulting.snapshots import Selection, load
from coverletters.models import Question
from privacy.api import sharing_withdraw_consent
from tests.consulting.workspace_support import (
    ANSWER,
    UNSHARED_LETTER,
    UNSHARED_SITUATION,
    share,
    signed_in,
)
from tests.core.test_html import audit

pytestmark = pytest.mark.django_db


def page_of(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.content.decode()[:500]
    return html.unescape(response.content.decode())


def test_page_shows_exactly_what_was_shared(member, consultant):
    shared = share(member, consultant)

    page = page_of(signed_in(consultant), shared.url)

    assert "김지원" in page and "서비스 기획" in page  # 이름, 희망 직무
    assert "한빛은행 2026 하반기" in page and "지원 동기 1" in page and ANSWER in page
    assert "교내 해커톤" in page and "48시간 동안 앱을 만들었어요" in page
    assert UNSHARED_SITUATION not in page  # 현재 상황 및 고민 was not chosen
    assert UNSHARED_LETTER not in page
    # The request note is shared with the rest, listed on the consent screen as 요청 내용.
    assert "지원 동기를 봐 주세요" in page


def test_page_shows_the_snapshot_not_the_members_later_edits(member, consultant):
    shared = share(member, consultant)
    Question.objects.filter(cover_letter=shared.letter).update(answer="")

    assert ANSWER in page_of(signed_in(consultant), shared.url)


def test_the_answer_element_holds_exactly_the_answer(member, consultant):
    """The script counts offsets in the answer element's text: it must be the answer itself,
    with no whitespace from the template around it."""
    answer = "\n첫 줄 <b>굵게</b> & 😀 이모지\n\n둘째 줄  "
    shared = share(member, consultant, answer=answer, state="in_review")
    (question,) = shared.questions

    raw = signed_in(consultant).get(shared.url).content.decode()

    marker = f'data-answer="{question.pk}">'
    start = raw.index(marker) + len(marker)
    inner = raw[start : raw.index("</div>", start)]
    assert html.unescape(inner) == answer
    assert "<b>" not in inner  # escaped, never markup


def test_comments_are_threaded_beside_their_question(member, consultant):
    shared = share(member, consultant, questions=2, state="in_review")
    first, second = shared.questions
    now = timezone.now()
    root = comment_add(
        shared.engagement, item=second, author=consultant, start=0, end=2, body="첫 의견", now=now
    )
    comment_reply(root, author=member, body="회원의 답글", now=now)

    page = page_of(signed_in(consultant), shared.url)

    section = page[page.index(f'id="question-{second.pk}"') :]
    assert "첫 의견" in section and "회원의 답글" in section
    before = page[
        page.index(f'id="question-{first.pk}"') : page.index(f'id="question-{second.pk}"')
    ]
    assert "첫 의견" not in before
    assert page.index("첫 의견") < page.index("회원의 답글")


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _fill(shared, consultant, member, comments: int):
    now = timezone.now()
    items = shared.questions
    for n in range(comments):
        item = items[n % len(items)]
        root = comment_add(
            shared.engagement,
            item=item,
            author=consultant,
            start=0,
            end=2,
            body=f"의견 {n}",
            now=now,
        )
        comment_reply(root, author=member, body=f"답글 {n}", now=now)


def test_query_count_is_constant_in_questions_and_comments(member, other_member, consultant):
    one = share(member, consultant, questions=1, state="in_review")
    _fill(one, consultant, member, 1)
    many = share(other_member, consultant, questions=50, state="in_review")
    _fill(many, consultant, other_member, 50)
    client = signed_in(consultant)
    client.get(one.url)  # warm the per-process caches (keys, content types)

    small = _queries(client, one.url)
    large = _queries(client, many.url)

    assert large == small
    assert Comment.objects.filter(engagement=many.engagement).count() == 100


def test_there_is_no_way_to_change_the_members_text(member, consultant):
    shared = share(member, consultant, state="in_review")
    (item,) = shared.questions
    client = signed_in(consultant)
    edit = {"body": "컨설턴트가 고친 답변", "answer": "컨설턴트가 고친 답변", "title": "바뀐 제목"}

    assert client.post(shared.url, edit).status_code == 405
    assert client.post(f"{shared.url}questions/{item.pk}/", edit).status_code == 404
    assert client.post(f"/consulting/work/items/{item.pk}/", edit).status_code == 404
    # The member's own editor is the member's only.
    question = Question.objects.get(cover_letter=shared.letter)
    for url in (
        f"/coverletters/questions/{question.pk}/answer/",
        f"/coverletters/questions/{question.pk}/edit/",
    ):
        assert client.post(url, {"answer": "바뀐 답변", "revision": 0}).status_code == 403

    assert SnapshotItem.objects.get(pk=item.pk).body == ANSWER
    assert Question.objects.get(pk=question.pk).answer == ANSWER


def test_after_sharing_again_the_page_shows_the_new_copy_and_earlier_comments(member, consultant):
    shared = share(member, consultant, state="in_review")
    (first,) = shared.questions
    now = timezone.now()
    kept = ANSWER.index("팀원 다섯 명")
    comment_add(
        shared.engagement,
        item=first,
        author=consultant,
        start=kept,
        end=kept + len("팀원 다섯 명의 작업을 매일 정리해"),
        body="남은 문장 의견",
        now=now,
    )
    comment_add(
        shared.engagement,
        item=first,
        author=consultant,
        start=0,
        end=2,
        body="지운 문장 의견",
        now=now,
    )
    new_answer = "팀원 다섯 명의 작업을 매일 정리해 마감 하루 전에 제출했습니다."
    Question.objects.filter(cover_letter=shared.letter).update(answer="")
    question = Question.objects.get(cover_letter=shared.letter)
    question.answer = new_answer
    question.save()
    selection = Selection.from_dict(shared.snapshot.selection)
    chosen = load(member, selection)
    notice = provision_notice(
        consultant_name="이서연",
        service=shared.engagement.service,
        chosen=chosen,
        expires_at=now + datetime.timedelta(days=30),
    )
    share_snapshot(shared.engagement, chosen, selection, notice=notice, now=now)

    page = page_of(signed_in(consultant), shared.url)

    assert "2차 공유본" in page and new_answer in page and ANSWER not in page
    assert page.count("이전 공유본(1차)에 달린 의견") == 2
    kept_at = page.index("남은 문장 의견")
    gone_at = page.index("지운 문장 의견")
    assert "지금 답변에도 이 문장이 있어요" in page[:kept_at]
    assert "지금 답변에서는 이 문장을 찾지 못했어요" in page[kept_at:gone_at]


@pytest.mark.parametrize(
    ("service", "state"),
    [
        ("cover_letter_review", "requested"),
        ("cover_letter_review", "in_review"),
        ("mock_interview", "accepted"),
    ],
)
def test_the_pages_are_well_formed_and_labelled(member, consultant, service, state):
    shared = share(member, consultant, questions=2, service=service, state=state)
    if state == "in_review":
        _fill(shared, consultant, member, 3)
    Rating.objects.create(engagement=shared.engagement, score=5, line="좋아요")
    client = signed_in(consultant)

    assert audit(client.get(shared.url).content.decode()) == []
    assert audit(client.get(f"{shared.url}rating/").content.decode()) == []
    # Shown again after bad input, and refused.
    response = client.post(f"{shared.url}deliver/", {"summary": ""})
    assert audit(response.content.decode()) == []
    sharing_withdraw_consent(shared.snapshot.grant_id)
    assert audit(client.get(shared.url).content.decode()) == []

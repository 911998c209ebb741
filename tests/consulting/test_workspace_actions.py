"""What the consultant does on an engagement, by its state: accept or decline, start the review
or propose interview times, comment on a selected sentence, reply, deliver the summary, answer
the rating once. Bad input gets a Korean message and keeps what was typed."""

import datetime
import html

import pytest
from django.utils import timezone

from consulting.catalog import ServiceKind
from consulting.feedback import comment_add
from consulting.models import Comment, Delivery, Engagement, Rating, SessionProposal
from consulting.services import engagement_deliver, engagement_request_revision
from notifications.models import Notification
from tests.consulting.conftest import make_engagement
from tests.consulting.workspace_support import ANSWER, share, signed_in

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def state_of(shared) -> str:
    return Engagement.objects.get(pk=shared.engagement.pk).state


# --- Accepting and declining --------------------------------------------------------------


def test_accepting_starts_the_clock_and_tells_the_member(member, consultant):
    shared = share(member, consultant)
    before = timezone.now()

    response = signed_in(consultant).post(f"{shared.url}accept/")

    assert response.status_code == 302 and response["Location"] == shared.url
    engagement = Engagement.objects.get(pk=shared.engagement.pk)
    assert engagement.state == "accepted"
    assert engagement.accepted_at >= before
    assert engagement.due_at == engagement.accepted_at + datetime.timedelta(hours=48)
    (note,) = Notification.objects.filter(recipient=member, kind="consulting.accepted")
    assert "수락했어요" in note.text


def test_accepting_twice_is_refused_in_korean(member, consultant):
    shared = share(member, consultant, state="accepted")

    response = signed_in(consultant).post(f"{shared.url}accept/")

    assert response.status_code == 409
    assert "‘수락됨’ 상태의 요청은 ‘수락됨’(으)로 바꿀 수 없어요" in text_of(response)
    assert Notification.objects.filter(kind="consulting.accepted").count() == 0


def test_declining_ends_the_request_and_its_access(member, consultant):
    shared = share(member, consultant)
    client = signed_in(consultant)

    response = client.post(f"{shared.url}decline/")

    assert response.status_code == 302 and response["Location"] == "/consulting/"
    assert state_of(shared) == "declined"
    assert Notification.objects.filter(recipient=member, kind="consulting.declined").exists()
    assert client.get(shared.url).status_code == 404


def test_review_starts_only_after_acceptance(member, consultant):
    shared = share(member, consultant)
    client = signed_in(consultant)

    response = client.post(f"{shared.url}review/")
    assert response.status_code == 409 and "바꿀 수 없어요" in text_of(response)

    client.post(f"{shared.url}accept/")
    assert client.post(f"{shared.url}review/").status_code == 302
    assert state_of(shared) == "in_review"


# --- Mock interviews ----------------------------------------------------------------------


def _future(days: int, hour: int = 14) -> str:
    moment = timezone.localtime() + datetime.timedelta(days=days)
    return moment.strftime(f"%Y-%m-%dT{hour:02d}:00")


def test_proposing_interview_times_tells_the_member(member, consultant):
    shared = share(member, consultant, service=ServiceKind.MOCK_INTERVIEW, state="accepted")
    client = signed_in(consultant)
    assert "검토 대신" in text_of(client.post(f"{shared.url}review/"))

    response = client.post(
        f"{shared.url}sessions/",
        {"time_1": _future(2), "time_2": _future(3), "minutes": "60", "where": "화상"},
    )

    assert response.status_code == 302
    proposals = list(SessionProposal.objects.filter(engagement=shared.engagement))
    assert len(proposals) == 2 and all(p.where == "화상" and p.minutes == 60 for p in proposals)
    note = Notification.objects.get(recipient=member, kind="consulting.proposed")
    assert "모의면접 시간을 제안했어요" in note.text
    assert "화상" in text_of(client.get(shared.url))


def test_proposing_again_replaces_the_open_proposals(member, consultant):
    shared = share(member, consultant, service=ServiceKind.MOCK_INTERVIEW, state="accepted")
    client = signed_in(consultant)
    client.post(f"{shared.url}sessions/", {"time_1": _future(2), "minutes": "60"})
    client.post(f"{shared.url}sessions/", {"time_1": _future(4), "minutes": "60"})

    open_ = SessionProposal.objects.filter(engagement=shared.engagement, withdrawn_at=None)
    assert open_.count() == 1
    assert SessionProposal.objects.filter(engagement=shared.engagement).count() == 2


def test_a_past_time_is_refused_and_the_form_keeps_what_was_typed(member, consultant):
    shared = share(member, consultant, service=ServiceKind.MOCK_INTERVIEW, state="accepted")
    past = (timezone.localtime() - datetime.timedelta(days=1)).strftime("%Y-%m-%dT10:00")

    response = signed_in(consultant).post(
        f"{shared.url}sessions/", {"time_1": past, "minutes": "45", "where": "강남역 카페"}
    )

    assert response.status_code == 400
    page = text_of(response)
    assert "지난 시간은 제안할 수 없어요" in page
    assert "강남역 카페" in page and past in page
    assert not SessionProposal.objects.exists()


def test_only_a_mock_interview_takes_proposals(member, consultant):
    shared = share(member, consultant, state="accepted")

    response = signed_in(consultant).post(
        f"{shared.url}sessions/", {"time_1": _future(2), "minutes": "60"}
    )

    assert response.status_code == 400
    assert "일정을 정해서 진행하는 서비스가 아니에요" in text_of(response)


# --- Comments -----------------------------------------------------------------------------


def _comment(client, shared, **data):
    item = data.pop("item", shared.questions[0].pk)
    return client.post(f"{shared.url}questions/{item}/comments/", data)


def test_a_comment_stores_its_anchor(member, consultant):
    shared = share(member, consultant, state="in_review")
    start = ANSWER.index("일정 관리")
    end = start + len("일정 관리를 맡았습니다")
    (item,) = shared.questions

    response = _comment(
        signed_in(consultant),
        shared,
        start=start,
        end=end,
        quote="일정 관리를 맡았습니다",
        body="어떤 도구로 관리했는지 써 주세요.",
    )

    assert response.status_code == 302
    comment = Comment.objects.get(engagement=shared.engagement)
    assert response["Location"] == f"{shared.url}#comment-{comment.pk}"
    assert (comment.start, comment.end) == (start, end)
    assert comment.quote == "일정 관리를 맡았습니다"
    assert comment.prefix == ANSWER[max(0, start - 32) : start]
    assert comment.suffix == ANSWER[end : end + 32]
    assert comment.item_id == item.pk and comment.question_id == item.source_id
    assert comment.author_id == consultant.pk and comment.round == 1
    assert comment.snapshot_number == 1


def test_offsets_count_python_characters_as_the_browser_shows_the_text(member, consultant):
    """The browser's DOM turns CR LF into LF; the script counts code points (an emoji is one).
    The stored offsets are in the stored text."""
    answer = "첫 줄 😀\r\n둘째 줄의 핵심 문장입니다.\r\n셋째 줄"
    shared = share(member, consultant, answer=answer, state="in_review")
    shown = answer.replace("\r\n", "\n")
    start = shown.index("핵심")
    end = start + len("핵심 문장")

    _comment(signed_in(consultant), shared, start=start, end=end, quote="핵심 문장", body="좋아요")

    comment = Comment.objects.get(engagement=shared.engagement)
    assert answer[comment.start : comment.end] == "핵심 문장" == comment.quote


def test_without_the_script_the_pasted_quote_is_found(member, consultant):
    shared = share(member, consultant, state="in_review")

    _comment(signed_in(consultant), shared, quote="  마감 하루 전에 제출했습니다 ", body="좋아요")

    comment = Comment.objects.get(engagement=shared.engagement)
    assert comment.quote == "마감 하루 전에 제출했습니다"
    assert ANSWER[comment.start : comment.end] == comment.quote


def test_offsets_that_do_not_span_the_quote_follow_the_quote(member, consultant):
    shared = share(member, consultant, state="in_review")

    _comment(signed_in(consultant), shared, start=0, end=2, quote="팀원 다섯 명", body="구체적")

    comment = Comment.objects.get(engagement=shared.engagement)
    assert comment.quote == "팀원 다섯 명" and comment.start == ANSWER.index("팀원 다섯 명")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"start": 0, "end": 2, "body": "   "}, "의견을 입력해 주세요"),
        ({"start": 0, "end": 9999, "body": "범위 밖 의견"}, "고른 문장이 답변 밖에 있어요"),
        ({"start": 5, "end": 5, "body": "빈 선택 의견"}, "고른 문장이 답변 밖에 있어요"),
        ({"quote": "없는 문장", "body": "못 찾는 의견"}, "답변에서 그 문장을 찾지 못했어요"),
        ({"quote": "습니다", "body": "여러 번 의견"}, "같은 문장이 답변에 여러 번 있어요"),
        ({"body": "선택 없는 의견"}, "의견을 남길 문장을 답변에서 골라 주세요"),
        ({"start": 0, "end": 2, "body": "가" * 4001}, "4000자까지 쓸 수 있어요"),
    ],
)
def test_bad_comment_input_is_explained_and_keeps_the_text(member, consultant, data, message):
    shared = share(member, consultant, state="in_review")

    response = _comment(signed_in(consultant), shared, **data)

    assert response.status_code == 400
    page = text_of(response)
    assert message in page
    if data["body"].strip():
        assert data["body"] in page
    assert not Comment.objects.exists()


def test_comments_wait_for_the_review(member, consultant):
    shared = share(member, consultant, state="accepted")

    response = _comment(signed_in(consultant), shared, start=0, end=2, body="이른 의견")

    assert response.status_code == 400
    assert "검토 중일 때만 의견을 남길 수 있어요" in text_of(response)
    assert "이른 의견" in text_of(response)


# --- Replies and delivery -----------------------------------------------------------------


def _root(shared, consultant):
    return comment_add(
        shared.engagement,
        item=shared.questions[0],
        author=consultant,
        start=0,
        end=2,
        body="첫 의견",
        now=timezone.now(),
    )


def test_a_reply_joins_the_thread(member, consultant):
    shared = share(member, consultant, state="in_review")
    root = _root(shared, consultant)
    client = signed_in(consultant)

    response = client.post(f"{shared.url}comments/{root.pk}/replies/", {"body": "덧붙여요"})

    assert response.status_code == 302
    reply = Comment.objects.get(parent=root)
    assert reply.body == "덧붙여요" and reply.author_id == consultant.pk
    assert reply.item_id == root.item_id
    # Not delivered yet: the member is not told about each reply of the draft.
    assert not Notification.objects.filter(kind="consulting.reply").exists()
    response = client.post(f"{shared.url}comments/{root.pk}/replies/", {"body": ""})
    assert response.status_code == 400 and "답글을 입력해 주세요" in text_of(response)


def test_a_reply_after_delivery_tells_the_member(member, consultant):
    shared = share(member, consultant, state="in_review")
    root = _root(shared, consultant)
    engagement_deliver(shared.engagement, now=timezone.now())

    signed_in(consultant).post(f"{shared.url}comments/{root.pk}/replies/", {"body": "추가 설명"})

    assert Notification.objects.filter(recipient=member, kind="consulting.reply").exists()


def test_delivering_the_summary_closes_the_round(member, consultant):
    shared = share(member, consultant, state="in_review")
    client = signed_in(consultant)

    response = client.post(f"{shared.url}deliver/", {"summary": "전체적으로 구체적이에요."})

    assert response.status_code == 302
    assert state_of(shared) == "delivered"
    delivery = Delivery.objects.get(engagement=shared.engagement)
    assert delivery.round == 1 and delivery.summary == "전체적으로 구체적이에요."
    note = Notification.objects.get(recipient=member, kind="consulting.delivered")
    assert "피드백이 도착했어요" in note.text
    page = text_of(client.get(shared.url))
    assert "전체적으로 구체적이에요." in page and "의견 남기기" not in page


def test_delivery_needs_a_summary_and_a_review(member, consultant):
    shared = share(member, consultant, state="accepted")
    client = signed_in(consultant)

    response = client.post(f"{shared.url}deliver/", {"summary": "너무 이른 총평"})
    assert response.status_code == 400
    assert "검토를 시작한 뒤에 총평을 전달할 수 있어요" in text_of(response)
    assert "너무 이른 총평" in text_of(response)

    client.post(f"{shared.url}review/")
    response = client.post(f"{shared.url}deliver/", {"summary": ""})
    assert response.status_code == 400 and "총평을 입력해 주세요" in text_of(response)
    assert not Delivery.objects.exists() and state_of(shared) == "in_review"


# --- The rating ---------------------------------------------------------------------------


def test_the_rating_is_answered_publicly_once(member, consultant):
    shared = share(member, consultant, state="in_review")
    engagement_deliver(shared.engagement, now=timezone.now())
    Rating.objects.create(engagement=shared.engagement, score=4, line="꼼꼼했어요")
    client = signed_in(consultant)
    url = f"{shared.url}rating/"
    assert "꼼꼼했어요" in text_of(client.get(url))

    assert client.post(url, {"reply": ""}).status_code == 400
    assert client.post(url, {"reply": "감사합니다!"}).status_code == 302
    response = client.post(url, {"reply": "한 번 더"})

    assert response.status_code == 400 and "이미 답변했어요" in text_of(response)
    rating = Rating.objects.get(engagement=shared.engagement)
    assert rating.reply == "감사합니다!" and rating.replied_at is not None


def test_a_hidden_or_missing_rating_cannot_be_answered(member, consultant):
    shared = share(member, consultant, state="in_review")
    client = signed_in(consultant)
    assert client.get(f"{shared.url}rating/").status_code == 404

    Rating.objects.create(engagement=shared.engagement, score=1, hidden_at=timezone.now())
    assert client.post(f"{shared.url}rating/", {"reply": "답변"}).status_code == 404


# --- The consultant's home ----------------------------------------------------------------


def test_home_links_each_engagement_and_puts_overdue_work_first(member, other_member, consultant):
    now = timezone.now()
    waiting = make_engagement(member, consultant, due_at=now + datetime.timedelta(hours=1))
    overdue = make_engagement(
        other_member, consultant, state="in_review", due_at=now + datetime.timedelta(hours=5)
    )
    Engagement.objects.filter(pk=overdue.pk).update(due_at=now - datetime.timedelta(hours=2))
    delivered_late = make_engagement(
        member,
        consultant,
        state="delivered",
        due_at=now - datetime.timedelta(hours=9),
    )

    page = signed_in(consultant).get("/consulting/").content.decode()

    assert f'href="/consulting/work/{waiting.pk}/"' in page
    assert page.index(f'data-engagement="{overdue.pk}"') < page.index(
        f'data-engagement="{waiting.pk}"'
    )
    row = page[page.index(f'data-engagement="{overdue.pk}"') :]
    assert "기한 지남" in row[: row.index("</tr>")]
    # Delivered work is not overdue, however old its due time.
    row = page[page.index(f'data-engagement="{delivered_late.pk}"') :]
    assert "기한 지남" not in row[: row.index("</tr>")]


def test_a_revision_round_is_commented_and_delivered_as_round_two(member, consultant):
    shared = share(member, consultant, state="in_review")
    client = signed_in(consultant)
    client.post(f"{shared.url}deliver/", {"summary": "1회차 총평"})
    engagement_request_revision(Engagement.objects.get(pk=shared.engagement.pk), now=timezone.now())

    _comment(client, shared, quote="일정 관리를 맡았습니다", body="2회차 의견")
    client.post(f"{shared.url}deliver/", {"summary": "2회차 총평"})

    assert Comment.objects.get(engagement=shared.engagement).round == 2
    assert list(Delivery.objects.values_list("round", flat=True).order_by("round")) == [1, 2]
    assert Notification.objects.filter(recipient=member, kind="consulting.delivered").count() == 2
    assert state_of(shared) == "delivered"

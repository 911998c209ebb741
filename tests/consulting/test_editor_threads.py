"""The member replies to a comment and resolves it inside the editor: both persist, the
consultant is told of a reply, and bad input gets a Korean message with nothing lost. Only
delivered rounds show, so the member never sees feedback the consultant is still writing."""

import pytest
from django.utils import timezone

from consulting.models import Comment, EngagementState
from consulting.services import engagement_close, engagement_request_revision
from notifications.models import Notification
from tests.consulting.editor_support import (
    CAMPAIGN,
    comment_on,
    deliver,
    delivered_comment,
    make_question,
    share,
)

pytestmark = pytest.mark.django_db
JSON = {"accept": "application/json"}


@pytest.fixture
def question(member):
    return make_question(member)


@pytest.fixture
def comment(member, consultant, question):
    return delivered_comment(member, consultant, question)


def reply_url(comment):
    return f"/consulting/feedback/comments/{comment.pk}/reply/"


def resolve_url(comment):
    return f"/consulting/feedback/comments/{comment.pk}/resolve/"


def test_member_reply_persists_shows_in_the_thread_and_tells_the_consultant(
    client, member, consultant, question, comment
):
    client.force_login(member)
    response = client.post(reply_url(comment), {"body": "120명에서 250명이 됐어요."}, headers=JSON)
    assert response.status_code == 200
    assert "120명에서 250명이 됐어요." in response.json()["threads"]

    reply = Comment.objects.get(parent=comment)
    assert reply.author_id == member.pk and reply.body == "120명에서 250명이 됐어요."
    note = Notification.objects.get(recipient=consultant, kind="consulting.reply")
    assert note.key == f"consulting.reply:{reply.pk}"
    assert "답글" in note.text
    page = client.get(f"/coverletters/{question.cover_letter_id}/").content.decode()
    assert "120명에서 250명이 됐어요." in page


def test_reply_without_the_script_comes_back_to_the_comment(client, member, question, comment):
    client.force_login(member)
    response = client.post(reply_url(comment), {"body": "고쳐 볼게요."})
    assert response.status_code == 302
    assert response["Location"].endswith(
        f"/coverletters/{question.cover_letter_id}/#comment-{comment.pk}"
    )
    assert Comment.objects.filter(parent=comment).count() == 1


def test_empty_reply_gets_a_korean_message_and_nothing_is_written(
    client, member, consultant, comment
):
    client.force_login(member)
    response = client.post(reply_url(comment), {"body": "   "}, headers=JSON)
    assert response.status_code == 400
    assert response.json() == {"error": "의견 내용을 써 주세요."}
    assert not Comment.objects.filter(parent=comment).exists()
    assert not Notification.objects.filter(recipient=consultant).exists()


def test_too_long_reply_without_the_script_keeps_the_text(client, member, comment):
    client.force_login(member)
    text = "가" * 4001
    response = client.post(reply_url(comment), {"body": text})
    assert response.status_code == 400
    page = response.content.decode()
    assert "4,000자까지" in page
    assert text in page  # the typed text is on the page to send again
    assert not Comment.objects.filter(parent=comment).exists()


def test_resolve_and_reopen_persist(client, member, question, comment):
    client.force_login(member)
    response = client.post(resolve_url(comment), {"resolved": "1"}, headers=JSON)
    assert response.status_code == 200
    comment.refresh_from_db()
    assert comment.resolved_at is not None
    assert "다시 열기" in response.json()["threads"]
    assert "모두 해결했어요" in response.json()["threads"]

    response = client.post(resolve_url(comment), {"resolved": "0"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.resolved_at is None


def test_resolve_with_a_bad_choice_gets_a_korean_message(client, member, comment):
    client.force_login(member)
    response = client.post(resolve_url(comment), {"resolved": "yes"}, headers=JSON)
    assert response.status_code == 400
    assert "골라 주세요" in response.json()["error"]
    comment.refresh_from_db()
    assert comment.resolved_at is None


def test_closed_engagement_shows_its_feedback_but_takes_no_reply(client, member, question, comment):
    engagement_close(comment.engagement, now=timezone.now())
    client.force_login(member)
    page = client.get(f"/coverletters/{question.cover_letter_id}/").content.decode()
    assert comment.body in page
    assert "끝난 컨설팅이라 답글은 달 수 없어요." in page
    response = client.post(reply_url(comment), {"body": "감사합니다."}, headers=JSON)
    assert response.status_code == 400
    assert "진행 중인 컨설팅에서만" in response.json()["error"]


def test_comments_of_a_round_not_yet_delivered_are_not_shown(client, member, consultant, question):
    engagement, items = share(member, consultant, [question])
    draft = comment_on(engagement, items[question.pk], consultant, CAMPAIGN, body="아직 쓰는 중")
    client.force_login(member)
    page = client.get(f"/coverletters/{question.cover_letter_id}/").content.decode()
    assert "아직 쓰는 중" not in page
    assert client.post(reply_url(draft), {"body": "?"}).status_code == 404

    deliver(engagement)
    page = client.get(f"/coverletters/{question.cover_letter_id}/").content.decode()
    assert "아직 쓰는 중" in page


def test_a_second_round_in_review_stays_hidden_while_the_first_shows(
    client, member, consultant, question
):
    engagement, items = share(member, consultant, [question])
    comment_on(engagement, items[question.pk], consultant, CAMPAIGN, body="1회차 의견")
    deliver(engagement)
    engagement.refresh_from_db()
    engagement_request_revision(engagement, now=timezone.now())
    engagement.refresh_from_db()
    assert engagement.state == EngagementState.REVISION
    comment_on(engagement, items[question.pk], consultant, CAMPAIGN, body="2회차 쓰는 중")

    client.force_login(member)
    page = client.get(f"/coverletters/{question.cover_letter_id}/").content.decode()
    assert "1회차 의견" in page
    assert "2회차 쓰는 중" not in page

"""Only the engagement's member sees the feedback in their editor and may reply or resolve:
another member gets 404 for every id, the other roles are refused, a visitor is sent to sign in;
and a comment of another member's engagement never shows on this member's question."""

import pytest

from consulting.models import Comment
from tests.conftest import make_member
from tests.consulting.editor_support import (
    CAMPAIGN,
    bulk_comment,
    delivered_comment,
    make_question,
    mark_delivered,
    share,
)

pytestmark = pytest.mark.django_db
JSON = {"accept": "application/json"}


@pytest.fixture
def question(member):
    return make_question(member)


@pytest.fixture
def comment(member, consultant, question):
    return delivered_comment(member, consultant, question, body="수치를 넣어 보세요.")


def urls(question, comment):
    return {
        "placements": ("get", f"/consulting/feedback/questions/{question.pk}/placements/", {}),
        "reply": ("post", f"/consulting/feedback/comments/{comment.pk}/reply/", {"body": "답"}),
        "resolve": (
            "post",
            f"/consulting/feedback/comments/{comment.pk}/resolve/",
            {"resolved": "1"},
        ),
    }


def call(client, method, url, data, **kwargs):
    return getattr(client, method)(url, data, **kwargs)


def test_owner_may_use_every_endpoint(client, member, question, comment):
    client.force_login(member)
    for method, url, data in urls(question, comment).values():
        assert call(client, method, url, data, headers=JSON).status_code == 200, url


def test_another_member_gets_404_and_changes_nothing(client, other_member, question, comment):
    client.force_login(other_member)
    for method, url, data in urls(question, comment).values():
        assert call(client, method, url, data, headers=JSON).status_code == 404, url
        assert call(client, method, url, data).status_code == 404, url
    comment.refresh_from_db()
    assert comment.resolved_at is None
    assert not Comment.objects.filter(parent=comment).exists()


def test_consultants_and_staff_are_refused(client, consultant, staff, question, comment):
    for user in (consultant, staff):
        client.force_login(user)
        for method, url, data in urls(question, comment).values():
            assert call(client, method, url, data).status_code == 403, (user, url)
    assert not Comment.objects.filter(parent=comment).exists()


def test_anonymous_visitor_is_sent_to_sign_in(client, question, comment):
    for method, url, data in urls(question, comment).values():
        assert call(client, method, url, data).status_code == 302, url
        assert call(client, method, url, data, headers=JSON).status_code == 401, url


def test_a_reply_id_is_not_a_thread(client, member, question, comment):
    client.force_login(member)
    client.post(f"/consulting/feedback/comments/{comment.pk}/reply/", {"body": "네"})
    reply = Comment.objects.get(parent=comment)
    response = client.post(f"/consulting/feedback/comments/{reply.pk}/resolve/", {"resolved": "1"})
    assert response.status_code == 404


def test_another_members_engagement_never_shows_on_this_question(
    client, member, consultant, question
):
    # A comment in someone else's engagement that names this member's question id (a forged
    # or mistaken row) is not this member's feedback.
    stranger = make_member(name="이도윤", phone="010-3391-2087")
    their_question = make_question(stranger)
    engagement, items = share(stranger, consultant, [their_question])
    forged = bulk_comment(
        engagement, items[their_question.pk], consultant, CAMPAIGN, body="남의 의견"
    )
    Comment.objects.filter(pk=forged.pk).update(question_id=question.pk)
    mark_delivered(engagement)

    client.force_login(member)
    page = client.get(f"/coverletters/{question.cover_letter_id}/").content.decode()
    assert "남의 의견" not in page
    data = client.get(
        f"/consulting/feedback/questions/{question.pk}/placements/", headers=JSON
    ).json()
    assert data["placements"] == []
    response = client.post(f"/consulting/feedback/comments/{forged.pk}/reply/", {"body": "?"})
    assert response.status_code == 404

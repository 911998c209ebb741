"""The editor with consultant feedback costs the same queries for 1 and for 50 questions and
comments: the feedback provider reads every thread of the page at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consulting.feedback import comment_reply
from tests.consulting.editor_support import (
    ANSWER,
    CAMPAIGN,
    PARAGRAPH_2,
    bulk_comment,
    make_question,
    mark_delivered,
    share,
)

pytestmark = pytest.mark.django_db


def test_editor_queries_are_constant_in_questions_and_comments(
    client, member, consultant, django_assert_num_queries
):
    first = make_question(member)
    engagement, items = share(member, consultant, [first])
    bulk_comment(engagement, items[first.pk], consultant, CAMPAIGN)
    mark_delivered(engagement)
    url = f"/coverletters/{first.cover_letter_id}/"
    client.force_login(member)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        page = client.get(url).content.decode()
    assert page.count('id="comment-') == 1

    # 49 more questions, each commented on; 49 more comments (and replies) on the first.
    more = [
        make_question(member, letter=first.cover_letter, position=i + 2, answer=ANSWER)
        for i in range(49)
    ]
    engagement2, items2 = share(member, consultant, more)
    for q in more:
        root = bulk_comment(engagement2, items2[q.pk], consultant, PARAGRAPH_2.split(". ")[1])
        comment_reply(root, author=member, body="고쳐 볼게요.", now=root.created_at)
    for _ in range(49):
        bulk_comment(engagement, items[first.pk], consultant, CAMPAIGN)
    mark_delivered(engagement2)

    with django_assert_num_queries(len(one.captured_queries)):
        page = client.get(url).content.decode()
    assert page.count('id="comment-') == 50 + 49
    assert page.count("고쳐 볼게요.") == 49


def test_placements_queries_are_constant_in_comments(
    client, member, consultant, django_assert_num_queries
):
    question = make_question(member)
    engagement, items = share(member, consultant, [question])
    bulk_comment(engagement, items[question.pk], consultant, CAMPAIGN)
    mark_delivered(engagement)
    url = f"/consulting/feedback/questions/{question.pk}/placements/"
    client.force_login(member)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert len(client.get(url).json()["placements"]) == 1
    for _ in range(49):
        bulk_comment(engagement, items[question.pk], consultant, CAMPAIGN)
    with django_assert_num_queries(len(one.captured_queries)):
        assert len(client.get(url).json()["placements"]) == 50

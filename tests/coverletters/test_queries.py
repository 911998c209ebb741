"""The cover-letter pages and autosave run a fixed number of queries, however many letters and
questions the member keeps (issue 16: the same count with 1 and with 50 items in every list,
and autosave in at most 6)."""

import pytest
from django.test import Client

from tests.workspace import workspace_member, workspace_of

# Every page: the session, the member, the member's data key, the header's unread count; then
# its own reads.
PAGES = [
    # the letters with their question counts
    ("/coverletters/", 5),
    # the letter, its questions, their linked experiences, the experiences for the suggestions,
    # consulting's comments for the feedback panels
    ("/coverletters/{letter}/", 9),
    # the submitted versions, every question with its letter
    ("/coverletters/library/", 6),
    # the letter, its versions, its questions
    ("/coverletters/{letter}/versions/", 7),
]


def signed_in(n: int):
    workspace = workspace_of(n, workspace_member("010-2846-1050", name="이서연"))
    client = Client()
    client.force_login(workspace.member)
    return workspace, client


@pytest.mark.django_db
@pytest.mark.parametrize("n", [1, 50])
@pytest.mark.parametrize(("path", "queries"), PAGES, ids=[p for p, _ in PAGES])
def test_cover_letter_pages_run_the_same_queries_for_1_and_50_items(
    n, path, queries, django_assert_num_queries
):
    workspace, client = signed_in(n)
    path = path.format(letter=workspace.letter.pk)
    assert client.get(path).status_code == 200  # the first visit, as any visit after it
    with django_assert_num_queries(queries):
        response = client.get(path)
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("n", [1, 50])
def test_autosave_runs_six_queries_for_1_and_50_questions(n, django_assert_num_queries):
    """The session, the member, the question with its letter and its last history entry, the
    data key, the conditional UPDATE, the letter's 수정일."""
    workspace, client = signed_in(n)
    question = workspace.question
    url = f"/coverletters/questions/{question.pk}/answer/"
    first = client.post(
        url, {"answer": "첫 저장", "revision": question.revision}, HTTP_ACCEPT="application/json"
    )
    assert first.status_code == 200  # and takes the history entry of the next five minutes
    with django_assert_num_queries(6):
        response = client.post(
            url,
            {"answer": "고쳐 쓴 답변", "revision": first.json()["revision"]},
            HTTP_ACCEPT="application/json",
        )
    assert response.status_code == 200
    assert response.json()["revision"] == first.json()["revision"] + 1
    question.refresh_from_db()
    assert question.answer == "고쳐 쓴 답변"

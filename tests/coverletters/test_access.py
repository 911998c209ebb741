"""Every cover-letter URL: the owner gets it, anyone else does not."""

import pytest

from coverletters.models import AnswerVersion, CoverLetter, Question


def urls(letter, question, version):
    q, v = question.pk, version.pk
    return [
        ("get", f"/coverletters/{letter.pk}/"),
        ("get", f"/coverletters/{letter.pk}/edit/"),
        ("get", f"/coverletters/{letter.pk}/delete/"),
        ("get", f"/coverletters/{letter.pk}/print/"),
        ("get", f"/coverletters/{letter.pk}/download.docx"),
        ("post", f"/coverletters/{letter.pk}/duplicate/"),
        ("post", f"/coverletters/{letter.pk}/questions/new/"),
        ("get", f"/coverletters/questions/{q}/edit/"),
        ("get", f"/coverletters/questions/{q}/delete/"),
        ("post", f"/coverletters/questions/{q}/move/"),
        ("post", f"/coverletters/questions/{q}/answer/"),
        ("get", f"/coverletters/questions/{q}/versions/"),
        ("post", f"/coverletters/questions/{q}/versions/{v}/restore/"),
        ("get", f"/coverletters/questions/{q}/experiences/"),
    ]


@pytest.fixture
def version(question):
    return AnswerVersion.objects.create(
        question=question, text="예전 답변", revision=0, reason="autosave"
    )


def test_owner_opens_every_page(client, member, letter, question, version):
    client.force_login(member)
    for method, url in urls(letter, question, version):
        if method == "get":
            assert client.get(url).status_code == 200, url


def test_another_member_gets_404_everywhere_and_changes_nothing(
    client, other_member, letter, question, version
):
    client.force_login(other_member)
    for method, url in urls(letter, question, version):
        data = {"answer": "남의 글", "revision": "0", "prompt": "x", "dir": "up"}
        response = getattr(client, method)(url, data) if method == "post" else client.get(url)
        assert response.status_code == 404, url
    for url in (
        f"/coverletters/{letter.pk}/delete/",
        f"/coverletters/questions/{question.pk}/delete/",
    ):
        assert client.post(url).status_code == 404
    question.refresh_from_db()
    assert question.answer == "" and question.revision == 0
    assert CoverLetter.objects.filter(member=other_member).count() == 0
    assert Question.objects.filter(cover_letter=letter).count() == 2


@pytest.mark.parametrize("role", ["consultant", "staff"])
def test_consultant_and_staff_are_refused(client, request, role, letter, question, version):
    client.force_login(request.getfixturevalue(role))
    for method, url in [
        *urls(letter, question, version),
        ("get", "/coverletters/"),
        ("get", "/coverletters/new/"),
    ]:
        assert getattr(client, method)(url).status_code == 403, url


def test_anonymous_is_sent_to_sign_in(client, letter, question, version):
    for method, url in [*urls(letter, question, version), ("get", "/coverletters/")]:
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response["Location"].startswith("/?next="), url

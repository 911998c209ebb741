"""Every letter-version URL: the owner gets it; another member gets 404 and changes nothing;
an anonymous visitor is sent to sign in."""

import pytest

from coverletters.versions.models import LetterVersion
from coverletters.versions.services import letter_checkpoint_create


@pytest.fixture
def version(letter):
    question = letter.questions.first()
    question.answer = "내 답변"
    question.save()
    return letter_checkpoint_create(letter=letter, label="내 버전")


def urls(letter, version):
    return [
        ("get", f"/coverletters/{letter.pk}/versions/"),
        ("get", f"/coverletters/{letter.pk}/versions/compare/"),
        ("get", f"/coverletters/{letter.pk}/versions/compare/?from={version.pk}&to=current"),
        ("post", f"/coverletters/{letter.pk}/versions/save/"),
        ("post", f"/coverletters/{letter.pk}/versions/{version.pk}/restore/"),
    ]


def test_owner_opens_every_page(client, member, letter, version):
    client.force_login(member)
    for method, url in urls(letter, version):
        assert getattr(client, method)(url).status_code in (200, 302), url


def test_another_member_gets_404_everywhere_and_changes_nothing(
    client, other_member, letter, version
):
    client.force_login(other_member)
    for method, url in urls(letter, version):
        assert getattr(client, method)(url, {"label": "남의 버전"}).status_code == 404, url
    assert LetterVersion.objects.count() == 1
    assert letter.questions.first().answer == "내 답변"


def test_a_version_of_another_letter_is_not_found_through_mine(client, member, letter, version):
    from tests.coverletters.conftest import make_letter

    mine = make_letter(member, questions=1)
    client.force_login(member)
    assert (
        client.get(f"/coverletters/{mine.pk}/versions/compare/?from={version.pk}").status_code
        == 404
    )
    assert client.post(f"/coverletters/{mine.pk}/versions/{version.pk}/restore/").status_code == 404


def test_an_anonymous_visitor_is_sent_to_sign_in(client, letter, version):
    for method, url in urls(letter, version):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "next=" in response["Location"], url

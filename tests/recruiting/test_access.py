"""Every recruiting URL: the member gets their own, anyone else does not."""

import pytest

from recruiting.models import Application, ApplicationStatus, Offer, OfferStatus
from tests.conftest import make_staff


def public_urls(posting):
    # Postings are public (DESIGN.md): a link shared on KakaoTalk opens for anyone.
    return ["/recruiting/postings/", f"/recruiting/postings/{posting.pk}/"]


def urls(posting, application, offer):
    return [
        ("get", f"/recruiting/postings/{posting.pk}/apply/"),
        ("post", f"/recruiting/postings/{posting.pk}/letter/"),
        ("get", "/recruiting/applications/"),
        ("get", f"/recruiting/applications/{application.pk}/"),
        ("post", f"/recruiting/applications/{application.pk}/withdraw/"),
        ("get", "/recruiting/offers/"),
        ("post", f"/recruiting/offers/{offer.pk}/answer/"),
    ]


def test_owner_opens_every_page(client, member, posting, application, offer):
    client.force_login(member)
    for url in public_urls(posting):
        assert client.get(url).status_code == 200, url
    for method, url in urls(posting, application, offer):
        if method == "get" and not url.endswith("/apply/"):
            assert client.get(url).status_code == 200, url


def test_another_member_gets_404_on_the_owners_records_and_changes_nothing(
    client, other_member, posting, application, offer
):
    client.force_login(other_member)
    assert client.get(f"/recruiting/applications/{application.pk}/").status_code == 404
    for url in (
        f"/recruiting/applications/{application.pk}/withdraw/",
        f"/recruiting/offers/{offer.pk}/answer/",
    ):
        assert client.post(url, {"answer": "accept"}).status_code == 404, url
    assert Application.objects.get().status == ApplicationStatus.SUBMITTED
    assert Offer.objects.get().status == OfferStatus.RECEIVED
    # Their own lists do not show the owner's rows.
    assert "라이프전자" not in client.get("/recruiting/applications/").content.decode()
    assert "함께 일해요" not in client.get("/recruiting/offers/").content.decode()


@pytest.mark.parametrize("who", ["consultant", "staff"])
def test_consultant_and_staff_get_403_everywhere(client, request, who, posting, application, offer):
    client.force_login(request.getfixturevalue(who))
    for method, url in urls(posting, application, offer):
        assert getattr(client, method)(url).status_code == 403, url
    for url in public_urls(posting):
        page = client.get(url)
        assert page.status_code == 200, url
        assert "이 공고로 자소서 쓰기" not in page.content.decode()


def test_anonymous_visitor_is_sent_to_sign_in(client, posting, application, offer):
    for method, url in urls(posting, application, offer):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert "?next=/recruiting/" in response["Location"], url
    assert Application.objects.get().status == ApplicationStatus.SUBMITTED
    for url in public_urls(posting):
        assert client.get(url).status_code == 200, url


def test_withdraw_and_answer_refuse_get(client, member, application, offer):
    client.force_login(member)
    assert client.get(f"/recruiting/applications/{application.pk}/withdraw/").status_code == 405
    assert client.get(f"/recruiting/offers/{offer.pk}/answer/").status_code == 405


def test_superuser_is_not_a_member(client, posting):
    client.force_login(make_staff("root", "root-password-123", superuser=True))
    assert client.get("/recruiting/applications/").status_code == 403


def test_another_members_letter_id_is_not_a_choice(client, other_member, posting, letter):
    from tests.profiles.factories import make_profile

    make_profile(other_member)
    client.force_login(other_member)
    url = f"/recruiting/postings/{posting.pk}/apply/"

    assert client.get(url, {"cover_letter": letter.pk}).status_code == 302
    assert client.post(url, {"cover_letter": letter.pk}).status_code == 302
    assert not Application.objects.exists()

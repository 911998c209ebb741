"""입사 제안: each answer is confirmed first; after accepting, the member learns what happens
next and sees the company's contact, which is never shown before."""

import pytest

from recruiting.models import Offer, OfferStatus
from tests.core.test_html import audit
from tests.recruiting.conftest import make_offer

CONTACT = "미래상사 인사팀 이하나 매니저 02-555-0134"


@pytest.fixture
def offer(member) -> Offer:
    return make_offer(member, contact=CONTACT)


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    assert audit(html) == [], url
    return html


def test_the_list_asks_for_confirmation_instead_of_answering_at_once(client, member, offer):
    client.force_login(member)
    listing = page(client, "/recruiting/offers/")

    # No form on the list posts an answer: both buttons lead to the confirmation.
    assert f'action="/recruiting/offers/{offer.pk}/answer/"' not in listing
    assert f'href="/recruiting/offers/{offer.pk}/?answer=accept"' in listing
    assert f'href="/recruiting/offers/{offer.pk}/?answer=decline"' in listing


def test_accepting_confirms_then_says_what_happens_next_and_shows_the_contact(
    client, member, offer
):
    client.force_login(member)
    confirm = page(client, f"/recruiting/offers/{offer.pk}/?answer=accept")
    assert "이 제안을 수락할까요?" in confirm
    assert 'value="accept"' in confirm
    # Before accepting, the contact is not shown, not even on the confirmation.
    assert CONTACT not in confirm
    assert Offer.objects.get().status == OfferStatus.RECEIVED

    response = client.post(
        f"/recruiting/offers/{offer.pk}/answer/", {"answer": "accept"}, follow=True
    )
    after = response.content.decode()
    assert response.redirect_chain[-1][0] == f"/recruiting/offers/{offer.pk}/"
    assert "제안을 수락했어요." in after
    assert "다음에는 이렇게 진행돼요" in after
    assert CONTACT in after
    assert Offer.objects.get().status == OfferStatus.ACCEPTED


def test_the_contact_is_hidden_until_accepted_and_after_declining(client, member, offer):
    client.force_login(member)
    for url in ("/recruiting/offers/", f"/recruiting/offers/{offer.pk}/"):
        assert CONTACT not in page(client, url)

    confirm = page(client, f"/recruiting/offers/{offer.pk}/?answer=decline")
    assert "이 제안을 거절할까요?" in confirm and 'value="decline"' in confirm
    client.post(f"/recruiting/offers/{offer.pk}/answer/", {"answer": "decline"})

    assert Offer.objects.get().status == OfferStatus.DECLINED
    for url in ("/recruiting/offers/", f"/recruiting/offers/{offer.pk}/"):
        assert CONTACT not in page(client, url)


def test_an_accepted_offer_without_a_contact_yet_says_so(client, member):
    offer = make_offer(member)
    offer.status = OfferStatus.ACCEPTED
    offer.save()
    client.force_login(member)

    assert "담당자 연락처를 아직 받지 못했어요" in page(client, f"/recruiting/offers/{offer.pk}/")


def test_an_answered_offer_offers_no_confirmation(client, member, offer):
    offer.status = OfferStatus.DECLINED
    offer.save()
    client.force_login(member)

    assert "수락할까요" not in page(client, f"/recruiting/offers/{offer.pk}/?answer=accept")


def test_another_member_gets_404_and_sees_no_contact(client, other_member, offer):
    offer.status = OfferStatus.ACCEPTED
    offer.save()
    client.force_login(other_member)

    for url in (f"/recruiting/offers/{offer.pk}/", f"/recruiting/offers/{offer.pk}/?answer=accept"):
        assert client.get(url).status_code == 404
    assert (
        client.post(f"/recruiting/offers/{offer.pk}/answer/", {"answer": "decline"}).status_code
        == 404
    )
    assert Offer.objects.get().status == OfferStatus.ACCEPTED


@pytest.mark.parametrize("who", ["consultant", "staff"])
def test_consultant_and_staff_get_403(client, request, who, offer):
    client.force_login(request.getfixturevalue(who))
    assert client.get(f"/recruiting/offers/{offer.pk}/").status_code == 403


def test_anonymous_visitor_is_sent_to_sign_in(client, offer):
    response = client.get(f"/recruiting/offers/{offer.pk}/")
    assert response.status_code == 302
    assert f"?next=/recruiting/offers/{offer.pk}/" in response["Location"]


@pytest.mark.django_db
def test_the_contact_is_sealed_and_goes_with_the_offer(offer):
    """The recruiter's name and number are a person's data: sealed under the member's key like
    the message, so the column holds no plaintext and crypto-shredding the member erases it."""
    from django.db import connection

    from privacy.api import registry

    entry = registry.entry(Offer)
    assert "contact" in entry.personal_fields and "contact" in entry.encrypted
    assert registry.unclassified_fields([Offer]) == []
    with connection.cursor() as cursor:
        cursor.execute("SELECT contact FROM recruiting_offer WHERE id = %s", [offer.pk])
        (raw,) = cursor.fetchone()
    assert "이하나" not in str(raw) and "0134" not in str(raw)
    assert Offer.objects.get(pk=offer.pk).contact == CONTACT


def test_staff_write_the_contact_in_the_admin():
    from recruiting.admin import OfferAdmin

    assert "contact" in OfferAdmin.fields

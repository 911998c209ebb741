"""입사 제안: the member accepts or declines once."""

import pytest

from recruiting.models import OfferStatus
from recruiting.services import RecruitingError, offer_answer
from tests.recruiting.conftest import make_offer


def test_member_accepts_an_offer(client, member, offer):
    client.force_login(member)
    response = client.post(
        f"/recruiting/offers/{offer.pk}/answer/", {"answer": "accept"}, follow=True
    )

    offer.refresh_from_db()
    assert offer.status == OfferStatus.ACCEPTED and offer.answered_at is not None
    assert "제안을 수락했어요." in response.content.decode()


def test_member_declines_an_offer(client, member, offer):
    client.force_login(member)
    client.post(f"/recruiting/offers/{offer.pk}/answer/", {"answer": "decline"})

    offer.refresh_from_db()
    assert offer.status == OfferStatus.DECLINED


def test_answered_offer_keeps_its_answer(client, member, offer):
    offer_answer(offer=offer, accept=False)
    with pytest.raises(RecruitingError):
        offer_answer(offer=offer, accept=True)

    client.force_login(member)
    client.post(f"/recruiting/offers/{offer.pk}/answer/", {"answer": "accept"})
    offer.refresh_from_db()
    assert offer.status == OfferStatus.DECLINED


def test_unknown_answer_changes_nothing(client, member, offer):
    client.force_login(member)
    client.post(f"/recruiting/offers/{offer.pk}/answer/", {"answer": "maybe"})
    offer.refresh_from_db()
    assert offer.status == OfferStatus.RECEIVED


def test_offers_page_shows_message_and_status(client, member):
    make_offer(member, message="마케팅팀에서 모시고 싶어요.")
    client.force_login(member)

    page = client.get("/recruiting/offers/").content.decode()

    assert "마케팅팀에서 모시고 싶어요." in page and "받음" in page and "수락하기" in page

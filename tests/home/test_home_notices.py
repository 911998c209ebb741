"""The member home shows the offers waiting for an answer and the newest unread notifications,
with links to their pages, in a query count that does not grow with them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications.services import notify
from recruiting.models import Company, Offer
from recruiting.services import offer_answer, offer_send

pytestmark = pytest.mark.django_db


def send_offers(member, n: int) -> list[Offer]:
    company = Company.objects.create(name="라이프전자")
    return [
        offer_send(offer=Offer(member=member, company=company, message="제안")) for _ in range(n)
    ]


def test_the_home_shows_an_offer_and_the_unread_notification(client, member, other_member):
    offer = send_offers(member, 1)[0]
    send_offers(other_member, 1)
    client.force_login(member)

    page = client.get("/home/").content.decode()

    assert "도착한 입사 제안" in page
    assert f'href="/recruiting/offers/{offer.pk}/"' in page
    assert "읽지 않은 알림" in page
    assert "라이프전자에서 입사 제안을 보냈어요." in page
    assert 'href="/notifications/"' in page
    assert page.count("data-offer=") == 1


def test_an_answered_offer_and_a_read_notification_leave_the_home(client, member):
    offer = send_offers(member, 1)[0]
    offer_answer(offer=offer, accept=True)
    client.force_login(member)
    notification = member.notifications.get()
    client.post(f"/notifications/{notification.pk}/open/")

    page = client.get("/home/").content.decode()

    assert "도착한 입사 제안" not in page and "읽지 않은 알림" not in page


def test_the_home_shows_a_short_list_in_the_same_queries_for_1_and_50(client, member):
    client.force_login(member)
    send_offers(member, 1)
    client.get("/home/")
    with CaptureQueriesContext(connection) as one:
        client.get("/home/")

    send_offers(member, 49)
    for i in range(10):
        notify(member, "consulting.accepted", text=f"소식 {i}", key=f"home-test:{i}")
    with CaptureQueriesContext(connection) as fifty:
        page = client.get("/home/").content.decode()

    assert page.count("data-offer=") == 3
    assert page.count('data-notification="') == 5
    assert "알림 모두 보기 (60)" in page
    assert len(fifty) == len(one), [q["sql"] for q in fifty.captured_queries]

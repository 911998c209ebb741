"""The privacy centre lists what was sent to the member by KakaoTalk: date, the template's
title, the content as it was rendered, the state and why a message was not sent; theirs only,
escaped, and in a query count that does not grow with the rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from messaging.models import Message, SkipReason, State
from recruiting.models import Company, Offer
from recruiting.services import offer_send

pytestmark = pytest.mark.django_db


def offers(member, n: int, name: str = "라이프전자"):
    company = Company.objects.create(name=name)
    for _ in range(n):
        offer_send(offer=Offer(member=member, company=company, message="제안"))


def test_the_member_sees_each_message_rendered_with_its_state(client, member, other_member):
    offers(member, 1)
    offers(other_member, 1, name="남의회사")
    Message.objects.filter(recipient=member).update(
        state=State.SKIPPED, skip_reason=SkipReason.NO_CONSENT
    )
    client.force_login(member)

    page = client.get("/notifications/kakaotalk/").content.decode()

    assert "입사 제안 도착" in page  # the template's title
    assert "라이프전자에서 입사 제안을 보냈어요." in page  # the rendered content
    assert "보내지 않음" in page and "카카오톡 메시지 수신 미동의" in page
    assert "남의회사" not in page


def test_the_privacy_centre_links_to_it(client, member):
    client.force_login(member)
    page = client.get("/privacy/me/").content.decode()
    assert 'href="/notifications/kakaotalk/"' in page
    assert 'href="/notifications/settings/"' in page


def test_a_hostile_template_variable_is_escaped(client, member):
    offers(member, 1, name="<img src=x onerror=alert(1)>")
    client.force_login(member)

    page = client.get("/notifications/kakaotalk/").content.decode()

    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_the_query_count_does_not_grow_with_the_messages(client, member):
    client.force_login(member)
    offers(member, 1)
    client.get("/notifications/kakaotalk/")  # warm the session and the member's key
    with CaptureQueriesContext(connection) as one:
        assert client.get("/notifications/kakaotalk/").status_code == 200

    offers(member, 49)
    with CaptureQueriesContext(connection) as fifty:
        page = client.get("/notifications/kakaotalk/").content.decode()

    assert page.count("data-message=") == 30  # one page
    assert len(fifty) == len(one), [q["sql"] for q in fifty.captured_queries]


@pytest.mark.parametrize("who", ["consultant", "staff"])
def test_only_members_have_a_message_log(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get("/notifications/kakaotalk/").status_code == 403


def test_a_visitor_is_sent_to_sign_in(client):
    assert client.get("/notifications/kakaotalk/").status_code == 302

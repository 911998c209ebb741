"""First impressions on the member home: greeted by name, the Kakao name counted as the
profile's 이름, and the news — offers waiting for an answer and application status changes —
each linking to its page, in a query count that does not grow with them."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from recruiting.models import Application, ApplicationStatus, Company, Offer
from recruiting.services import offer_send
from tests.conftest import make_member
from tests.core.test_html import audit
from tests.recruiting.conftest import make_posting

pytestmark = pytest.mark.django_db


def send_offers(member, n: int) -> list[Offer]:
    company = Company.objects.create(name="미래상사")
    return [
        offer_send(offer=Offer(member=member, company=company, message="제안")) for _ in range(n)
    ]


def applications(member, n: int, status=ApplicationStatus.DOCUMENTS_PASSED) -> list[Application]:
    company = Company.objects.create(name="한빛전자")
    rows = []
    for i in range(n):
        posting = make_posting(company, title=f"공고 {i}")
        rows.append(
            Application.objects.create(
                member=member,
                posting=posting,
                status=status,
                letter_snapshot={"title": "자소서", "questions": []},
                profile_snapshot={"name": member.name},
            )
        )
    return rows


def home(client) -> str:
    response = client.get("/home/")
    assert response.status_code == 200
    html = response.content.decode()
    assert audit(html) == []
    return html


def test_the_member_is_greeted_by_the_name_kakao_gave(client, member):
    client.force_login(member)
    assert "<h1>김지원님, 반가워요</h1>" in home(client)


def test_a_member_without_a_name_is_greeted_without_an_empty_name(client, db):
    client.force_login(make_member(name=""))
    page = home(client)
    assert "<h1>반가워요</h1>" in page and "님, 반가워요" not in page


def test_the_home_does_not_say_the_name_is_missing_when_kakao_gave_it(client, member):
    client.force_login(member)
    page = home(client)
    assert "프로필 25% 완성" in page
    assert "남은 항목: 희망 직무" in page
    assert "남은 항목: 이름" not in page


def test_a_status_change_is_shown_with_a_link_to_the_application(client, member, other_member):
    changed = applications(member, 1)[0]
    applications(other_member, 1)
    client.force_login(member)

    page = home(client)

    assert "지원 현황이 바뀌었어요" in page
    assert f'href="/recruiting/applications/{changed.pk}/"' in page
    assert "한빛전자 · 공고 0" in page and "서류 합격" in page
    assert page.count("data-application=") == 1


@pytest.mark.parametrize("status", [ApplicationStatus.SUBMITTED, ApplicationStatus.WITHDRAWN])
def test_submitting_and_the_members_own_withdrawal_are_not_news(client, member, status):
    applications(member, 1, status=status)
    client.force_login(member)
    assert "지원 현황이 바뀌었어요" not in home(client)


def test_an_old_status_change_leaves_the_home(client, member):
    row = applications(member, 1)[0]
    Application.objects.filter(pk=row.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=15)
    )
    client.force_login(member)
    assert "지원 현황이 바뀌었어요" not in home(client)


def test_a_new_offer_links_to_its_page_with_the_count(client, member):
    offers = send_offers(member, 5)
    client.force_login(member)

    page = home(client)

    assert "도착한 입사 제안" in page and "5건" in page
    assert f'href="/recruiting/offers/{offers[-1].pk}/"' in page
    assert page.count("data-offer=") == 3


def test_the_dday_on_the_home_does_not_break(client, member):
    from tests.coverletters.conftest import make_letter

    make_letter(member, deadline=timezone.localdate() + datetime.timedelta(days=3))
    client.force_login(member)
    page = home(client)
    assert '<span class="dday-text">D-3</span>' in page
    assert "css/home.css" in page


def test_the_home_runs_the_same_queries_with_1_and_50_offers_and_status_changes(client, member):
    send_offers(member, 1)
    applications(member, 1)
    client.force_login(member)
    home(client)
    with CaptureQueriesContext(connection) as one:
        page = home(client)
    assert page.count("data-offer=") == 1 and page.count("data-application=") == 1

    send_offers(member, 49)
    applications(member, 49)
    with CaptureQueriesContext(connection) as fifty:
        page = home(client)

    assert page.count("data-offer=") == 3 and page.count("data-application=") == 3
    assert len(fifty) == len(one), [q["sql"] for q in fifty.captured_queries]

"""A version that changes the required consent's purpose, items or retention: members are
asked again at their next visit once it is in force (개인정보 보호법 제22조)."""

import datetime

import pytest

from accounts.models import Role, User
from privacy.consents.models import ConsentChannel, ConsentRecord
from privacy.consents.purposes import Purpose
from tests.core.test_html import audit
from tests.privacy.notices.conftest import publish


@pytest.fixture
def changed_policy(base_version, clock):
    """A version touching the required consent, in force since 2025-03-08; today 2025-03-10."""
    publish("2025-03-08", datetime.date(2025, 3, 8), reconsent=True)
    clock.set(2025, 3, 10, 9, 0)


def test_member_with_an_older_consent_is_asked_again_at_the_next_visit(
    client, member, changed_policy
):
    client.force_login(member)

    response = client.get("/profile/")

    assert response.status_code == 302
    assert response["Location"] == "/notices/policy/reconsent/?next=%2Fprofile%2F"
    page = client.get(response["Location"]).content.decode()
    assert "개인정보처리방침이 바뀌었어요" in page and "보유기간을 바꿔요." in page
    assert audit(page) == []


def test_no_one_is_asked_before_the_version_is_in_force(client, member, base_version, clock):
    publish("2025-03-08", datetime.date(2025, 3, 8), reconsent=True)
    clock.set(2025, 3, 7, 23, 0)
    client.force_login(member)

    assert client.get("/home/").status_code == 200


def test_a_change_that_does_not_touch_the_required_consent_asks_nothing(
    client, member, base_version, clock
):
    publish("2025-03-08", datetime.date(2025, 3, 8), reconsent=False)
    clock.set(2025, 3, 10, 9, 0)
    client.force_login(member)

    assert client.get("/home/").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/notices/policy/reconsent/",
        "/notices/",
        "/privacy/policy/",
        "/accounts/withdraw/",
        "/static/css/app.css",
    ],
)
def test_pages_needed_to_decide_stay_open(client, member, changed_policy, url):
    client.force_login(member)

    response = client.get(url)
    response.close()  # the static file is streamed

    assert response.status_code == 200


def test_logout_stays_open(client, member, changed_policy):
    client.force_login(member)

    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert "/notices/policy/reconsent/" not in response["Location"]


def test_agreeing_records_a_policy_change_row_under_the_new_version(client, member, changed_policy):
    client.force_login(member)

    response = client.post("/notices/policy/reconsent/", {"answer": "agree", "next": "/profile/"})

    assert response.status_code == 302 and response["Location"] == "/profile/"
    row = ConsentRecord.objects.filter(member=member, purpose=Purpose.MEMBERSHIP).last()
    assert row.granted is True
    assert row.channel == ConsentChannel.POLICY_CHANGE
    assert row.policy_version == "2025-03-08"
    assert client.get("/profile/").status_code == 200


def test_after_agreeing_later_pages_cost_no_extra_query(
    client, member, changed_policy, django_assert_num_queries
):
    client.force_login(member)
    client.post("/notices/policy/reconsent/", {"answer": "agree"})
    client.get("/home/")  # the check passes once and is remembered in the session
    client.get("/home/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as later:
        client.get("/home/")
    assert not any("consentrecord" in q["sql"].lower() for q in later.captured_queries)


def test_a_member_who_joined_under_the_new_version_is_not_asked(client, changed_policy):
    from tests.conftest import make_member

    newcomer = make_member(name="이하늘", phone="010-5555-1234")  # signs up on 2025-03-10
    client.force_login(newcomer)

    assert client.get("/home/").status_code == 200


def test_refusing_explains_withdrawal_and_records_nothing(client, member, changed_policy):
    client.force_login(member)
    before = ConsentRecord.objects.count()

    response = client.post("/notices/policy/reconsent/", {"answer": "refuse"})
    page = response.content.decode()

    assert response.status_code == 200
    assert 'href="/accounts/withdraw/"' in page and "회원 탈퇴" in page
    assert ConsentRecord.objects.count() == before
    assert audit(page) == []
    assert client.get("/home/").status_code == 302  # still asked


def test_next_must_stay_on_this_site(client, member, changed_policy):
    client.force_login(member)

    response = client.post(
        "/notices/policy/reconsent/", {"answer": "agree", "next": "https://evil.example/"}
    )

    assert response["Location"] == "/home/"


def test_reconsent_page_access(client, changed_policy, consultant):
    assert client.get("/notices/policy/reconsent/").status_code == 302  # to sign-in
    client.force_login(consultant)
    assert client.get("/notices/policy/reconsent/").status_code == 403
    assert User.objects.filter(role=Role.CONSULTANT).exists()


def test_visitors_and_staff_are_never_redirected(client, changed_policy, staff):
    assert client.get("/").status_code == 200
    client.force_login(staff)
    assert client.get("/privacy/policy/").status_code == 200

"""The notifications page: each person sees their own, opening one marks it read, the header
shows the unread count to members and consultants, and the query count does not grow."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_otp.plugins.otp_totp.models import TOTPDevice

from notifications.models import Notification
from notifications.services import notify

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def note(recipient, n: int = 1, url: str = "/consulting/my/") -> Notification:
    return notify(
        recipient,
        "consulting.accepted",
        text=f"컨설턴트가 요청을 수락했어요 ({n})",
        key=f"test:{recipient.pk}:{n}",
        url=url,
    )


def test_a_member_sees_their_notifications_and_the_unread_count(member, other_member):
    mine = note(member)
    note(other_member, 2)
    client = client_for(member)

    page = client.get("/notifications/").content.decode()

    assert "컨설턴트가 요청을 수락했어요 (1)" in page
    assert "(2)" not in page
    assert f'data-notification="{mine.pk}"' in page
    assert 'data-notifications-unread="1"' in page
    assert "읽지 않은 알림 1개" in page


def test_the_header_count_is_on_other_member_pages(member):
    note(member, 1)
    note(member, 2)

    page = client_for(member).get("/profile/").content.decode()

    assert 'data-notifications-unread="2"' in page


def test_opening_one_marks_it_read_and_goes_where_it_points(member):
    notification = note(member, url="/consulting/my/")
    client = client_for(member)

    response = client.post(f"/notifications/{notification.pk}/open/")

    assert response.status_code == 302 and response["Location"] == "/consulting/my/"
    notification.refresh_from_db()
    first = notification.read_at
    assert first is not None
    assert 'data-notifications-unread="0"' in client.get("/notifications/").content.decode()
    client.post(f"/notifications/{notification.pk}/open/")
    notification.refresh_from_db()
    assert notification.read_at == first  # read once


def test_opening_is_a_post(member):
    notification = note(member)

    assert client_for(member).get(f"/notifications/{notification.pk}/open/").status_code == 405
    notification.refresh_from_db()
    assert notification.read_at is None


def test_an_outside_link_is_not_followed(member):
    notification = note(member, url="https://evil.example/phish")

    response = client_for(member).post(f"/notifications/{notification.pk}/open/")

    assert response["Location"] == "/notifications/"


def test_someone_elses_notification_is_not_found(member, other_member, consultant, staff):
    theirs = note(other_member)

    for user in (member, consultant, staff):
        assert client_for(user).post(f"/notifications/{theirs.pk}/open/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_reading_all_marks_only_ones_own(member, other_member):
    note(member, 1)
    note(member, 2)
    theirs = note(other_member, 3)

    response = client_for(member).post("/notifications/read-all/", follow=True)

    assert "알림 2개를 모두 읽음으로 표시했어요" in response.content.decode()
    assert not Notification.objects.filter(recipient=member, read_at=None).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_visitors_are_sent_to_sign_in(client, member):
    note(member)

    response = client.get("/notifications/")

    assert response.status_code == 302 and "/notifications/" in response["Location"]
    assert "(1)" not in client.get(response["Location"]).content.decode()


def test_a_consultant_sees_theirs_with_the_count_in_the_header(consultant, settings):
    settings.CONSULTANT_REQUIRE_OTP = False
    note(consultant)
    client = client_for(consultant)

    page = client.get("/notifications/").content.decode()
    assert "컨설턴트가 요청을 수락했어요 (1)" in page
    assert 'data-notifications-unread="1"' in page
    assert 'data-notifications-unread="1"' in client.get("/consulting/").content.decode()


def test_a_consultant_without_the_second_factor_is_sent_to_set_it_up(consultant, settings):
    settings.CONSULTANT_REQUIRE_OTP = True
    TOTPDevice.objects.create(user=consultant, name="인증 앱", confirmed=False)
    note(consultant)

    response = client_for(consultant).get("/notifications/")

    assert response.status_code == 302 and response["Location"] == "/consulting/totp/"


def test_the_empty_page_says_so_in_korean(member):
    page = client_for(member).get("/notifications/").content.decode()

    assert "아직 받은 알림이 없어요" in page


def queries_for(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/notifications/").status_code == 200
    return len(captured)


def test_the_query_count_does_not_grow_with_the_notifications(member):
    client = client_for(member)
    note(member, 0)
    one = queries_for(client)
    for n in range(1, 50):
        note(member, n)

    assert queries_for(client) == one
    page = client.get("/notifications/").content.decode()
    assert page.count("data-notification=") == 30  # a page of 30, the rest on the next


def test_staff_reach_their_notifications_from_the_admin(staff, settings):
    settings.ADMIN_REQUIRE_OTP = False
    notify(staff, "consulting.overdue", text="컨설팅 요청 #1의 기한이 지났어요.", key="t:staff")
    client = client_for(staff)

    assert 'href="/notifications/">내 알림</a>' in client.get("/admin/").content.decode()
    assert "컨설팅 요청 #1의 기한이 지났어요." in client.get("/notifications/").content.decode()

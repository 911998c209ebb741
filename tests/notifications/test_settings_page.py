"""The member's notification settings: KakaoTalk on or off per group, read at send time by
messaging.preferences.kind_enabled; 개인정보 안내 cannot be turned off (a duty, not a service);
the page says whether the KakaoTalk consent is on and links to where it is changed."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from messaging.models import MessagePreference, PreferenceGroup
from messaging.preferences import kind_enabled
from tests.notifications.support import with_kakaotalk

pytestmark = pytest.mark.django_db

ALL_ON = {"recruiting": "on", "coverletters": "on", "consulting": "on"}


def test_without_a_choice_every_kind_is_on(member):
    for kind in ("recruiting.offer", "coverletters.deadline", "consulting.accepted"):
        assert kind_enabled(member, kind)


def test_a_member_turns_a_group_off_and_only_that_group_stops(client, member):
    client.force_login(member)

    response = client.post("/notifications/settings/", {**ALL_ON, "coverletters": "off"})

    assert response.status_code == 302
    assert not kind_enabled(member, "coverletters.deadline")
    assert kind_enabled(member, "recruiting.offer")
    assert kind_enabled(member, "consulting.accepted")
    page = client.get(response["Location"]).content.decode()
    assert "알림 설정을 저장했어요." in page
    assert re.search(r'<input[^>]*name="coverletters" value="off"[^>]*checked', page)
    assert re.search(r'<input[^>]*name="recruiting" value="on"[^>]*checked', page)

    client.post("/notifications/settings/", ALL_ON)
    assert kind_enabled(member, "coverletters.deadline")


def test_privacy_notices_cannot_be_turned_off(client, member):
    client.force_login(member)

    client.post("/notifications/settings/", {**ALL_ON, "privacy": "off"})

    assert not MessagePreference.objects.filter(group=PreferenceGroup.PRIVACY).exists()
    for kind in ("privacy.rights_received", "privacy.rights_done", "privacy.policy_change"):
        assert kind_enabled(member, kind)
    assert "끌 수 없어요" in client.get("/notifications/settings/").content.decode()


def test_kind_enabled_reads_one_query(member):
    MessagePreference.objects.create(member=member, group="recruiting", kakaotalk=False)
    with CaptureQueriesContext(connection) as queries:
        assert not kind_enabled(member, "recruiting.status")
    assert len(queries) == 1


def test_bad_input_gets_a_korean_message_and_changes_nothing(client, member):
    client.force_login(member)

    response = client.post(
        "/notifications/settings/", {"recruiting": "maybe", "coverletters": "off"}
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "‘카카오톡으로 받을게요’와 ‘앱에서만 볼게요’ 중에서 골라 주세요." in page
    assert "고르지 않았거나 잘못 고른 항목이 있어요." in page
    assert not MessagePreference.objects.exists()


def test_the_page_shows_whether_the_kakaotalk_consent_is_on(client, member):
    client.force_login(member)
    page = client.get("/notifications/settings/").content.decode()
    assert 'data-kakaotalk-consent="off"' in page
    assert "아직 동의하지 않으셨어요" in page
    assert 'href="/privacy/me/#consents-heading"' in page

    with_kakaotalk(member)
    page = client.get("/notifications/settings/").content.decode()
    assert 'data-kakaotalk-consent="on"' in page


@pytest.mark.parametrize("who", ["consultant", "staff"])
def test_only_members_have_settings(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get("/notifications/settings/").status_code == 403


def test_a_visitor_is_sent_to_sign_in(client):
    response = client.get("/notifications/settings/")
    assert response.status_code == 302 and "next=/notifications/settings/" in response["Location"]

"""Kakao's unlink callback: the admin key is checked (401 otherwise), every request with it is
answered 200 at once (unknown users too, never a redirect), and a member whose Kakao account
is gone or who ended the link in Kakao is withdrawn outside the callback, without an unlink
call back to Kakao."""

import pytest
from allauth.socialaccount.models import SocialAccount

from accounts.kakao.tasks import withdraw_after_kakao_unlink
from accounts.models import User
from messaging.models import KakaoUnlink

URL = "/accounts/kakao/unlink-callback/"
KAKAO_ID = "4100000001"


def auth(settings) -> dict:
    return {"HTTP_AUTHORIZATION": f"KakaoAK {settings.KAKAO_ADMIN_KEY}"}


@pytest.fixture
def linked(member):
    SocialAccount.objects.create(user=member, provider="kakao", uid=KAKAO_ID)
    return member


def params(referrer_type: str, user_id: str = KAKAO_ID) -> dict:
    return {"app_id": "123", "user_id": user_id, "referrer_type": referrer_type}


@pytest.mark.parametrize("header", ["", "KakaoAK wrong-key", "Bearer fake-admin-key"])
def test_without_the_admin_key_the_callback_is_refused(client, linked, header):
    response = client.post(URL, params("ACCOUNT_DELETE"), HTTP_AUTHORIZATION=header)

    assert response.status_code == 401
    assert SocialAccount.objects.filter(user=linked).exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_unknown_user_is_answered_200_and_nothing_changes(client, settings, member, method):
    response = getattr(client, method)(URL, params("ACCOUNT_DELETE", "999"), **auth(settings))

    assert response.status_code == 200
    assert User.objects.filter(pk=member.pk, withdrawn_at=None).exists()


@pytest.mark.parametrize(
    "referrer_type", ["ACCOUNT_DELETE", "FORCED_ACCOUNT_DELETE", "UNLINK_FROM_APPS"]
)
def test_a_gone_or_unlinked_kakao_account_withdraws_the_member_outside_the_callback(
    client, settings, linked, referrer_type, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.get(URL, params(referrer_type), **auth(settings))

    assert response.status_code == 200
    # Answered before the withdrawal: the account is still there, its link already gone.
    assert User.objects.filter(pk=linked.pk, withdrawn_at=None).exists()
    assert not SocialAccount.objects.exists()
    assert len(queued) == 1

    assert withdraw_after_kakao_unlink(linked.pk, referrer_type) is True
    assert not User.objects.filter(pk=linked.pk).exists()
    assert not KakaoUnlink.objects.exists()  # Kakao unlinked it already: no call back
    assert withdraw_after_kakao_unlink(linked.pk, referrer_type) is False  # a redelivery


def test_an_unlink_by_our_own_admin_keeps_the_member_and_the_link(client, settings, linked):
    response = client.post(URL, params("UNLINK_FROM_ADMIN"), **auth(settings))

    assert response.status_code == 200
    assert User.objects.filter(pk=linked.pk, withdrawn_at=None).exists()
    assert SocialAccount.objects.filter(user=linked).exists()


def test_an_incomplete_sign_up_changes_nothing(client, settings, linked):
    assert client.post(URL, params("INCOMPLETE_SIGN_UP"), **auth(settings)).status_code == 200
    assert SocialAccount.objects.filter(user=linked).exists()


@pytest.mark.django_db(transaction=True)
def test_the_fake_kakao_sends_the_callback_over_http(client, settings, kakao_server):
    member = User.objects.create_user("m1", role="member", name="김지원", phone="010-2846-1357")
    SocialAccount.objects.create(user=member, provider="kakao", uid=KAKAO_ID)
    settings.KAKAO_UNLINK_CALLBACK_URL = kakao_server.removesuffix("/fake-kakao") + URL

    response = client.post(
        "/fake-kakao/control/unlink-callback",
        {"user_id": KAKAO_ID, "referrer_type": "UNLINK_FROM_APPS"},
    )

    assert response.json() == {"status": 200}
    assert not SocialAccount.objects.exists()


def test_a_withdrawal_whose_task_was_lost_is_run_by_the_sweep(
    client, settings, linked, django_capture_on_commit_callbacks
):
    import datetime

    from django.utils import timezone

    from accounts.kakao.tasks import withdraw_owed
    from accounts.models import KakaoUnlinkNotice

    # The callback commits; its task is never run (Redis died after the 200).
    with django_capture_on_commit_callbacks(execute=False):
        assert client.post(URL, params("ACCOUNT_DELETE"), **auth(settings)).status_code == 200
    assert KakaoUnlinkNotice.objects.filter(user=linked).exists()
    # Kakao says the same again: still one notice owed.
    with django_capture_on_commit_callbacks(execute=False):
        client.post(URL, params("ACCOUNT_DELETE"), **auth(settings))
    assert KakaoUnlinkNotice.objects.count() == 1

    # A young notice is left to its own task; an old one is owed, and the sweep withdraws.
    assert withdraw_owed() == 0
    later = (timezone.now() + datetime.timedelta(minutes=3)).isoformat()
    assert withdraw_owed(later) == 1

    assert not User.objects.filter(pk=linked.pk).exists()
    assert not KakaoUnlinkNotice.objects.exists()
    assert withdraw_owed(later) == 0


def test_a_callback_that_could_not_be_recorded_asks_kakao_to_try_again(
    client, settings, linked, monkeypatch
):
    from accounts.kakao import unlink

    def broken(**kwargs):
        raise RuntimeError("database unavailable")

    monkeypatch.setattr(unlink, "kakao_unlinked", broken)

    response = client.post(URL, params("ACCOUNT_DELETE"), **auth(settings))

    # Not a 200: Kakao would take it as done and never send it again.
    assert response.status_code == 503
    assert SocialAccount.objects.filter(user=linked).exists()

"""Kakao unlink at withdrawal: the withdrawal writes an outbox row and never waits on Kakao;
the row is sent once to Kakao (the fake, over real HTTP) with the admin key, retried after a
failure, and Kakao's id is kept only until Kakao confirms."""

import datetime

import pytest
from allauth.socialaccount.models import SocialAccount
from django.core.cache import cache

from accounts.kakao.fake import views as fake
from messaging.kakao_unlink import services
from messaging.models import KakaoUnlink, UnlinkState
from privacy.withdrawal.runner import member_withdraw

KAKAO_ID = "4100000001"


@pytest.fixture
def fake_kakao_api(settings, kakao_server):
    settings.KAKAO_API_BASE_URL = f"{kakao_server}/kapi"
    for key in (fake.UNLINKED_KEY, fake.CALLS_KEY):
        cache.delete(key.format(KAKAO_ID))
    cache.delete(fake.FAIL_NEXT_KEY)
    yield
    cache.delete(fake.FAIL_NEXT_KEY)


def withdraw_linked(member, django_capture_on_commit_callbacks):
    SocialAccount.objects.create(user=member, provider="kakao", uid=KAKAO_ID)
    # The task the commit hands to a worker is not run here: the sweep sends the row.
    with django_capture_on_commit_callbacks(execute=False):
        member_withdraw(member=member)
    return KakaoUnlink.objects.get()


def test_a_withdrawal_queues_the_unlink_and_the_link_goes(
    member, django_capture_on_commit_callbacks
):
    row = withdraw_linked(member, django_capture_on_commit_callbacks)

    assert (row.kakao_id, row.state, row.attempts) == (KAKAO_ID, UnlinkState.PENDING, 0)
    assert not SocialAccount.objects.exists()


def test_the_unlink_is_sent_once_with_the_admin_key_and_the_id_then_forgotten(
    member, fake_kakao_api, django_capture_on_commit_callbacks
):
    row = withdraw_linked(member, django_capture_on_commit_callbacks)

    assert services.kakao_unlink_sweep() == 1
    assert services.kakao_unlink_sweep() == 0  # done: not sent again

    row.refresh_from_db()
    assert row.state == UnlinkState.DONE and row.done_at is not None
    assert row.kakao_id == ""  # its one purpose is served
    assert fake.unlink_calls(KAKAO_ID) == 1
    assert cache.get(fake.UNLINKED_KEY.format(KAKAO_ID))


def test_a_failed_call_is_retried_after_its_backoff(
    member, fake_kakao_api, django_capture_on_commit_callbacks
):
    row = withdraw_linked(member, django_capture_on_commit_callbacks)
    cache.set(fake.FAIL_NEXT_KEY, 1)

    assert services.kakao_unlink_sweep() == 0
    row.refresh_from_db()
    assert (row.state, row.attempts, row.result_code) == (UnlinkState.PENDING, 1, "-1")
    assert row.kakao_id == KAKAO_ID
    assert services.kakao_unlink_sweep() == 0  # still within its backoff

    later = row.not_before + datetime.timedelta(seconds=1)
    assert services.kakao_unlink_sweep(now=later) == 1
    row.refresh_from_db()
    assert row.state == UnlinkState.DONE and row.attempts == 1
    assert fake.unlink_calls(KAKAO_ID) == 2


def test_an_id_kakao_no_longer_links_counts_as_done(
    member, fake_kakao_api, django_capture_on_commit_callbacks
):
    row = withdraw_linked(member, django_capture_on_commit_callbacks)
    cache.set(fake.UNLINKED_KEY.format(KAKAO_ID), 1)  # unlinked already, at Kakao

    assert services.kakao_unlink_sweep() == 1
    row.refresh_from_db()
    assert (row.state, row.result_code) == (UnlinkState.DONE, "-101")


def test_a_claimed_row_is_not_sent_by_a_second_sweep(member, django_capture_on_commit_callbacks):
    row = withdraw_linked(member, django_capture_on_commit_callbacks)
    now = row.not_before

    assert services.kakao_unlink_claim(row.pk, now=now) is not None
    assert services.kakao_unlink_claim(row.pk, now=now) is None
    # A claim whose worker died is taken again once stale.
    assert services.kakao_unlink_claim(row.pk, now=now + services.CLAIM_STALE * 2) is not None


def test_the_backoff_is_capped_below_the_visibility_timeout(settings):
    waits = [services.backoff_for(n) for n in range(1, 30)]
    assert waits == sorted(waits)
    assert max(waits).total_seconds() <= min(
        settings.CELERY_BROKER_VISIBILITY_TIMEOUT, settings.CELERY_TASK_RETRY_BACKOFF_MAX
    )


def test_a_member_without_a_kakao_link_queues_nothing(member):
    member_withdraw(member=member)
    assert not KakaoUnlink.objects.exists()


def test_a_person_who_joined_again_is_not_cut_off_by_the_old_accounts_unlink(
    member, other_member, fake_kakao_api, django_capture_on_commit_callbacks
):
    row = withdraw_linked(member, django_capture_on_commit_callbacks)
    # Kakao was failing meanwhile; the person joins again with the same Kakao account.
    SocialAccount.objects.create(user=other_member, provider="kakao", uid=KAKAO_ID)

    assert services.kakao_unlink_sweep() == 1

    row.refresh_from_db()
    assert (row.state, row.result_code, row.kakao_id) == (UnlinkState.DONE, "relinked", "")
    assert fake.unlink_calls(KAKAO_ID) == 0  # the new member's link is left alone
    assert SocialAccount.objects.filter(user=other_member).exists()

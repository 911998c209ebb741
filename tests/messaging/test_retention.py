"""The message log and the unlink rows are destroyed by the daily destruction job on their own
deadlines (six months; an unlink row 7 days after Kakao confirmed, or given up after a month),
and nothing younger goes."""

import datetime

from core.jobs import KST, run_due_jobs
from messaging.models import KakaoUnlink, Message, State, UnlinkState

NOW = datetime.datetime(2026, 3, 10, 9, 0, tzinfo=KST)
DAY = datetime.timedelta(days=1)


def message(member, key: str, created_at, state=State.DELIVERED) -> Message:
    return Message.objects.create(
        recipient=member,
        kind="recruiting.offer",
        template_code="OFFER01",
        params={"name": "김지원"},
        key=key,
        state=state,
        created_at=created_at,
    )


def test_messages_older_than_six_months_are_destroyed_and_younger_ones_kept(member):
    old = message(member, "old", NOW - 187 * DAY)
    old_failed = message(member, "old-failed", NOW - 200 * DAY, state=State.FAILED)
    recent = message(member, "recent", NOW - 180 * DAY)
    today = message(member, "today", NOW - DAY, state=State.QUEUED)

    run_due_jobs(now=NOW)

    left = set(Message.objects.values_list("pk", flat=True))
    assert left == {recent.pk, today.pk}
    assert old.pk not in left and old_failed.pk not in left


def test_unlink_rows_go_once_done_for_a_week_or_given_up_after_a_month(db):
    done_long_ago = KakaoUnlink.objects.create(
        state=UnlinkState.DONE, done_at=NOW - 8 * DAY, created_at=NOW - 8 * DAY
    )
    done_yesterday = KakaoUnlink.objects.create(
        state=UnlinkState.DONE, done_at=NOW - DAY, created_at=NOW - DAY
    )
    retrying = KakaoUnlink.objects.create(kakao_id="4100000001", created_at=NOW - 2 * DAY)
    given_up = KakaoUnlink.objects.create(kakao_id="4100000002", created_at=NOW - 32 * DAY)

    run_due_jobs(now=NOW)

    left = set(KakaoUnlink.objects.values_list("pk", flat=True))
    assert left == {done_yesterday.pk, retrying.pk}
    assert done_long_ago.pk not in left and given_up.pk not in left


def test_a_withdrawal_cancels_the_members_queued_messages(member, other_member):
    from privacy.withdrawal.runner import member_withdraw

    queued = message(other_member, "theirs", NOW, state=State.QUEUED)
    mine = [message(member, f"m{i}", NOW, state=s) for i, s in enumerate(State.values)]
    cancelled = {}

    def spy(*, member, now):
        cancelled.update(Message.objects.filter(recipient_id=member.pk).values_list("key", "state"))

    from unittest import mock

    from privacy.withdrawal import runner
    from privacy.withdrawal.registry import Stage, WithdrawalRegistry, withdrawal_registry

    copy = WithdrawalRegistry()
    for step in withdrawal_registry.steps():
        copy.register(step.stage, step.name, step.run)
    copy.register(Stage.ACCOUNT, "tests.spy", spy)
    with mock.patch.object(runner, "withdrawal_registry", copy):
        member_withdraw(member=member)

    by_state = dict(zip((m.key for m in mine), State.values, strict=True))
    for key, before in by_state.items():
        # A SENDING row may be on its way: the relay records it (tests/messaging/test_relay.py).
        expected = State.CANCELLED if before == State.QUEUED else before
        assert cancelled[key] == expected
    assert not Message.objects.filter(recipient_id=member.pk).exists()  # then destroyed
    queued.refresh_from_db()
    assert queued.state == State.QUEUED  # another member's is untouched

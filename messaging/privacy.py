"""Messages and Kakao unlink calls, registered with the retention registry; what messaging does
at withdrawal.

Both are personal data handed to processors (the policy's 위탁 paragraph, from version
2026-12-17: 엔에이치엔클라우드 and, through it, 카카오비즈니스; "회원 탈퇴 또는 위탁 계약 종료
시까지"), so each has its own category with its own deadline, and the destruction job
(privacy.retention.engine) enforces it through `due`."""

import datetime

from django.db.models import Q

from messaging.kakao_unlink.services import kakao_unlink_queue
from messaging.models import (
    KakaoUnlink,
    Message,
    MessagePreference,
    MessageResend,
    PollCursor,
    State,
    UnlinkState,
)
from privacy.api import (
    KAKAO_UNLINK,
    MESSAGE_KEPT_MONTHS,
    MESSAGES,
    SIGNUP,
    UNLINK_GIVEN_UP_DAYS,
    Item,
    Stage,
    registry,
    withdrawal_registry,
)

MESSAGE_KEPT = datetime.timedelta(days=MESSAGE_KEPT_MONTHS * 31)
UNLINK_DONE_KEPT = datetime.timedelta(days=7)
UNLINK_GIVEN_UP = datetime.timedelta(days=UNLINK_GIVEN_UP_DAYS)


def _message_due(now):
    # With the account at withdrawal (the foreign key cascades, the key is shredded), and
    # otherwise six months after the message was queued, whatever became of it.
    return Q(recipient__withdrawn_at__lte=now) | Q(created_at__lt=now - MESSAGE_KEPT)


registry.register(
    Message,
    category=MESSAGES,
    # The template's variables are the member's data (a company's name, an interview's time).
    # The kind and template code name an approved template of the catalogue, the same for
    # everyone: staff read them in the log to answer a question, as the state and codes.
    items=[Item("카카오톡 메시지 전송", fields=("params",))],
    owner="recipient.subject",
    encrypted={"params"},
    non_personal={
        "id",
        "kind",
        "template_code",
        "recipient",
        "channel",
        "advertising",
        "key",
        "grouping_key",
        "state",
        "skip_reason",
        "not_before",
        "attempts",
        "claimed_at",
        "claim_token",
        "gateway",
        "request_id",
        "recipient_seq",
        "result_code",
        "result_message",
        "created_at",
        "sent_at",
        "delivered_at",
        "updated_at",
    },
    due=_message_due,
)

# The member's notification settings: part of the optional 카카오톡 메시지 전송 item (how they
# are messaged), kept as long as the account (destroyed with it at withdrawal).
registry.register(
    MessagePreference,
    category=SIGNUP,
    items=[Item("카카오톡 메시지 전송", fields=("group", "kakaotalk"))],
    owner="member.subject",
    non_personal={"id", "member", "updated_at"},
)
registry.declare_non_personal(
    PollCursor, "how far the provider's delivery results were polled (a time, per gateway)"
)
# Why staff resent a message: goes with the message.
registry.register(
    MessageResend,
    category=MESSAGES,
    items=[Item("재발송 사유", fields=("reason",))],
    owner="message.recipient.subject",
    non_personal={"id", "message", "staff", "previous_result_code", "created_at"},
    with_parent="message",
)


def _unlink_due(now):
    # Kakao's id is blanked when the call succeeds; the row itself goes 7 days later (staff can
    # still see that it went). A call Kakao never accepted is given up after a month.
    return Q(state=UnlinkState.DONE, done_at__lt=now - UNLINK_DONE_KEPT) | Q(
        created_at__lt=now - UNLINK_GIVEN_UP
    )


registry.register(
    KakaoUnlink,
    category=KAKAO_UNLINK,
    items=[Item("카카오 회원번호", fields=("kakao_id",))],
    owner="",
    non_personal={
        "id",
        "state",
        "not_before",
        "attempts",
        "claimed_at",
        "claim_token",
        "result_code",
        "result_message",
        "created_at",
        "done_at",
    },
    due=_unlink_due,
)


def _cancel_queued(*, member, now) -> None:
    """A withdrawing member is messaged no more: what is still waiting is cancelled. A message
    a relay holds (SENDING) may be on its way already: it is left to the relay to record what
    the provider took, so the log never says 취소됨 of a message that went; the rows go with the
    account right after."""
    Message.objects.filter(recipient_id=member.pk, state=State.QUEUED).update(
        state=State.CANCELLED, claim_token=None, claimed_at=None, updated_at=now
    )


# END: the Kakao id is read here, before accounts deletes the link (Stage.ACCOUNT).
withdrawal_registry.register(Stage.END, "messaging.queue_kakao_unlink", kakao_unlink_queue)
withdrawal_registry.register(Stage.END, "messaging.cancel_queued", _cancel_queued)

"""Messages, registered with the retention registry (to be completed in issue 13)."""

from messaging.models import Message, MessagePreference, PollCursor
from privacy.api import SIGNUP, Item, registry

registry.register(
    Message,
    category=SIGNUP,
    items=[Item("카카오톡 메시지 전송", fields=("kind", "template_code", "params"))],
    owner="recipient.subject",
    encrypted={"params"},
    non_personal={
        "id",
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

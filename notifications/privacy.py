"""Notifications, registered with the retention registry: the recipient's 서비스 이용기록,
destroyed with their account."""

from notifications.models import Notification
from privacy.api import USAGE, Item, registry

registry.register(
    Notification,
    category=USAGE,
    items=[Item("서비스 이용기록", fields=("kind", "text", "url"))],
    owner="recipient.subject",
    encrypted={"text"},
    non_personal={"id", "recipient", "key", "created_at", "read_at"},
)

"""The header's unread count is written out in SQL (notifications.selectors.unread_count): it must
say exactly what the ORM's reading of the same question says."""

import pytest
from django.utils import timezone

from notifications.models import Notification
from notifications.selectors import notifications_for, unread_count
from notifications.services import notify

pytestmark = pytest.mark.django_db


def test_it_counts_only_the_members_own_unread_notifications(member, other_member):
    for n in range(3):
        notify(member, "consulting.accepted", text=f"알림 {n}", key=f"t:{member.pk}:{n}", url="/")
    notify(other_member, "consulting.accepted", text="남의 알림", key="t:other", url="/")
    first = Notification.objects.filter(recipient=member).order_by("pk").first()
    Notification.objects.filter(pk=first.pk).update(read_at=timezone.now())

    expected = notifications_for(member).filter(read_at__isnull=True).count()

    assert unread_count(member) == expected == 2
    assert unread_count(other_member) == 1


def test_nothing_to_read_is_zero(member):
    assert unread_count(member) == 0

"""Receivers of privacy's signals (privacy.api), connected in NotificationsConfig.ready. Each
is one call: the rules of when and to whom stay in the services that send the signal."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone

from notifications.services import notify
from notifications.statutory.dates import day_text
from notifications.statutory.policy import policy_changes_due

logger = logging.getLogger(__name__)


def on_rights_request_received(
    sender, *, member, request_id, kind, received_at, due_date, url, **_
):
    notify(
        member,
        "privacy.rights_received",
        text=(
            f"개인정보 {kind} 요청을 접수했어요. {day_text(due_date)}까지 처리 결과를 알려 드려요."
        ),
        key=f"privacy.rights_received:{request_id}",
        url=url,
        params={"요청종류": kind, "접수일": day_text(received_at), "기한": day_text(due_date)},
    )


def on_rights_request_completed(sender, *, member, request_id, kind, received_at, result, url, **_):
    notify(
        member,
        "privacy.rights_done",
        text=f"개인정보 {kind} 요청의 처리 결과가 나왔어요: {result}. 자세한 내용을 확인해 주세요.",
        key=f"privacy.rights_done:{request_id}",
        url=url,
        params={"요청종류": kind, "접수일": day_text(received_at), "결과": result},
    )


def on_policy_version_published(sender, *, version, effective_date, published_at, **_):
    """A version whose notice is due on its publication day (published exactly 7 days ahead)
    is told as soon as the publication commits; any other waits for its day (the daily job in
    notifications.tasks)."""
    day = timezone.localdate(published_at)
    if not policy_changes_due(day, version):
        return

    def start() -> None:
        from notifications.tasks import policy_change_notify

        try:
            policy_change_notify.delay(version, day.isoformat())
        except Exception:  # the broker is down: tomorrow's daily job tells them
            logger.warning("notifications: policy change fan-out not queued", exc_info=True)

    transaction.on_commit(start)

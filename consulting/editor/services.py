"""The member's side of a feedback thread, inside the cover-letter editor: reply and resolve.

The views have checked that the thread is the member's and visible to them
(consulting.editor.selectors); consulting.feedback checks what the engagement's state allows."""

from __future__ import annotations

import datetime

from django.db import transaction

from consulting.catalog import service_for
from consulting.feedback import comment_reply, comment_resolve
from consulting.models import Comment
from consulting.notices import tell_consultant


@transaction.atomic
def member_reply(root: Comment, *, member, body: str, now: datetime.datetime) -> Comment:
    """The member's reply in `root`'s thread; the consultant is told (once per reply)."""
    reply = comment_reply(root, author=member, body=body, now=now)
    engagement = root.engagement
    tell_consultant(
        engagement,
        "reply",
        f"회원이 ‘{service_for(engagement.service).label}’ 의견에 답글을 달았어요.",
        key=f"{reply.pk}",
    )
    return reply


def member_resolve(root: Comment, *, resolved: bool, now: datetime.datetime) -> Comment:
    """The member marks the thread resolved, or open again. Allowed in any state: it only
    organises the member's own list."""
    return comment_resolve(root, resolved=resolved, now=now)

"""Feedback on a shared letter: comments anchored to sentences, their threads, and the rounds.

The consultant comments on a selection of a shared question's text (the snapshot's copy: the
consultant never sees nor changes the member's own text); a comment keeps the anchor
(consulting.anchoring) so it can be placed again on the member's later versions. Both parties
reply in a comment's thread; the member resolves it. Each round (회차) ends with an overall
summary, the delivery. Callers check who may do what (the views); these functions check what
the engagement's state allows.
"""

from __future__ import annotations

import datetime
import re

from django.db import transaction

from consulting.anchoring import Anchor, anchor_for
from consulting.models import (
    Comment,
    Delivery,
    Engagement,
    EngagementState,
    SnapshotItem,
    SnapshotItemKind,
)
from consulting.services import TransitionRefused, engagement_deliver

S = EngagementState
# The states in which the consultant works on a letter (comments and a summary).
WORKING = frozenset({S.IN_REVIEW, S.REVISION})
# The states in which the consultant may close the round with a summary: reviewing, or after
# the 모의면접 session was scheduled.
DELIVERABLE = frozenset({S.IN_REVIEW, S.SCHEDULED, S.REVISION})
# The states in which either party may reply to a comment.
TALKING = frozenset({S.IN_REVIEW, S.REVISION, S.DELIVERED})

BODY_MAX = 4000
SUMMARY_MAX = 8000
# Comment.quote holds at most this much: a comment is about a sentence or a paragraph.
QUOTE_MAX = 2000


class FeedbackRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def current_round(engagement: Engagement) -> int:
    """Round 1 until the first delivery; each revision request opens the next."""
    return engagement.revisions_used + 1


def _body(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise FeedbackRefused("의견 내용을 써 주세요.")
    if len(text) > BODY_MAX:
        raise FeedbackRefused(f"의견은 {BODY_MAX:,}자까지 쓸 수 있어요. 지금 {len(text):,}자예요.")
    return text


_NEWLINES = re.compile(r"\r\n?")


def _as_shown(text: str) -> tuple[str, list[int]]:
    """`text` as a browser's DOM holds it (HTML parsing turns CR LF and a lone CR into LF), and
    for each of its characters the offset of the character it came from in `text`."""
    if "\r" not in text:
        return text, list(range(len(text) + 1))
    shown: list[str] = []
    origin: list[int] = []
    i = 0
    while i < len(text):
        origin.append(i)
        shown.append("\n" if text[i] == "\r" else text[i])
        i += 2 if text.startswith("\r\n", i) else 1
    origin.append(len(text))
    return "".join(shown), origin


def selection_in(
    text: str, *, start: int | None = None, end: int | None = None, quote: str = ""
) -> tuple[int, int]:
    """(start, end) in `text` of what the consultant selected.

    The page's script sends the selection's offsets counted in the text as shown (Python `str`
    characters, newlines as LF) with the selected `quote`; without the script, the consultant
    types or pastes the quote and it is looked for. Offsets that do not span the quote are not
    trusted (the page was out of date): the quote decides. A quote found more than once cannot
    say which place was meant."""
    shown, origin = _as_shown(text)
    quote = _NEWLINES.sub("\n", quote or "").strip()
    if start is not None and end is not None:
        if not (0 <= start < end <= len(shown)):
            if not quote:
                raise FeedbackRefused(
                    "고른 문장이 답변 밖에 있어요. 답변에서 문장을 다시 골라 주세요."
                )
        elif not quote or shown[start:end].strip() == quote:
            # The quote without the spaces a drag picks up at its ends.
            while start < end and shown[start].isspace():
                start += 1
            while end > start and shown[end - 1].isspace():
                end -= 1
            if start == end:
                raise FeedbackRefused("의견을 남길 문장을 답변에서 골라 주세요.")
            return origin[start], origin[end]
    if not quote:
        raise FeedbackRefused("의견을 남길 문장을 답변에서 골라 주세요.")
    first = shown.find(quote)
    if first < 0:
        raise FeedbackRefused("답변에서 그 문장을 찾지 못했어요. 답변에 있는 그대로 골라 주세요.")
    if shown.find(quote, first + 1) >= 0:
        raise FeedbackRefused(
            "같은 문장이 답변에 여러 번 있어요. 앞이나 뒤의 말을 조금 더 넣어 골라 주세요."
        )
    return origin[first], origin[first + len(quote)]


def anchor_of(comment: Comment) -> Anchor | None:
    if not comment.quote or comment.start is None or comment.end is None:
        return None
    return Anchor(
        quote=comment.quote,
        prefix=comment.prefix,
        suffix=comment.suffix,
        start=comment.start,
        end=comment.end,
    )


def comment_add(
    engagement: Engagement,
    *,
    item: SnapshotItem,
    author,
    start: int,
    end: int,
    body: str,
    now: datetime.datetime,
    text: str | None = None,
) -> Comment:
    """The consultant's comment on text[start:end] (`text`: the question's answer as
    shared_view returned it; item.body when not given) (a question of the engagement's
    snapshot)."""
    if engagement.state not in WORKING:
        raise FeedbackRefused("검토 중일 때만 의견을 남길 수 있어요.")
    if item.kind != SnapshotItemKind.QUESTION or item.snapshot.engagement_id != engagement.pk:
        raise FeedbackRefused("이 컨설팅에서 공유받은 자기소개서 문항에만 의견을 남길 수 있어요.")
    body = _body(body)
    if end - start > QUOTE_MAX:
        raise FeedbackRefused(
            f"한 의견에는 {QUOTE_MAX:,}자까지 고를 수 있어요. 지금 {end - start:,}자예요."
        )
    try:
        anchor = anchor_for(item.body if text is None else text, start, end)
    except ValueError:
        raise FeedbackRefused("의견을 남길 문장을 다시 골라 주세요.") from None
    return Comment.objects.create(
        engagement=engagement,
        item=item,
        question_id=item.source_id,
        author=author,
        round=current_round(engagement),
        snapshot_number=item.snapshot.number,
        quote=anchor.quote,
        prefix=anchor.prefix,
        suffix=anchor.suffix,
        start=anchor.start,
        end=anchor.end,
        body=body,
        created_at=now,
    )


def comment_reply(parent: Comment, *, author, body: str, now: datetime.datetime) -> Comment:
    """A reply in `parent`'s thread (a reply to a reply joins the same thread)."""
    root = parent if parent.parent_id is None else parent.parent
    engagement = root.engagement
    if engagement.state not in TALKING:
        raise FeedbackRefused("진행 중인 컨설팅에서만 답글을 달 수 있어요.")
    return Comment.objects.create(
        engagement=engagement,
        item_id=root.item_id,
        question_id=root.question_id,
        parent=root,
        author=author,
        round=current_round(engagement),
        snapshot_number=root.snapshot_number,
        body=_body(body),
        created_at=now,
    )


def comment_resolve(comment: Comment, *, resolved: bool, now: datetime.datetime) -> Comment:
    """The member marks a thread resolved (or open again)."""
    root = comment if comment.parent_id is None else comment.parent
    root.resolved_at = now if resolved else None
    Comment.objects.filter(pk=root.pk).update(resolved_at=root.resolved_at)
    return root


@transaction.atomic
def round_deliver(engagement: Engagement, *, summary: str, now: datetime.datetime) -> Delivery:
    """The consultant closes the round with an overall summary: the engagement is delivered."""
    if engagement.state not in DELIVERABLE:
        raise FeedbackRefused("검토를 시작한 뒤에 총평을 전달할 수 있어요.")
    summary = (summary or "").strip()
    if not summary:
        raise FeedbackRefused("전달하기 전에 총평을 써 주세요.")
    if len(summary) > SUMMARY_MAX:
        raise FeedbackRefused(
            f"총평은 {SUMMARY_MAX:,}자까지 쓸 수 있어요. 지금 {len(summary):,}자예요."
        )
    try:
        engagement_deliver(engagement, now=now)
    except TransitionRefused as refused:
        # The state changed since the page was loaded (the member cancelled meanwhile).
        raise FeedbackRefused(refused.message) from None
    return Delivery.objects.create(
        engagement=engagement, round=current_round(engagement), summary=summary, delivered_at=now
    )

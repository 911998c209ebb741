"""The member's feedback threads for their own questions, placed on the answer as it is now.

Which comments the member sees: those of their own engagements whose round (회차) the consultant
has delivered (a Delivery exists for it), so half-written feedback of a round in review never
shows; once a round is delivered, its threads stay visible in every later state (revision,
closed, even cancelled after a delivery): the feedback was given to the member. Replies in a
visible thread are all shown, whoever wrote them and in whichever round: they are the
conversation, not a new round's feedback.

Each visible root comment is placed with `consulting.anchoring.locate_all` on the question's
current answer (the one Python reference for placement; the editor's script asks the server
again after each autosave rather than placing anything itself). A comment that cannot be placed
is outdated: shown with its original quote under "이전 버전에 달린 의견", never on other text.

Offsets: `start`/`end` are Python `str` indices (a Hangul syllable counts one); the browser's
textarea counts UTF-16 code units, which differ only after a character outside the BMP (an
emoji counts two). `start16`/`end16` are the same places in UTF-16 units, for
`setSelectionRange`.

Queries: one for every comment of every question of the page (with its engagement, for the key
that opens it and the state that allows replies), whatever the number of questions or comments.
"""

from __future__ import annotations

import bisect
import itertools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef

from consulting.anchoring import Placement, locate_all
from consulting.feedback import TALKING, anchor_of
from consulting.models import Comment, Delivery


@dataclass
class Thread:
    root: Comment
    replies: list[Comment]
    placement: Placement = field(default_factory=lambda: Placement("outdated", reason="gone"))
    number: int = 0
    located: str = ""  # the current text at the placement
    start16: int | None = None
    end16: int | None = None

    @property
    def placed(self) -> bool:
        return self.placement.placed

    @property
    def fuzzy(self) -> bool:
        return self.placement.kind == "fuzzy"

    @property
    def resolved(self) -> bool:
        return self.root.resolved_at is not None

    @property
    def can_reply(self) -> bool:
        return self.root.engagement.state in TALKING

    def as_json(self) -> dict:
        p = self.placement
        return {
            "comment": self.root.pk,
            "kind": p.kind,
            "start": p.start,
            "end": p.end,
            "start16": self.start16,
            "end16": self.end16,
        }


@dataclass(frozen=True)
class Segment:
    """A run of the answer covered by the same placed threads (their numbers), and the threads
    whose range begins here (their badges)."""

    text: str
    numbers: tuple[int, ...] = ()
    begins: tuple[Thread, ...] = ()
    resolved: bool = False


@dataclass
class QuestionFeedback:
    question_id: int
    placed: list[Thread]
    outdated: list[Thread]
    segments: list[Segment]

    @property
    def threads(self) -> list[Thread]:
        return self.placed + self.outdated

    @property
    def open_count(self) -> int:
        return sum(not t.resolved for t in self.threads)

    def placements(self) -> list[dict]:
        return [t.as_json() for t in self.threads]


def visible_threads(member, question_ids: Iterable[int]) -> dict[int, list[Thread]]:
    """{question id: its visible threads, oldest first}, for `member`'s own questions (the
    caller has checked the questions are theirs; comments are filtered to the member's own
    engagements here too)."""
    ids = list(question_ids)
    if not ids:
        return {}
    # Most members' questions have no comment at all. Asking that first, in a query that costs a
    # fifth of building the threads' own (a join, a subquery, a related row), spares the editor
    # 0.6 ms on every load for them, and costs a member with comments one small query more
    # (issue 16). Every comment on these questions is in their owner's engagements, so none
    # here means none visible.
    if not Comment.objects.filter(question_id__in=ids).exists():
        return {}
    delivered = Delivery.objects.filter(
        engagement_id=OuterRef("engagement_id"), round=OuterRef("round")
    )
    rows = (
        Comment.objects.filter(engagement__member=member, question_id__in=ids)
        .annotate(delivered=Exists(delivered))
        .select_related("engagement")
        .order_by("created_at", "id")
    )
    roots: dict[int, Thread] = {}
    replies: dict[int, list[Comment]] = defaultdict(list)
    for comment in rows:
        comment.by_member = comment.author_id == comment.engagement.member_id
        if comment.parent_id is None:
            if comment.delivered:
                roots[comment.pk] = Thread(root=comment, replies=[])
        else:
            replies[comment.parent_id].append(comment)
    by_question: dict[int, list[Thread]] = defaultdict(list)
    for pk, thread in roots.items():
        thread.replies = replies.get(pk, [])
        by_question[thread.root.question_id].append(thread)
    return dict(by_question)


class _Utf16:
    """Python offsets of one text as UTF-16 offsets (characters past U+FFFF count two)."""

    def __init__(self, text: str):
        self.astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]

    def __call__(self, i: int) -> int:
        return i + bisect.bisect_left(self.astral, i)


def place(question_id: int, text: str, threads: list[Thread]) -> QuestionFeedback:
    """Place `threads` on `text`, the question's answer now: placed ones in the order of the
    text, numbered from 1, then the outdated ones."""
    anchored = [(t, anchor_of(t.root)) for t in threads]
    with_anchor = [(t, a) for t, a in anchored if a is not None]
    placements = locate_all([a for _, a in with_anchor], text)
    utf16 = _Utf16(text)
    for (thread, _), placement in zip(with_anchor, placements, strict=True):
        thread.placement = placement
        if placement.placed:
            thread.located = text[placement.start : placement.end]
            thread.start16, thread.end16 = utf16(placement.start), utf16(placement.end)
    placed = sorted((t for t in threads if t.placed), key=lambda t: (t.placement.start, t.root.pk))
    outdated = [t for t in threads if not t.placed]
    for number, thread in enumerate(placed + outdated, start=1):
        thread.number = number
    return QuestionFeedback(question_id, placed, outdated, _segments(text, placed))


def _segments(text: str, placed: list[Thread]) -> list[Segment]:
    if not placed:
        return []
    cuts = sorted(
        {0, len(text)} | {t.placement.start for t in placed} | {t.placement.end for t in placed}
    )
    out = []
    for a, b in itertools.pairwise(cuts):
        covering = [t for t in placed if t.placement.start <= a and b <= t.placement.end]
        out.append(
            Segment(
                text=text[a:b],
                numbers=tuple(t.number for t in covering),
                begins=tuple(t for t in covering if t.placement.start == a),
                resolved=bool(covering) and all(t.resolved for t in covering),
            )
        )
    return out


def feedback_for(member, questions) -> dict[int, QuestionFeedback]:
    """{question pk: its placed feedback} for the questions (the member's own) that have any."""
    threads = visible_threads(member, [q.pk for q in questions])
    return {q.pk: place(q.pk, q.answer, threads[q.pk]) for q in questions if threads.get(q.pk)}


def visible_root(member, pk: int) -> Comment | None:
    """The root comment `pk` if it is in one of `member`'s engagements and its round has been
    delivered (the same rule as visible_threads), else None."""
    delivered = Delivery.objects.filter(
        engagement_id=OuterRef("engagement_id"), round=OuterRef("round")
    )
    return (
        Comment.objects.filter(pk=pk, parent=None, engagement__member=member)
        .filter(Exists(delivered))
        .select_related("engagement")
        .first()
    )

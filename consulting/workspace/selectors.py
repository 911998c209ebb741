"""What the consultant's engagement page reads: the engagement (theirs only), what the member
shared for it (through privacy's `shared_view`, which checks the grant, the consent and the
processing hold, and logs the view), and the feedback written on it.

The member's shared data reaches the page only as the values `shared_view` returns: the
snapshot and the items under it. The only other reads of the snapshot's rows are their
non-personal structure (kind, group, order), for the ids the grant showed. A page is a
constant number of queries whatever the number of questions and comments.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.http import Http404

from consulting.anchoring import locate
from consulting.catalog import Service, service_for
from consulting.feedback import DELIVERABLE, TALKING, WORKING, anchor_of
from consulting.models import (
    Comment,
    Delivery,
    Engagement,
    EngagementState,
    Rating,
    SessionProposal,
    Snapshot,
    SnapshotItem,
    SnapshotItemKind,
)
from consulting.overdue import OVERDUE_STATES
from coverletters.counting import UNITS, count
from coverletters.models import LimitUnit
from privacy.api import SharedRecord, SharedView, SharingPurpose, SharingRefused, shared_view

S = EngagementState


ENDED_MESSAGES = {
    S.CLOSED: "종료된 컨설팅이에요. 회원이 공유한 정보는 더 이상 볼 수 없어요.",
    S.DECLINED: "거절한 요청이에요. 회원이 공유한 정보는 더 이상 볼 수 없어요.",
    S.CANCELLED: "취소된 컨설팅이에요. 회원이 공유한 정보는 더 이상 볼 수 없어요.",
}
NOT_THIS_ENGAGEMENT = "이 컨설팅에서 공유받은 정보가 없어요. 회원이 다시 공유하면 볼 수 있어요."


class WorkspaceClosed(Exception):
    """The consultant may not open this engagement's shared data now; `message` says why, in
    plain Korean (a refusal of the sharing selector, or the engagement's end)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def is_overdue(engagement: Engagement, now: datetime.datetime) -> bool:
    return (
        engagement.state in OVERDUE_STATES
        and engagement.due_at is not None
        and engagement.due_at < now
    )


def engagement_of(consultant, pk: int) -> Engagement:
    """The consultant's own engagement `pk` with its member (one query); 404 for anyone
    else's, so an id tells another consultant nothing."""
    engagement = (
        Engagement.objects.select_related("member").filter(pk=pk, consultant_id=consultant.pk)
    ).first()
    if engagement is None:
        raise Http404("찾는 컨설팅이 없어요.")
    return engagement


@dataclass(frozen=True)
class Shared:
    """What the member shares for this engagement, as the selector returned it."""

    view: SharedView
    snapshot_id: int
    snapshot_number: int
    record: SharedRecord

    @property
    def item_ids(self) -> frozenset[int]:
        return frozenset(child.pk for child in self.record.children)


def shared_for(request, engagement: Engagement) -> Shared:
    """The engagement's snapshot through `shared_view` (one access-log entry), or
    WorkspaceClosed. Called by every view, GET and POST alike, so a revoked grant, a withdrawn
    consent or a hold stops writes as it stops reads."""
    if engagement.state in ENDED_MESSAGES:
        raise WorkspaceClosed(ENDED_MESSAGES[engagement.state])
    try:
        view = shared_view(
            viewer=request.user,
            member=engagement.member,
            request_or_actor=request,
            purpose=SharingPurpose.CONSULTANT,
        )
    except SharingRefused as refused:
        raise WorkspaceClosed(refused.message) from None
    # The consultant's latest grant from this member: it must be this engagement's (a newer
    # engagement with the same member has a grant of its own).
    row = (
        Snapshot.objects.filter(engagement_id=engagement.pk, grant_id=view.grant_id)
        .values_list("pk", "number")
        .first()
    )
    record = None
    if row is not None:
        record = next((r for r in view.of(Snapshot) if r.pk == row[0]), None)
    if record is None:
        raise WorkspaceClosed(NOT_THIS_ENGAGEMENT)
    return Shared(view=view, snapshot_id=row[0], snapshot_number=row[1], record=record)


# --- The page ----------------------------------------------------------------------------


@dataclass
class Thread:
    comment: Comment
    replies: list[Comment] = field(default_factory=list)
    earlier: bool = False  # made on an earlier snapshot of the same question
    # For an earlier one: whether its sentence is still in the answer shared now.
    still_there: bool | None = None
    form: Any = None


@dataclass
class Question:
    pk: int
    prompt: str
    answer: str
    limit: int | None
    limit_unit: str
    threads: list[Thread] = field(default_factory=list)
    form: Any = None

    @property
    def unit_label(self) -> str:
        try:
            return LimitUnit(self.limit_unit).label
        except ValueError:
            return "자"

    @property
    def length(self) -> int:
        unit = self.limit_unit if self.limit_unit in UNITS else "with_spaces"
        return count(self.answer).of(unit)

    @property
    def over(self) -> bool:
        return bool(self.limit) and self.length > self.limit


@dataclass
class Letter:
    pk: int
    title: str
    company: str
    job_title: str
    questions: list[Question] = field(default_factory=list)


@dataclass
class ProfileItem:
    label: str
    title: str
    body: str
    extra: dict


@dataclass
class ExperienceItem:
    title: str
    details: str
    extra: dict


@dataclass
class Page:
    engagement: Engagement
    service: Service
    snapshot_number: int
    expires_at: datetime.datetime
    profile: list[ProfileItem]
    letters: list[Letter]
    note: str
    experiences: list[ExperienceItem]
    deliveries: list[Delivery]
    proposals: list[SessionProposal]
    rating: Rating | None
    overdue: bool

    # What the consultant may do now (the services check again; these only choose what the
    # page offers).
    @property
    def can_answer_request(self) -> bool:
        return self.engagement.state == S.REQUESTED

    @property
    def can_start_review(self) -> bool:
        return self.engagement.state == S.ACCEPTED and not self.service.scheduled

    @property
    def can_propose(self) -> bool:
        return self.engagement.state == S.ACCEPTED and self.service.scheduled

    @property
    def can_comment(self) -> bool:
        return self.engagement.state in WORKING

    @property
    def can_reply(self) -> bool:
        return self.engagement.state in TALKING

    @property
    def can_deliver(self) -> bool:
        return self.engagement.state in DELIVERABLE

    @property
    def questions(self) -> dict[int, Question]:
        return {q.pk: q for letter in self.letters for q in letter.questions}

    def threads(self) -> dict[int, Thread]:
        return {t.comment.pk: t for q in self.questions.values() for t in q.threads}


def _structure(shared: Shared) -> dict[int, tuple[str, int, int | None, int]]:
    """{item id: (kind, group, source id, position)} of the items shown: non-personal columns
    only, one query."""
    rows = SnapshotItem.objects.filter(
        snapshot_id=shared.snapshot_id, pk__in=shared.item_ids
    ).values_list("pk", "kind", "group", "source_id", "position")
    return {pk: rest for pk, *rest in rows}


def question_ids(shared: Shared) -> set[int]:
    """The questions among what is shared: the only items a comment may be made on."""
    return {pk for pk, row in _structure(shared).items() if row[0] == SnapshotItemKind.QUESTION}


def _limit(extra: dict) -> int | None:
    try:
        return int(extra.get("limit")) if extra.get("limit") not in (None, "") else None
    except (TypeError, ValueError):
        return None


def build_page(engagement: Engagement, shared: Shared, *, now: datetime.datetime) -> Page:
    structure = _structure(shared)
    profile, letters, experiences, note = [], {}, [], ""
    questions_by_source: dict[int, Question] = {}
    questions: dict[int, Question] = {}
    shown = sorted(
        (child for child in shared.record.children if child.pk in structure),
        key=lambda child: structure[child.pk][3],
    )
    for child in shown:
        kind, group, source, _ = structure[child.pk]
        extra = child.get("extra") or {}
        if kind == SnapshotItemKind.NOTE:
            note = child.get("body", "")
        elif kind == SnapshotItemKind.PROFILE:
            label = extra.get("item", child.get("title", ""))
            profile.append(ProfileItem(label, child.get("title", ""), child.get("body", ""), extra))
        elif kind == SnapshotItemKind.COVER_LETTER:
            letters[group] = Letter(
                child.pk,
                child.get("title", ""),
                extra.get("company", ""),
                extra.get("job_title", ""),
            )
        elif kind == SnapshotItemKind.QUESTION:
            question = Question(
                child.pk,
                child.get("title", ""),
                child.get("body", ""),
                _limit(extra),
                extra.get("limit_unit", ""),
            )
            questions[child.pk] = question
            if source is not None:
                questions_by_source[source] = question
            if group in letters:
                letters[group].questions.append(question)
        elif kind == SnapshotItemKind.EXPERIENCE:
            experiences.append(ExperienceItem(child.get("title", ""), child.get("body", ""), extra))
    _attach_comments(engagement, questions, questions_by_source)
    service = service_for(engagement.service)
    return Page(
        engagement=engagement,
        service=service,
        snapshot_number=shared.snapshot_number,
        expires_at=shared.view.expires_at,
        profile=profile,
        note=note,
        letters=list(letters.values()),
        experiences=experiences,
        deliveries=_bound(Delivery.objects.filter(engagement_id=engagement.pk), engagement),
        proposals=_bound(
            SessionProposal.objects.filter(engagement_id=engagement.pk, withdrawn_at=None),
            engagement,
        )
        if service.scheduled
        else [],
        rating=next(
            iter(
                _bound(
                    Rating.objects.filter(engagement_id=engagement.pk, hidden_at=None), engagement
                )
            ),
            None,
        ),
        overdue=is_overdue(engagement, now),
    )


def _bound(rows, engagement: Engagement) -> list:
    """The rows, each given the engagement already loaded: their values open under its
    member's key without a query per row."""
    rows = list(rows)
    for row in rows:
        row.engagement = engagement
    return rows


def _attach_comments(engagement, questions: dict[int, Question], by_source: dict[int, Question]):
    """Each question's threads, in order: one query for every comment of the engagement.
    A comment made on an earlier snapshot of a question still shared is shown beside it as
    such; one on a question no longer shared is not shown (its text is not shared now)."""
    comments = _bound(
        Comment.objects.filter(engagement_id=engagement.pk).order_by("created_at", "id"),
        engagement,
    )
    replies: dict[int, list[Comment]] = defaultdict(list)
    for comment in comments:
        if comment.parent_id is not None:
            replies[comment.parent_id].append(comment)
    for comment in comments:
        if comment.parent_id is not None:
            continue
        question = questions.get(comment.item_id)
        earlier = False
        if question is None and comment.question_id is not None:
            question = by_source.get(comment.question_id)
            earlier = question is not None
        if question is None:
            continue
        thread = Thread(comment, replies.get(comment.pk, []), earlier)
        if earlier:
            anchor = anchor_of(comment)
            thread.still_there = anchor is not None and locate(anchor, question.answer).placed
        question.threads.append(thread)


def rating_of(consultant, pk: int) -> tuple[Engagement, Rating]:
    """The consultant's own engagement and its rating (shown, not hidden by staff), or 404."""
    engagement = engagement_of(consultant, pk)
    rating = Rating.objects.filter(engagement_id=engagement.pk, hidden_at=None).first()
    if rating is None:
        raise Http404("아직 받은 평가가 없어요.")
    rating.engagement = engagement
    return engagement, rating

"""Feedback a consultant delivered on a member's letter, for the editor's tests."""

from django.utils import timezone

from consulting.anchoring import anchor_for
from consulting.feedback import comment_add, round_deliver
from consulting.models import (
    Comment,
    Delivery,
    EngagementState,
    Snapshot,
    SnapshotItem,
    SnapshotItemKind,
)
from coverletters.models import CoverLetter, Question
from tests.consulting.conftest import make_engagement

CAMPAIGN = "신입 회원 모집 캠페인을 기획해 지원자를 두 배로 늘렸습니다."
PARAGRAPH_1 = f"저는 대학 시절 교내 마케팅 동아리에서 2년 동안 활동했습니다. {CAMPAIGN}"
PARAGRAPH_2 = (
    "이 경험으로 고객의 마음을 읽는 법을 배웠습니다. 라이프전자에서 그 역량을 살리고 싶습니다."
)
ANSWER = f"{PARAGRAPH_1}\n\n{PARAGRAPH_2}"


def make_question(member, *, answer=ANSWER, letter=None, position=1) -> Question:
    letter = letter or CoverLetter.objects.create(
        member=member, title="라이프전자 2026 하반기", job_title="마케팅"
    )
    return Question.objects.create(
        cover_letter=letter, position=position, prompt="지원 동기를 쓰세요.", answer=answer
    )


def share(member, consultant, questions, *, state=EngagementState.IN_REVIEW):
    """An engagement in review whose snapshot holds `questions` as they are now: returns the
    engagement and {question pk: snapshot item}."""
    engagement = make_engagement(member, consultant, state=state)
    snapshot = Snapshot.objects.create(engagement=engagement, number=1)
    items = {
        q.pk: SnapshotItem.objects.create(
            snapshot=snapshot,
            position=i,
            kind=SnapshotItemKind.QUESTION,
            source_id=q.pk,
            title=q.prompt,
            body=q.answer,
        )
        for i, q in enumerate(questions)
    }
    return engagement, items


def comment_on(engagement, item, consultant, quote, body="이 문장을 더 구체적으로 써 보세요."):
    start = item.body.index(quote)
    return comment_add(
        engagement,
        item=item,
        author=consultant,
        start=start,
        end=start + len(quote),
        body=body,
        now=timezone.now(),
    )


def deliver(engagement):
    round_deliver(
        engagement, summary="전체적으로 좋아요. 수치를 더 살려 보세요.", now=timezone.now()
    )


def delivered_comment(member, consultant, question, quote=CAMPAIGN, body=None):
    """One comment on `quote` of `question`, delivered."""
    engagement, items = share(member, consultant, [question])
    comment = comment_on(engagement, items[question.pk], consultant, quote, **_body(body))
    deliver(engagement)
    return comment


def _body(body):
    return {"body": body} if body else {}


def bulk_comment(engagement, item, consultant, quote, body="의견"):
    """A comment written straight to the table (for volume), in round 1."""
    anchor = anchor_for(item.body, item.body.index(quote), item.body.index(quote) + len(quote))
    return Comment.objects.create(
        engagement=engagement,
        item=item,
        question_id=item.source_id,
        author=consultant,
        quote=anchor.quote,
        prefix=anchor.prefix,
        suffix=anchor.suffix,
        start=anchor.start,
        end=anchor.end,
        body=body,
    )


def mark_delivered(engagement):
    Delivery.objects.get_or_create(engagement=engagement, round=1, defaults={"summary": "총평"})

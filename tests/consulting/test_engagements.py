"""The engagement's states: one table of allowed moves, one service function per move."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from consulting import services
from consulting.catalog import SERVICES, ServiceKind
from consulting.models import Engagement, EngagementState
from consulting.services import TRANSITIONS, TransitionRefused
from tests.consulting.conftest import make_engagement

S = EngagementState
NOW = timezone.now()


def test_every_state_has_a_row_in_the_table_and_the_ended_ones_go_nowhere():
    assert set(TRANSITIONS) == set(S.values)
    for ended in (S.CLOSED, S.DECLINED, S.CANCELLED):
        assert TRANSITIONS[ended] == frozenset()


def test_each_service_states_turnaround_revisions_and_deliverable():
    assert set(SERVICES) == set(ServiceKind.values)
    review = SERVICES[ServiceKind.COVER_LETTER_REVIEW]
    assert review.turnaround == datetime.timedelta(hours=48)
    assert review.revision_rounds == 1
    assert SERVICES[ServiceKind.MOCK_INTERVIEW].scheduled
    for service in SERVICES.values():
        assert service.turnaround_text.endswith("요.")
        assert service.deliverable.endswith("요.")


def test_accepting_starts_the_turnaround_clock(member, consultant):
    engagement = make_engagement(member, consultant)

    services.engagement_accept(engagement, now=NOW)

    engagement.refresh_from_db()
    assert engagement.state == S.ACCEPTED
    assert engagement.accepted_at == NOW
    assert engagement.due_at == NOW + datetime.timedelta(hours=48)


def test_the_cover_letter_loop_with_its_one_revision(member, consultant):
    engagement = make_engagement(member, consultant)
    for step in (
        services.engagement_accept,
        services.engagement_start_review,
        services.engagement_deliver,
        services.engagement_request_revision,
        services.engagement_deliver,
    ):
        step(engagement, now=NOW)

    with pytest.raises(TransitionRefused, match="수정 요청\\(1회\\)"):
        services.engagement_request_revision(engagement, now=NOW)
    services.engagement_close(engagement, now=NOW)

    engagement.refresh_from_db()
    assert engagement.state == S.CLOSED
    assert engagement.ended_at == NOW
    assert engagement.revisions_used == 1


def test_a_mock_interview_is_scheduled_not_reviewed(member, consultant):
    engagement = make_engagement(member, consultant, service=ServiceKind.MOCK_INTERVIEW)
    services.engagement_accept(engagement, now=NOW)

    with pytest.raises(TransitionRefused, match="면접 일정"):
        services.engagement_start_review(engagement, now=NOW)
    services.engagement_schedule(engagement, now=NOW)

    assert Engagement.objects.get(pk=engagement.pk).state == S.SCHEDULED


@pytest.mark.parametrize(
    "step",
    [services.engagement_deliver, services.engagement_close, services.engagement_start_review],
)
def test_moves_the_table_does_not_allow_are_refused_in_korean(member, consultant, step):
    engagement = make_engagement(member, consultant)

    with pytest.raises(TransitionRefused) as refused:
        step(engagement, now=NOW)

    assert "‘요청됨’ 상태의 요청은" in refused.value.message
    assert Engagement.objects.get(pk=engagement.pk).state == S.REQUESTED


def test_the_state_is_read_from_the_database_not_the_stale_instance(member, consultant):
    engagement = make_engagement(member, consultant)
    stale = Engagement.objects.get(pk=engagement.pk)
    services.engagement_decline(engagement, now=NOW)

    with pytest.raises(TransitionRefused):
        services.engagement_accept(stale, now=NOW)


def test_the_request_note_is_stored_encrypted(member, consultant):
    engagement = make_engagement(member, consultant)

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT request_note FROM consulting_engagement WHERE id = %s", [engagement.pk]
        )
        stored = cursor.fetchone()[0]
    assert "첨삭" not in str(stored)
    assert Engagement.objects.get(pk=engagement.pk).request_note == "첨삭 부탁해요"

"""The consultant's home: their own engagements, by due time, in a constant number of queries."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Role, User
from consulting.models import Engagement
from tests.consulting.conftest import make_engagement


@pytest.fixture
def signed_in(consultant):
    client = Client()
    client.force_login(consultant)
    return client


def test_the_empty_state_is_in_korean(signed_in):
    response = signed_in.get("/consulting/")
    assert "아직 받은 컨설팅 요청이 없어요" in response.content.decode()


def test_only_their_own_engagements_by_due_time(signed_in, consultant, member):
    other = User.objects.create_user("consultant2", "x-password-1", role=Role.CONSULTANT)
    now = timezone.now()
    later = make_engagement(member, consultant, due_at=now + datetime.timedelta(hours=40))
    sooner = make_engagement(member, consultant, due_at=now + datetime.timedelta(hours=2))
    theirs = make_engagement(member, other)

    page = signed_in.get("/consulting/").content.decode()

    assert f'data-engagement="{theirs.pk}"' not in page
    assert page.index(f'data-engagement="{sooner.pk}"') < page.index(
        f'data-engagement="{later.pk}"'
    )
    assert "첨삭 부탁해요" not in page  # the request note is not on the list


def queries_for(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/consulting/").status_code == 200
    return len(captured)


def test_the_query_count_does_not_grow_with_the_engagements(signed_in, consultant, member):
    make_engagement(member, consultant)
    one = queries_for(signed_in)
    Engagement.objects.bulk_create(
        [
            Engagement(member=member, consultant=consultant, service="career_coaching")
            for _ in range(49)
        ]
    )

    assert queries_for(signed_in) == one
    # Session, account, engagements, the header's unread notifications, and the idle clock's
    # stamp saved into the session (savepoint, update, release), as for staff
    # (accounts.middleware).
    assert one <= 7

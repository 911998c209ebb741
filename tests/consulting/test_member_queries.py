"""The member's consulting home costs the same queries with 1 and with 50 engagements
(issue 16; the member's workspace from tests/workspace.py)."""

import pytest

from consulting.models import EngagementState
from tests.consulting.conftest import make_engagement
from tests.workspace import workspace_member, workspace_of

pytestmark = pytest.mark.django_db

# Every member page: the session, the member, the unread notifications (base.html).
MEMBER_PAGE = 3


@pytest.mark.parametrize("n", [1, 50])
def test_my_consulting_queries_do_not_grow_with_the_engagements(
    client, consultant, consultant_profile, n, django_assert_num_queries
):
    member = workspace_of(n, workspace_member("010-2846-1050", name="이서연")).member
    states = [EngagementState.REQUESTED, EngagementState.DELIVERED, EngagementState.CLOSED]
    for i in range(n):
        make_engagement(member, consultant, state=states[i % len(states)])
    client.force_login(member)
    client.get("/consulting/my/")  # the second visit, as every visit after the first one is
    # The engagements with their consultants' names, and the key those names open under.
    with django_assert_num_queries(MEMBER_PAGE + 2):
        page = client.get("/consulting/my/").content.decode()
    assert page.count("data-engagement=") == n
    assert "이서연 컨설턴트" in page

"""The member's account page (내 정보) costs the same queries whatever the size of their
workspace (issue 16; tests/workspace.py)."""

import pytest

from tests.workspace import workspace_member, workspace_of

pytestmark = pytest.mark.django_db

# Every member page: the session, the member, the unread notifications (base.html).
MEMBER_PAGE = 3


@pytest.mark.parametrize("n", [1, 50])
def test_account_settings_queries_do_not_grow_with_the_workspace(
    client, n, django_assert_num_queries
):
    member = workspace_of(n, workspace_member("010-2846-1050", name="이서연")).member
    client.force_login(member)
    client.get("/accounts/me/")  # the second visit, as every visit after the first one is
    # The consent ledger, and the member's data key their name and phone open under.
    with django_assert_num_queries(MEMBER_PAGE + 2):
        page = client.get("/accounts/me/").content.decode()
    assert "이서연" in page and "동의 내역" in page

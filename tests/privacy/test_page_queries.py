"""Query counts of the privacy pages a member or a visitor reads (issue 16): the same with 1
and with 50 of everything a member keeps, and none at all for the policy page once warm."""

import pytest

from privacy.notices.models import Notice
from tests.privacy.test_centre_shares import _grants_with_views
from tests.workspace import workspace_member, workspace_of

pytestmark = pytest.mark.django_db

# The session and the member (every member page), then the page's own.
MEMBER_PAGES = {
    # the consent ledger (once, with the applications' consents), which lists have rows
    # (privacy.centre.presence: none here, so no shares, access or rights query), the
    # header's unread count
    "/privacy/me/": 5,
    # the rights requests, the header's unread count
    "/privacy/requests/": 4,
}


@pytest.mark.parametrize("n", [1, 50])
@pytest.mark.parametrize("path", MEMBER_PAGES)
def test_member_privacy_pages_queries_do_not_grow(client, path, n, django_assert_num_queries):
    workspace = workspace_of(n, workspace_member(f"010-2846-10{n:02d}"))
    client.force_login(workspace.member)
    client.get(path)

    with django_assert_num_queries(MEMBER_PAGES[path]):
        assert client.get(path).status_code == 200


def test_centre_queries_each_list_only_when_it_has_rows(
    client, member, consultant, django_assert_num_queries
):
    """A member whose share a consultant opened: the presence statement lets the shares'
    and the access history's own queries run."""
    _grants_with_views(member, consultant, grants=1, views_each=1)
    client.force_login(member)
    client.get("/privacy/me/")

    # + the grants, their openings, the member's data key (the share's sealed notice), the
    # access history
    with django_assert_num_queries(MEMBER_PAGES["/privacy/me/"] + 4):
        page = client.get("/privacy/me/").content.decode()

    assert "이서연 컨설턴트" in page and "컨설턴트가 열어 본 기록 1번" in page


def test_policy_page_runs_no_query_once_its_version_is_kept(client, django_assert_num_queries):
    client.get("/privacy/policy/")  # the timeline cached, the version's body kept
    with django_assert_num_queries(0):
        page = client.get("/privacy/policy/").content.decode()
    assert "<h1>개인정보처리방침</h1>" in page


@pytest.mark.parametrize("n", [1, 50])
def test_notice_board_runs_one_query(client, n, django_assert_num_queries):
    Notice.objects.bulk_create(Notice(title=f"공지 {i}", body="내용") for i in range(n))
    client.get("/notices/")
    with django_assert_num_queries(1):
        assert client.get("/notices/").status_code == 200

"""The member's notification pages cost the same queries with 1 and with 50 notifications and
KakaoTalk messages (issue 16; tests/workspace.py gives N notifications)."""

import pytest

from recruiting.models import Company, Offer
from recruiting.services import offer_send
from tests.workspace import workspace_member, workspace_of

pytestmark = pytest.mark.django_db

# Every member page: the session, the member, the unread notifications (base.html).
MEMBER_PAGE = 3


def _member_with(n: int):
    member = workspace_of(n, workspace_member("010-2846-1050", name="이서연")).member
    company = Company.objects.create(name="라이프전자")
    for _ in range(n):  # a notification and a KakaoTalk message each
        offer_send(offer=Offer(member=member, company=company, message="제안"))
    return member


@pytest.mark.parametrize("n", [1, 50])
@pytest.mark.parametrize(
    ("path", "queries", "row"),
    [
        # The page's count and rows, and the data key the texts open under.
        ("/notifications/", MEMBER_PAGE + 3, 'data-notification="'),
        # The member's choices and their KakaoTalk consent.
        ("/notifications/settings/", MEMBER_PAGE + 2, 'data-group="'),
        # The messages' count, their rows, and the data key their params open under.
        ("/notifications/kakaotalk/", MEMBER_PAGE + 3, "입사 제안 도착"),
    ],
)
def test_notification_page_queries_do_not_grow_with_the_rows(
    client, n, path, queries, row, django_assert_num_queries
):
    client.force_login(_member_with(n))
    client.get(path)  # the second visit, as every visit after the first one is
    with django_assert_num_queries(queries):
        page = client.get(path).content.decode()
    assert page.count(row) >= (1 if "settings" in path else min(n, 30))  # 30 a page

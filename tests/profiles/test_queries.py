"""The profile pages run a fixed number of queries, however many entries the profile holds
(issue 16: the same count with 1 and with 50 items in every list)."""

import pytest
from django.test import Client

from tests.workspace import workspace_member, workspace_of

# The session, the member, the profile with its 학력 and 경력 entries (three queries), the
# member's data key, the header's unread count.
PAGES = [("/profile/", 7), ("/profile/edit/", 7)]


@pytest.mark.django_db
@pytest.mark.parametrize("n", [1, 50])
@pytest.mark.parametrize(("path", "queries"), PAGES)
def test_profile_pages_run_the_same_queries_for_1_and_50_entries(
    n, path, queries, django_assert_num_queries
):
    workspace = workspace_of(n, workspace_member("010-2846-1050", name="이서연"))
    client = Client()
    client.force_login(workspace.member)
    assert client.get(path).status_code == 200  # the first visit, as any visit after it
    with django_assert_num_queries(queries):
        response = client.get(path)
    assert response.status_code == 200

"""The experience pages run a fixed number of queries, however many experiences the member keeps
(issue 16: the same count with 1 and with 50 items in every list)."""

import pytest
from django.test import Client

from tests.workspace import workspace_member, workspace_of

# The session, the member, the member's data key, the header's unread count, and the page's
# one read: the list loads every experience at once and counts them in Python.
PAGES = [
    ("/experiences/", 5),
    ("/experiences/?q=물류", 5),
    ("/experiences/?kind=intern&tag=협업&sort=oldest", 5),
    ("/experiences/{pk}/", 5),
]


@pytest.mark.django_db
@pytest.mark.parametrize("n", [1, 50])
@pytest.mark.parametrize(("path", "queries"), PAGES, ids=[p for p, _ in PAGES])
def test_experience_pages_run_the_same_queries_for_1_and_50_experiences(
    n, path, queries, django_assert_num_queries
):
    workspace = workspace_of(n, workspace_member("010-2846-1050", name="이서연"))
    client = Client()
    client.force_login(workspace.member)
    path = path.format(pk=workspace.experiences[0].pk)
    assert client.get(path).status_code == 200  # the first visit, as any visit after it
    with django_assert_num_queries(queries):
        response = client.get(path)
    assert response.status_code == 200

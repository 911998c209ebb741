"""A NUL byte in a URL (issue 10) used to reach PostgreSQL, which refuses it, and answer 500:
/notices/policy/versions/%00/ and ?from=%00. core.urlguard answers 404 for a path holding one
and 400 for a query string holding one, before any view or query runs; a cookie holding one
is dropped. Odd values that reach queries otherwise (huge ids, junk pages) are 404s too."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from privacy.notices.models import PolicyVersion

pytestmark = pytest.mark.django_db


@pytest.fixture
def policy(db):
    return PolicyVersion.objects.order_by("effective_date").first()


@pytest.mark.parametrize(
    "path",
    [
        "/notices/policy/versions/%00/",
        "/notices/policy/versions/%00/changes/",
        "/notices/policy/versions/2024%0006-20/",
        "/privacy/consents/%00/",
        "/coverletters/%00/",
        "/%00",
        "/healthz%00",
    ],
)
def test_nul_in_the_path_is_a_404_and_reaches_no_query(client, member, path):
    client.force_login(member)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)

    assert response.status_code == 404
    assert not [q for q in queries.captured_queries if "\x00" in q["sql"]]


@pytest.mark.parametrize(
    "query",
    ["from=%00", "from=2024-06-20%00", "page=%00", "q=%00", "next=/%00", "%00=1", "e=%00"],
)
def test_nul_in_the_query_string_is_a_400(client, member, policy, query):
    client.force_login(member)
    paths = ["/notices/", "/experiences/", "/"]
    if policy is not None:
        paths.append(f"/notices/policy/versions/{policy.version}/changes/")
    for path in paths:
        response = client.get(f"{path}?{query}")
        assert response.status_code == 400, (path, query)


def test_nul_in_a_posted_form_is_a_form_error_not_a_500(client, member):
    client.force_login(member)

    response = client.post("/coverletters/new/", {"title": "공채\x00", "job_title": "마케팅"})

    assert response.status_code == 200
    assert "쓸 수 없는 문자(NUL)" in response.content.decode()


def test_a_session_cookie_holding_nul_is_ignored_not_a_500(client):
    # A quoted cookie may spell NUL as \000; Python's cookie parser turns it into the byte.
    client.cookies["sessionid"] = "abcdefghijklmnop\x00qrstuvwxyz"

    response = client.get("/")

    assert response.status_code == 200


def test_an_unknown_policy_version_in_from_is_a_404(client, policy):
    if policy is None:
        pytest.skip("no policy version published in this database")

    response = client.get(f"/notices/policy/versions/{policy.version}/changes/?from=없는버전")

    assert response.status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/coverletters/99999999999999999999999/",
        "/coverletters/9223372036854775808/print/",
        "/coverletters/questions/18446744073709551616/versions/",
        "/notices/99999999999999999999/",
        "/recruiting/postings/99999999999999999999/",
    ],
)
def test_ids_beyond_the_database_s_range_are_404s(client, member, path):
    client.force_login(member)

    assert client.get(path).status_code == 404


@pytest.mark.parametrize("page", ["-1", "0", "abc", "99999999999999999999", "1e9", "٣"])
def test_odd_page_numbers_still_show_a_page(client, page):
    assert client.get(f"/notices/?page={page}").status_code == 200

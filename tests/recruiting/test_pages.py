"""List pages: a fixed number of queries, and well-formed HTML on every page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from recruiting.models import Application
from tests.core.test_html import audit
from tests.recruiting.conftest import make_offer, make_posting


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _applications(member, n):
    # Rows written directly: the list page reads no snapshot, so an empty one is enough.
    for i in range(n):
        Application.objects.create(
            member=member,
            posting=make_posting(title=f"공고 {i}"),
            letter_snapshot={"title": "t", "job_title": "j", "questions": []},
            profile_snapshot={},
        )


@pytest.mark.parametrize(
    ("url", "add"),
    [
        (
            "/recruiting/postings/",
            lambda member, n: [make_posting(title=f"공고 {i}") for i in range(n)],
        ),
        ("/recruiting/applications/", _applications),
        ("/recruiting/offers/", lambda member, n: [make_offer(member) for _ in range(n)]),
    ],
)
def test_list_page_queries_do_not_grow_with_rows(client, member, url, add):
    client.force_login(member)
    add(member, 1)
    one = _queries(client, url)
    add(member, 29)
    thirty = _queries(client, url)
    assert one == thirty, url


def test_every_page_is_well_formed_and_labelled(
    client, member, posting, letter, application, offer
):
    client.force_login(member)
    other = make_posting(title="다른 공고")
    pages = [
        "/recruiting/postings/",
        f"/recruiting/postings/{posting.pk}/",  # already applied
        f"/recruiting/postings/{other.pk}/",  # the choose-a-letter form
        f"/recruiting/postings/{other.pk}/apply/?cover_letter={letter.pk}",
        "/recruiting/applications/",
        f"/recruiting/applications/{application.pk}/",
        "/recruiting/offers/",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert audit(response.content.decode()) == [], url


def test_empty_pages_are_well_formed(client, member):
    client.force_login(member)
    for url in ("/recruiting/postings/", "/recruiting/applications/", "/recruiting/offers/"):
        assert audit(client.get(url).content.decode()) == [], url

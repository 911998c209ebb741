"""The access log page costs the same however long the log is: no COUNT over the table, one query
for its rows, one for the accounts it names (their names opened with the data keys loaded in one
batch); the same number of queries for a page of 1 row and of 50, and at 1,000 and 100,000
entries. (Its time is measured by bench/access_log_page.py, not here.)"""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from privacy.accesslog.append import Actor, access_log_append
from tests.conftest import make_member, make_staff
from tests.privacy.accesslog.bulk import bulk_entries

LIST_URL = reverse("admin:privacy_accesslogentry_changelist")
QUERIES = ["", "?fold=0", "?action__exact=view", "?recent=7", "?date_from=2000-01-01"]


def page_queries(client, query: str = "") -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST_URL + query)
    assert response.status_code == 200
    return [q["sql"] for q in queries]


def log_queries(sqls: list[str]) -> list[str]:
    return [q for q in sqls if "privacy_accesslog" in q]


@pytest.fixture
def officer(client, root):
    client.force_login(root)
    return client


@pytest.mark.parametrize("query", QUERIES)
def test_a_page_of_50_rows_costs_the_queries_of_a_page_of_1(officer, root, query):
    staff = [make_staff(f"helper{i}") for i in range(5)]
    members = [make_member(name=f"김{i:02d}원", phone=f"010-2000-{i:04d}") for i in range(50)]
    access_log_append(
        actor=Actor(staff[0].pk, "staff", ""), action="view", subjects=[members[0].pk]
    )
    page_queries(officer, query)  # warm caches (content types, permissions)
    one = page_queries(officer, query)
    for i, member in enumerate(members[1:], start=1):
        access_log_append(
            actor=Actor(staff[i % 5].pk, "staff", ""), action="view", subjects=[member.pk]
        )

    fifty = page_queries(officer, query)

    assert len(fifty) == len(one)
    assert not any("COUNT(" in q.upper() for q in log_queries(fifty))
    # The names on the page: the accounts in one query, their data keys in one more.
    assert len([q for q in fifty if 'FROM "accounts_user"' in q]) == len(
        [q for q in one if 'FROM "accounts_user"' in q]
    )
    assert len([q for q in fifty if "privacy_datakey" in q]) <= 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="bulk entries need PostgreSQL")
@pytest.mark.parametrize("query", ["", "?subject=__member__"])
def test_the_page_costs_the_same_queries_at_1000_and_100000_entries(officer, root, query):
    staff = [make_staff(f"helper{i}") for i in range(3)]
    members = [make_member(name=f"이{i:02d}연", phone=f"010-3000-{i:04d}") for i in range(30)]
    query = query.replace("__member__", str(members[3].pk))
    start = timezone.now() - datetime.timedelta(days=300)
    actors = [s.pk for s in staff]
    bulk_entries(1_000, members=[m.pk for m in members], actors=actors, start=start)
    page_queries(officer, query)
    small = page_queries(officer, query)

    bulk_entries(
        99_000,
        members=[m.pk for m in members],
        actors=actors,
        start=start + datetime.timedelta(minutes=1_000),
    )
    large = page_queries(officer, query)

    assert len(large) == len(small)

    def shape(sqls):
        # The statements without their values: the same reads and writes at both sizes.
        return [re.sub(r"'[^']*'|\d+", "?", q) for q in log_queries(sqls)]

    assert shape(large) == shape(small)
    assert not any("COUNT(" in q.upper() for q in log_queries(large))

"""The member-data lists read in Korean: column headers and filters name 회원, 회사, 채용 공고,
not the fields' code names."""

import pytest

from tests.conftest import make_staff
from tests.recruiting.conftest import make_offer


@pytest.fixture
def root_client(client, db):
    client.force_login(make_staff("root", superuser=True))
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/admin/recruiting/application/",
        "/admin/recruiting/offer/",
        "/admin/recruiting/posting/",
        "/admin/profiles/profile/",
        "/admin/coverletters/coverletter/",
    ],
)
def test_list_columns_and_filters_read_in_korean(root_client, application, url):
    make_offer(application.member, company=application.posting.company)

    page = root_client.get(url).content.decode()

    assert 'id="result_list"' in page  # rows, so the headers are there
    lowered = page.lower()
    for raw in (">member<", ">company<", ">posting<", "member id", "company:", "member/staff"):
        assert raw not in lowered, (url, raw)
    if "/recruiting/application/" in url or "/recruiting/offer/" in url:
        # Staff tell applicants apart by the masked label, not the account's opaque username.
        assert application.member.username not in page and "김** (010-****-1357" in page

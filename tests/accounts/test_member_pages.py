"""Who may open the member pages: the member, nobody else."""

import pytest

from privacy.consents.policy_version import current_policy_version

MEMBER_PAGES = ["/home/", "/accounts/me/", "/accounts/withdraw/"]


@pytest.mark.parametrize("url", MEMBER_PAGES)
def test_member_sees_own_page(client, member, url):
    client.force_login(member)

    response = client.get(url)

    assert response.status_code == 200
    assert member.name in response.content.decode() or url != "/home/"


@pytest.mark.parametrize("url", MEMBER_PAGES)
def test_anonymous_visitor_is_sent_to_sign_in(client, db, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/?next={url}"


@pytest.mark.parametrize("url", MEMBER_PAGES)
@pytest.mark.parametrize("role", ["consultant", "staff"])
def test_consultant_and_staff_are_refused(client, request, role, url):
    client.force_login(request.getfixturevalue(role))

    assert client.get(url).status_code == 403


def test_settings_page_shows_only_the_signed_in_members_data(client, member, other_member):
    client.force_login(member)

    page = client.get("/accounts/me/").content.decode()

    assert member.phone in page
    assert other_member.name not in page and other_member.phone not in page


def test_settings_page_shows_consents_with_date_and_policy_version(client, member):
    client.force_login(member)

    page = client.get("/accounts/me/").content.decode()

    assert "동의함" in page and "동의하지 않음" in page
    assert f"방침 {current_policy_version()}" in page

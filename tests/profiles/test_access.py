"""Who may open the profile pages: the member, for their own profile only."""

import pytest

from profiles.models import Profile
from tests.profiles.factories import add_career, add_education, form_data, make_profile

PAGES = ["/profile/", "/profile/edit/"]


@pytest.mark.parametrize("url", PAGES)
def test_member_opens_own_profile_pages(member_client, url):
    assert member_client.get(url).status_code == 200


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_visitor_is_sent_to_sign_in(client, db, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/?next={url}"


def test_anonymous_post_to_edit_saves_nothing(client, db):
    response = client.post("/profile/edit/", form_data())

    assert response.status_code == 302
    assert not Profile.objects.exists()


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("role", ["consultant", "staff"])
def test_consultant_and_staff_are_refused(client, request, role, url):
    client.force_login(request.getfixturevalue(role))

    assert client.get(url).status_code == 403


@pytest.mark.parametrize("role", ["consultant", "staff"])
def test_consultant_and_staff_cannot_save_a_profile(client, request, role):
    client.force_login(request.getfixturevalue(role))

    assert client.post("/profile/edit/", form_data()).status_code == 403
    assert not Profile.objects.exists()


@pytest.mark.parametrize("url", PAGES)
def test_another_member_sees_only_their_own_empty_profile(client, member, other_member, url):
    profile = make_profile(member, desired_job="비밀직무", situation="이직 고민 중")
    add_education(profile, school="비밀대학교")
    add_career(profile, company="비밀회사")
    client.force_login(other_member)

    page = client.get(url).content.decode()

    for secret in (member.name, "비밀직무", "이직 고민 중", "비밀대학교", "비밀회사"):
        assert secret not in page

"""Who may open each experience page: the owner; another member gets 404, never the data."""

import pytest

from experiences.models import Experience
from tests.experiences.conftest import valid_form

OWN_PAGES = ["detail", "edit", "delete"]


def url(name, experience=None):
    paths = {
        "list": "/experiences/",
        "create": "/experiences/new/",
        "detail": f"/experiences/{experience.pk if experience else 0}/",
        "edit": f"/experiences/{experience.pk if experience else 0}/edit/",
        "delete": f"/experiences/{experience.pk if experience else 0}/delete/",
    }
    return paths[name]


@pytest.mark.parametrize("name", ["list", "create", *OWN_PAGES])
def test_owner_opens_every_page(client, member, experience, name):
    client.force_login(member)

    assert client.get(url(name, experience)).status_code == 200


@pytest.mark.parametrize("name", OWN_PAGES)
def test_another_members_experience_is_not_found(client, other_member, experience, name):
    client.force_login(other_member)

    response = client.get(url(name, experience))

    assert response.status_code == 404
    assert experience.title not in response.content.decode()


def test_another_member_cannot_edit_by_post(client, other_member, experience):
    client.force_login(other_member)

    response = client.post(url("edit", experience), valid_form(title="가로챈 제목"))

    assert response.status_code == 404
    experience.refresh_from_db()
    assert experience.title == "교내 앱 공모전"


def test_another_member_cannot_delete_by_post(client, other_member, experience):
    client.force_login(other_member)

    response = client.post(url("delete", experience))

    assert response.status_code == 404
    assert Experience.objects.filter(pk=experience.pk).exists()


def test_missing_experience_is_not_found(client, member):
    client.force_login(member)

    assert client.get("/experiences/999999/").status_code == 404


def test_another_members_experiences_never_appear_in_the_list(client, other_member, experience):
    client.force_login(other_member)

    page = client.get("/experiences/").content.decode()

    assert experience.title not in page
    assert "아직 적어 둔 경험이 없어요" in page


@pytest.mark.parametrize("name", ["list", "create", *OWN_PAGES])
@pytest.mark.parametrize("role", ["consultant", "staff"])
def test_consultant_and_staff_are_refused(client, request, experience, role, name):
    client.force_login(request.getfixturevalue(role))

    assert client.get(url(name, experience)).status_code == 403


@pytest.mark.parametrize("role", ["consultant", "staff"])
def test_consultant_and_staff_cannot_delete_by_post(client, request, experience, role):
    client.force_login(request.getfixturevalue(role))

    assert client.post(url("delete", experience)).status_code == 403
    assert Experience.objects.filter(pk=experience.pk).exists()


@pytest.mark.parametrize("name", ["list", "create", *OWN_PAGES])
def test_anonymous_visitor_is_sent_to_sign_in(client, experience, name):
    path = url(name, experience)

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == f"/?next={path}"


def test_anonymous_post_delete_changes_nothing(client, experience):
    response = client.post(url("delete", experience))

    assert response.status_code == 302
    assert Experience.objects.filter(pk=experience.pk).exists()


def test_list_refuses_post(client, member):
    client.force_login(member)

    assert client.post("/experiences/").status_code == 405

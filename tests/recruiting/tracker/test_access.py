"""Every tracker and calendar URL: the member gets their own, anyone else does not."""

import pytest

from recruiting.tracker.models import OutsideApplication, Stage

pytestmark = pytest.mark.django_db


def member_urls(outside):
    return [
        ("get", "/recruiting/tracker/"),
        ("get", "/recruiting/tracker/new/"),
        ("get", f"/recruiting/tracker/{outside.pk}/"),
        ("get", f"/recruiting/tracker/{outside.pk}/delete/"),
        ("post", f"/recruiting/tracker/{outside.pk}/stage/"),
        ("get", "/recruiting/calendar/"),
        ("post", "/recruiting/calendar/feed/"),
        ("post", "/recruiting/calendar/feed/revoke/"),
    ]


def test_anonymous_visitor_is_sent_to_sign_in(client, outside):
    for method, url in member_urls(outside):
        response = getattr(client, method)(url, {"stage": "final"})
        assert response.status_code == 302, url
        assert "?next=/recruiting/" in response["Location"], url
    assert OutsideApplication.objects.get().stage == Stage.DOCUMENTS


def test_another_member_gets_404_and_changes_nothing(client, other_member, outside):
    client.force_login(other_member)
    for url in (
        f"/recruiting/tracker/{outside.pk}/",
        f"/recruiting/tracker/{outside.pk}/delete/",
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"company": "x", "role": "y", "stage": "final"}).status_code == 404
    assert (
        client.post(f"/recruiting/tracker/{outside.pk}/stage/", {"stage": "final"}).status_code
        == 404
    )
    entry = OutsideApplication.objects.get()
    assert (entry.company, entry.stage) == ("한빛은행", Stage.DOCUMENTS)
    # Their own pages do not show the owner's rows.
    assert "한빛은행" not in client.get("/recruiting/tracker/").content.decode()
    assert "한빛은행" not in client.get("/recruiting/calendar/?month=2026-12").content.decode()


@pytest.mark.parametrize("who", ["consultant", "staff"])
def test_consultant_and_staff_get_403(client, request, who, outside):
    client.force_login(request.getfixturevalue(who))
    for method, url in member_urls(outside):
        assert getattr(client, method)(url).status_code == 403, url

"""Local drafts belong to one member on a device: the page names them by an opaque key, and the
page after sign-out or withdrawal tells the browser to clear them (static/js/drafts.js; the
browser side is in tests/e2e/test_autosave_session.py)."""

import re

from django.test import Client

from accounts.drafts import draft_namespace

DRAFTS_META = re.compile(r'<meta name="lifemento-drafts" content="([0-9a-f]+)">')
CLEAR_META = re.compile(r'<meta name="lifemento-drafts-clear" content="([0-9a-f]+)">')


def namespace_on(page: str) -> str | None:
    found = DRAFTS_META.search(page)
    return found.group(1) if found else None


def test_member_pages_name_the_drafts_by_an_opaque_key_that_survives_sessions(member, other_member):
    first, second, other = Client(), Client(), Client()
    first.force_login(member)
    second.force_login(member)  # a later session, after the first one expired
    other.force_login(other_member)

    key = namespace_on(first.get("/home/").content.decode())

    assert key == namespace_on(second.get("/coverletters/").content.decode())
    assert key != namespace_on(other.get("/home/").content.decode())
    assert str(member.pk) != key and len(key) == 24


def test_visitors_pages_name_no_drafts(client, db):
    page = client.get("/").content.decode()

    assert namespace_on(page) is None and not CLEAR_META.search(page)


def test_the_page_after_sign_out_clears_that_members_drafts_once(client, member):
    client.force_login(member)
    key = draft_namespace(member)

    response = client.post("/accounts/logout/", follow=True)

    page = response.content.decode()
    assert response.redirect_chain[-1][0] == "/"
    assert CLEAR_META.findall(page) == [key]
    assert namespace_on(page) is None
    assert not CLEAR_META.search(client.get("/").content.decode())  # once, like a message


def test_the_sign_out_form_is_marked_for_the_script(client, member):
    client.force_login(member)

    home = client.get("/home/").content.decode()
    confirm = client.get("/accounts/logout/").content.decode()

    assert re.search(r'<form method="post" action="/accounts/logout/" data-signout>', home)
    assert "로그아웃할까요?" in confirm and "data-signout" in confirm


def test_the_page_after_withdrawal_clears_that_members_drafts(client, member):
    client.force_login(member)
    key = draft_namespace(member)
    assert "data-local-drafts-notice" in client.get("/accounts/withdraw/").content.decode()

    response = client.post("/accounts/withdraw/", {"confirm": "on"}, follow=True)

    page = response.content.decode()
    assert "탈퇴가 완료되었어요" in page
    assert CLEAR_META.findall(page) == [key]

"""Cookie choices: nothing but essential cookies before a choice; the choice kept in a cookie
for visitors and in the consent ledger for members; works with and without script."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from privacy.consents.models import ConsentChannel, ConsentRecord
from privacy.consents.purposes import Purpose
from privacy.notices.context_processors import notices as notices_context
from tests.core.test_html import audit

ESSENTIAL = {"sessionid", "csrftoken", "cookie_choice"}
BANNER = "쿠키를 어디까지 허용할지 골라 주세요"


def cookie_rows(member):
    return list(
        ConsentRecord.objects.filter(
            member=member, purpose__in=(Purpose.COOKIES_STATISTICS, Purpose.COOKIES_MARKETING)
        )
        .order_by("id")
        .values_list("purpose", "granted", "channel")
    )


@pytest.mark.parametrize(
    "url", ["/", "/privacy/policy/", "/notices/", "/notices/cookies/", "/notices/policy/versions/"]
)
def test_visitor_gets_only_essential_cookies_before_choosing(client, db, url):
    response = client.get(url)

    assert set(response.cookies) <= ESSENTIAL - {"cookie_choice"}
    assert BANNER in response.content.decode()


@pytest.mark.parametrize("url", ["/home/", "/profile/", "/accounts/me/"])
def test_member_gets_only_essential_cookies_before_choosing(client, member, url):
    client.force_login(member)

    response = client.get(url)

    assert set(client.cookies) <= ESSENTIAL and "cookie_choice" not in client.cookies
    assert set(response.cookies) <= ESSENTIAL
    assert BANNER in response.content.decode()


def test_gate_is_closed_before_a_choice(db):
    request = RequestFactory().get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    context = notices_context(request)

    assert context["cookie_consent"].chosen is False
    assert context["cookie_consent"].statistics is False
    assert context["cookie_consent"].marketing is False
    template = Template("{% if cookie_consent.statistics %}ANALYTICS{% endif %}")
    assert "ANALYTICS" not in template.render(Context(context))


def test_without_script_the_banner_posts_and_returns_to_the_page(client, db):
    response = client.post("/notices/cookies/choice/", {"choice": "all", "next": "/notices/"})

    assert response.status_code == 302 and response["Location"] == "/notices/"
    assert response.cookies["cookie_choice"].value == "v1.s1.m1"
    assert response.cookies["cookie_choice"]["httponly"]
    page = client.get("/notices/")
    assert BANNER not in page.content.decode()
    assert page.context["cookie_consent"].statistics is True
    assert page.context["cookie_consent"].marketing is True


def test_with_script_the_choice_is_answered_with_json(client, db):
    response = client.post(
        "/notices/cookies/choice/", {"choice": "essential"}, headers={"X-Requested-With": "fetch"}
    )

    assert response.status_code == 200
    assert response.json() == {"statistics": False, "marketing": False}
    assert response.cookies["cookie_choice"].value == "v1.s0.m0"
    page = client.get("/")
    assert BANNER not in page.content.decode()
    assert page.context["cookie_consent"].statistics is False


def test_banner_returns_only_to_this_site(client, db):
    response = client.post(
        "/notices/cookies/choice/", {"choice": "all", "next": "https://evil.example/"}
    )

    assert response["Location"] == "/"


def test_an_unknown_answer_is_refused(client, db):
    assert client.post("/notices/cookies/choice/", {"choice": "some"}).status_code == 400
    assert client.get("/notices/cookies/choice/").status_code == 405


def test_member_choice_is_recorded_in_the_ledger_for_both_purposes(client, member):
    client.force_login(member)

    client.post("/notices/cookies/choice/", {"choice": "essential", "next": "/home/"})

    assert cookie_rows(member) == [
        (Purpose.COOKIES_STATISTICS, False, ConsentChannel.COOKIE_BANNER),
        (Purpose.COOKIES_MARKETING, False, ConsentChannel.COOKIE_BANNER),
    ]
    assert BANNER not in client.get("/home/").content.decode()


def test_member_changes_the_choice_on_the_settings_page(client, member):
    client.force_login(member)
    client.post("/notices/cookies/choice/", {"choice": "essential"})

    response = client.post("/notices/cookies/", {"statistics": "on"})

    assert response.status_code == 302
    assert cookie_rows(member)[2:] == [
        (Purpose.COOKIES_STATISTICS, True, ConsentChannel.COOKIE_BANNER)
    ]
    page = client.get("/notices/cookies/")
    assert page.context["cookie_consent"].statistics is True
    assert page.context["cookie_consent"].marketing is False
    assert audit(page.content.decode()) == []


def test_the_ledger_decides_for_a_member_in_a_new_browser(client, member):
    client.force_login(member)
    client.post("/notices/cookies/choice/", {"choice": "all"})
    client.logout()
    client.cookies.clear()

    client.force_login(member)  # another browser: no choice cookie
    page = client.get("/home/")

    assert BANNER not in page.content.decode()
    assert page.context["cookie_consent"].marketing is True


def test_the_ledger_wins_over_a_stale_cookie(client, member):
    client.force_login(member)
    client.post("/notices/cookies/choice/", {"choice": "all"})
    ConsentRecord.objects.create(
        member=member,
        purpose=Purpose.COOKIES_MARKETING,
        granted=False,
        policy_version="2024-06-20",
        channel=ConsentChannel.COOKIE_BANNER,
    )  # withdrawn from another device

    page = client.get("/home/")

    assert page.context["cookie_consent"].marketing is False


def test_footer_links_cookie_settings_and_notices(client, db):
    page = client.get("/").content.decode()

    assert 'href="/notices/cookies/"' in page and "쿠키 설정" in page
    assert 'href="/notices/"' in page
    assert audit(page) == []

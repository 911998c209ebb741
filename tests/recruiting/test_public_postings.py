"""Postings are public: a shared link opens with a preview, and a visitor who signs up with
Kakao lands back on the posting."""

import datetime
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Role, User
from recruiting.models import PostingQuestion, PostingStatus
from tests.recruiting.conftest import make_posting


def _meta(page: str, key: str) -> str:
    match = re.search(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)">', page)
    assert match, key
    return html.unescape(match[1])


def test_a_visitor_reads_a_posting_with_open_graph_tags(client, posting, settings):
    settings.SITE_URL = "https://lifemento.example/"
    page = client.get(f"/recruiting/postings/{posting.pk}/").content.decode()

    assert _meta(page, "og:title") == "2026 하반기 마케팅 신입 · 라이프전자"
    assert _meta(page, "og:url") == f"https://lifemento.example/recruiting/postings/{posting.pk}/"
    assert _meta(page, "og:type") == "website"
    assert _meta(page, "og:site_name") == "라이프멘토"
    assert _meta(page, "twitter:card") == "summary"
    assert _meta(page, "og:description").startswith("라이프전자 · 마케팅 · 마감 ")
    assert page.count('name="description"') == 1
    assert "카카오로 시작하고 지원하기" in page
    assert f'name="next" value="/recruiting/postings/{posting.pk}/"' in page
    assert "이 공고로 자소서 쓰기" not in page  # a member's action


def test_the_list_is_public_with_its_own_preview(client, posting):
    page = client.get("/recruiting/postings/").content.decode()
    assert posting.title in page
    assert _meta(page, "og:url").endswith("/recruiting/postings/")
    assert "지원 내역" not in page  # the member's menu


def test_open_graph_text_is_escaped(client, db):
    posting = make_posting(title='"따옴표" <b>굵게</b> 공고')
    page = client.get(f"/recruiting/postings/{posting.pk}/").content.decode()
    assert "<b>굵게</b>" not in page
    assert _meta(page, "og:title").startswith('"따옴표" <b>굵게</b> 공고')


@pytest.mark.parametrize(
    "closed",
    [
        {"status": PostingStatus.CLOSED},
        {"deadline": timezone.localdate() - datetime.timedelta(days=1)},
    ],
)
def test_a_closed_posting_stays_readable(client, member, db, closed):
    posting = make_posting(**closed)
    page = client.get(f"/recruiting/postings/{posting.pk}/").content.decode()
    assert "마감된 공고예요" in page and "마감된 공고" in _meta(page, "og:description")
    client.force_login(member)
    page = client.get(f"/recruiting/postings/{posting.pk}/").content.decode()
    assert "마감된 공고예요" in page and "보낼 내용 확인하기" not in page


def test_an_unknown_posting_is_404_for_a_visitor(client, db):
    assert client.get("/recruiting/postings/999999/").status_code == 404


def test_applying_still_needs_a_member(client, posting):
    response = client.get(f"/recruiting/postings/{posting.pk}/apply/")
    assert response.status_code == 302 and "?next=" in response["Location"]


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("signed_in", [False, True])
def test_posting_list_queries_are_the_same_at_1_and_50_postings(client, member, signed_in):
    if signed_in:
        client.force_login(member)
    make_posting(title="공고 0")
    one = _queries(client, "/recruiting/postings/")
    for i in range(1, 50):
        make_posting(title=f"공고 {i}")
    fifty = _queries(client, "/recruiting/postings/")
    assert one == fifty
    assert client.get("/recruiting/postings/").content.decode().count("공고 ") >= 50


def _start_with_next(client, next_url):
    from urllib.parse import parse_qs, urlsplit

    response = client.post("/accounts/kakao/login/", {"next": next_url})
    assert response.status_code == 302
    return {k: v[0] for k, v in parse_qs(urlsplit(response["Location"]).query).items()}


def test_a_new_member_lands_back_on_the_posting_after_sign_up(kakao, client, posting):
    page = client.get(f"/recruiting/postings/{posting.pk}/").content.decode()
    assert "카카오로 시작하고 지원하기" in page

    params = _start_with_next(client, f"/recruiting/postings/{posting.pk}/")
    path, query = kakao.authorize(params)
    assert kakao.callback(path, query)["Location"].endswith("/accounts/3rdparty/signup/")
    response = kakao.consent()

    assert response.status_code == 302
    assert response["Location"] == f"/recruiting/postings/{posting.pk}/"
    assert User.objects.filter(role=Role.MEMBER).count() == 1
    page = client.get(response["Location"]).content.decode()
    assert "이 공고로 자소서 쓰기" in page


@pytest.mark.parametrize(
    "evil", ["https://evil.example/recruiting/postings/1/", "//evil.example/", "/\\evil.example"]
)
def test_an_outside_next_is_refused_after_sign_up(kakao, client, db, evil):
    params = _start_with_next(client, evil)
    path, query = kakao.authorize(params)
    kakao.callback(path, query)
    response = kakao.consent()

    assert response.status_code == 302
    assert response["Location"] == "/home/"


def test_posting_pages_are_well_formed_for_a_visitor_and_a_member(client, member, posting):
    from tests.core.test_html import audit

    PostingQuestion.objects.create(posting=posting, position=1, prompt="지원 동기", limit=500)
    for who in (None, member):
        if who:
            client.force_login(who)
            client.post(f"/recruiting/postings/{posting.pk}/letter/")
        for url in ("/recruiting/postings/", f"/recruiting/postings/{posting.pk}/"):
            assert audit(client.get(url).content.decode()) == [], (who, url)


def test_a_returning_member_signing_in_from_the_posting_lands_on_it(kakao, client, posting):
    kakao.join()
    client.post("/accounts/logout/")

    params = _start_with_next(client, f"/recruiting/postings/{posting.pk}/")
    path, query = kakao.authorize(params)
    response = kakao.callback(path, query)

    assert response["Location"] == f"/recruiting/postings/{posting.pk}/"

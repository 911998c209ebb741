"""Korean error pages in the site's layout, with DEBUG off (pytest-django's default, as in
production): 400, 403 (CSRF included, as JSON for scripts), 404, 429, 500 and 503, none showing
a trace, none needing the database or the cache."""

import pytest
from django.test import Client, RequestFactory

from core import errors

pytestmark = pytest.mark.django_db


def korean_page(response, status: int, heading: str) -> str:
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert '<html lang="ko">' in page
    assert 'class="brand"' in page and "개인정보처리방침" in page  # the site's layout
    assert heading in page
    assert "Traceback" not in page and "secret detail" not in page
    return page


def test_404_is_a_korean_page_and_costs_no_query(client, django_assert_num_queries, settings):
    assert settings.DEBUG is False
    with django_assert_num_queries(0):
        response = client.get("/no-such-page/")

    korean_page(response, 404, "페이지를 찾을 수 없어요")


def test_400_for_a_host_we_do_not_serve():
    response = Client(HTTP_HOST="attacker.example").get("/")

    korean_page(response, 400, "요청을 처리할 수 없어요")


def test_403_when_a_consultant_opens_a_member_page(client, consultant):
    client.force_login(consultant)

    korean_page(client.get("/home/"), 403, "이 페이지를 볼 권한이 없어요")


def test_403_csrf_failure_says_how_to_try_again():
    client = Client(enforce_csrf_checks=True)

    page = korean_page(client.post("/accounts/kakao/login/"), 403, "보안 확인이 만료")
    assert "다시 시도" in page and "새로고침" in page


@pytest.mark.parametrize(
    "headers", [{"Accept": "application/json"}, {"HX-Request": "true"}], ids=["fetch", "htmx"]
)
def test_403_csrf_failure_answers_json_to_scripts(headers):
    client = Client(enforce_csrf_checks=True)

    response = client.post("/coverletters/", headers=headers)

    assert response.status_code == 403
    body = response.json()
    assert body["error"] == "csrf"
    assert "다시 시도" in body["message"]


def test_429_page():
    request = RequestFactory().get("/")

    response = errors.too_many_requests(request, retry_after=60)

    korean_page(response, 429, "요청이 너무 많이 들어왔어요")
    assert "1분 뒤에" in response.content.decode()
    assert response["Retry-After"] == "60"


def test_allauth_rate_limits_answer_with_the_korean_429_page():
    from allauth.core.internal.ratelimit import respond_429

    korean_page(respond_429(RequestFactory().get("/")), 429, "요청이 너무 많이 들어왔어요")


@pytest.mark.urls("tests.core.error_urls")
def test_500_shows_no_trace():
    client = Client(raise_request_exception=False)

    korean_page(client.get("/test-bug/"), 500, "일시적인 오류로 요청을 처리하지 못했어요")


@pytest.mark.urls("tests.core.error_urls")
def test_a_database_that_is_gone_is_a_503_with_retry_after():
    client = Client(raise_request_exception=False)

    response = client.get("/test-database-gone/")

    page = korean_page(response, 503, "잠시 서비스를 이용할 수 없어요")
    assert "10초 뒤에 다시 시도해 주세요" in page
    assert response["Retry-After"] == "10"
    assert response["Cache-Control"] == "no-store"
    assert "127.0.0.1" not in page


@pytest.mark.urls("tests.core.error_urls")
def test_a_database_that_is_gone_answers_json_to_scripts():
    client = Client(raise_request_exception=False)

    response = client.get("/test-database-gone/", headers={"Accept": "application/json"})

    assert response.status_code == 503 and response["Retry-After"] == "10"
    assert response.json()["error"] == "unavailable"


@pytest.mark.redis
def test_error_pages_render_with_redis_down(client, own_redis):
    own_redis.stop()

    korean_page(client.get("/no-such-page/"), 404, "페이지를 찾을 수 없어요")


def _wrapped(driver_error):
    from django.db import OperationalError

    try:
        raise OperationalError(str(driver_error)) from driver_error
    except OperationalError as error:
        return error


def test_only_errors_that_mean_the_database_is_away_become_a_503():
    import sqlite3

    import psycopg.errors
    from psycopg_pool import PoolTimeout

    from core.errors import is_unavailable

    # Retrying helps: a restart, a refused connection, an exhausted pool, too many clients.
    assert is_unavailable(_wrapped(psycopg.errors.AdminShutdown()))
    assert is_unavailable(_wrapped(psycopg.OperationalError("connection refused")))
    assert is_unavailable(_wrapped(PoolTimeout("couldn't get a connection after 2.00 sec")))
    assert is_unavailable(_wrapped(psycopg.errors.TooManyConnections()))
    assert is_unavailable(_wrapped(sqlite3.OperationalError("database is locked")))
    # Retrying changes nothing: these are bugs or contention to see and fix, a 500.
    assert not is_unavailable(_wrapped(psycopg.errors.DeadlockDetected()))
    assert not is_unavailable(_wrapped(psycopg.errors.QueryCanceled()))
    assert not is_unavailable(_wrapped(sqlite3.OperationalError("no such column: x")))
    assert not is_unavailable(ValueError("not a database error"))

"""Fault drill: PostgreSQL refuses connections for a moment, under the app served by gunicorn
(tests.support.app_server) through a TCP proxy the test cuts (tests.support.tcp_proxy), never
touching the shared server. What the member sees: a short Korean 503 page with Retry-After
(JSON for the autosave script), not an English 500 after seconds; what they wrote before the
fault is all there; and the site serves again by itself when the database is back."""

import re
import time

import pytest
import requests
from django.conf import settings
from django.db import connection
from django.test import Client

from coverletters.models import CoverLetter, Question
from tests.conftest import make_member
from tests.support.app_server import app_server, database_url_at
from tests.support.tcp_proxy import tcp_proxy

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

TIMEOUT = 30  # seconds the site may take to serve again once PostgreSQL accepts again


def csrf_token(page: str) -> str:
    return re.search(r'"X-CSRFToken": "([^"]+)"', page).group(1)


def test_postgres_refusing_connections_gives_a_korean_503_then_service_resumes(tmp_path):
    member = make_member()
    letter = CoverLetter.objects.create(member=member, title="상반기 공채", job_title="기획")
    question = Question.objects.create(cover_letter=letter, position=1, prompt="지원 동기")
    signed_in = Client()
    signed_in.force_login(member)
    browser = requests.Session()
    browser.cookies.set(
        settings.SESSION_COOKIE_NAME, signed_in.cookies[settings.SESSION_COOKIE_NAME].value
    )
    db = connection.settings_dict

    with (
        tcp_proxy(db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432)) as proxy,
        app_server(
            database_url_at("127.0.0.1", proxy.port),
            log=tmp_path / "gunicorn.log",
            env={"DATABASE_POOL_TIMEOUT": "1"},
        ) as base,
    ):
        editor_url = f"{base}/coverletters/{letter.pk}/"
        save_url = f"{base}/coverletters/questions/{question.pk}/answer/"
        editor = browser.get(editor_url, timeout=10)
        assert editor.status_code == 200
        headers = {"X-CSRFToken": csrf_token(editor.text), "Accept": "application/json"}
        saved = browser.post(
            save_url, {"answer": "장애 전에 쓴 문장이에요.", "revision": 0}, headers=headers
        )
        assert saved.status_code == 200 and saved.json()["revision"] == 1

        proxy.refuse()  # PostgreSQL goes away for this app

        page = browser.get(editor_url, timeout=10)
        assert page.status_code == 503
        assert page.headers["Retry-After"] == "10"
        assert "잠시 서비스를 이용할 수 없어요" in page.text
        assert "이전에 저장된 내용은 그대로 있어요" in page.text
        assert "Traceback" not in page.text and "OperationalError" not in page.text
        refused = browser.post(
            save_url, {"answer": "장애 중에 쓴 문장", "revision": 1}, headers=headers
        )
        assert refused.status_code == 503 and refused.json()["error"] == "unavailable"
        health = browser.get(f"{base}/healthz", timeout=10)  # with the session cookie
        assert health.status_code == 503 and health.json()["database"] == "unavailable"

        question.refresh_from_db()  # the test's own connection, not through the proxy
        assert question.answer == "장애 전에 쓴 문장이에요."  # nothing written before is lost

        proxy.accept()  # PostgreSQL is back

        deadline = time.monotonic() + TIMEOUT
        while (page := browser.get(editor_url, timeout=10)).status_code != 200:
            assert page.status_code == 503, page.status_code
            assert time.monotonic() < deadline, "the site did not serve again"
            time.sleep(0.2)
        assert "장애 전에 쓴 문장이에요." in page.text
        again = browser.post(
            save_url, {"answer": "다시 이어서 써요.", "revision": 1}, headers=headers
        )
        assert again.status_code == 200 and again.json()["revision"] == 2
        assert browser.get(f"{base}/healthz", timeout=10).json()["database"] == "ok"

    question.refresh_from_db()
    assert question.answer == "다시 이어서 써요."

"""Fault drill: Redis stopped (a redis-server of the test's own, killed) while members use the
site, on PostgreSQL. What the member sees: every page that does not need the broker works,
autosave keeps saving, withdrawal completes, sign-in through Kakao works; /healthz says
degraded and names the broker; when Redis returns, everything uses it again."""

import pytest
from django.core.cache import cache
from django.test import Client

from accounts.models import MemberSession, Role, User
from coverletters.models import CoverLetter, Question
from privacy.notices.selectors import TIMELINE_CACHE_KEY

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.django_db]

JSON = {"HTTP_ACCEPT": "application/json"}


def letter_with_a_question(member) -> Question:
    letter = CoverLetter.objects.create(member=member, title="2026 하반기 공채", job_title="기획")
    return Question.objects.create(
        cover_letter=letter, position=1, prompt="지원 동기를 쓰세요.", limit=500
    )


def autosave(client: Client, question: Question, text: str, revision: int):
    return client.post(
        f"/coverletters/questions/{question.pk}/answer/",
        {"answer": text, "revision": revision},
        **JSON,
    )


def test_with_redis_stopped_the_site_works_from_sign_in_to_withdrawal(own_redis, kakao, client):
    """The issue's acceptance drill, in one member's visit."""
    own_redis.stop()

    landing = client.get("/")
    assert landing.status_code == 200 and "카카오로 시작하기" in landing.content.decode()
    policy = client.get("/privacy/policy/")
    assert policy.status_code == 200 and "개인정보처리방침" in policy.content.decode()

    assert kakao.join()["Location"] == "/home/"  # signed up through the fake Kakao
    member = User.objects.get(role=Role.MEMBER)
    assert client.get("/home/").status_code == 200

    question = letter_with_a_question(member)
    editor = client.get(f"/coverletters/{question.cover_letter_id}/")
    assert editor.status_code == 200 and "지원 동기를 쓰세요." in editor.content.decode()
    assert autosave(client, question, "데이터로 문제를 풀고 싶어요.", 0).json()["revision"] == 1

    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.json()["status"] == "degraded" and health.json()["broker"] == "unavailable"

    assert client.get("/accounts/withdraw/").status_code == 200
    response = client.post("/accounts/withdraw/", {"confirm": "on"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert not User.objects.filter(pk=member.pk).exists()
    assert not CoverLetter.objects.filter(pk=question.cover_letter_id).exists()
    assert not MemberSession.objects.filter(user_id=member.pk).exists()


def test_autosave_keeps_every_word_while_redis_dies_and_returns(own_redis, client, member):
    client.force_login(member)
    question = letter_with_a_question(member)
    drafts = ["첫 문장이에요.", "첫 문장이에요. 둘째 문장", "첫 문장이에요. 둘째 문장까지."]

    assert autosave(client, question, drafts[0], 0).status_code == 200  # Redis up
    own_redis.stop()  # mid-edit
    assert autosave(client, question, drafts[1], 1).status_code == 200
    assert autosave(client, question, drafts[2], 2).status_code == 200
    own_redis.start()
    cache.breaker.reset()  # as after the breaker's cooldown (tests/core/test_cache.py)
    final = autosave(client, question, drafts[2] + " 끝.", 3)

    assert final.status_code == 200 and final.json()["revision"] == 4
    question.refresh_from_db()
    assert question.answer == drafts[2] + " 끝."
    page = client.get(f"/coverletters/{question.cover_letter_id}/").content.decode()
    assert drafts[2] + " 끝." in page


def test_withdrawal_started_with_redis_up_completes_after_it_dies(own_redis, kakao, client):
    kakao.join()
    member = User.objects.get(role=Role.MEMBER)
    letter_with_a_question(member)
    assert client.get("/accounts/withdraw/").status_code == 200  # the member reads the notice

    own_redis.stop()
    response = client.post("/accounts/withdraw/", {"confirm": "on"})

    assert response.status_code == 302 and response["Location"] == "/"
    assert not User.objects.filter(pk=member.pk).exists()
    assert CoverLetter.objects.count() == 0
    assert client.get("/home/").status_code == 302  # signed out


def test_policy_timeline_comes_from_the_database_and_returns_to_the_cache(own_redis, client):
    client.get("/")
    assert cache.get(TIMELINE_CACHE_KEY) is not None  # warm in Redis
    own_redis.stop()

    assert "개인정보처리방침" in client.get("/privacy/policy/").content.decode()
    own_redis.start()  # empty: nothing was saved
    cache.breaker.reset()
    client.get("/")

    assert cache.get(TIMELINE_CACHE_KEY) is not None  # filled again, no restart needed

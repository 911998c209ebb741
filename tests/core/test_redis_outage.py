"""Throttles when Redis is gone (core.cache raises CacheUnavailable for counters): the staff
sign-in fails closed and says so in Korean; the public proxy form fails open."""

import pytest
from django.test import Client
from django.urls import reverse

from privacy.rights.models import RightsRequest
from tests.privacy.test_rights_proxy import form_data, pdf

pytestmark = [pytest.mark.redis, pytest.mark.django_db]

LOGIN = "/admin/login/?next=/admin/"
PASSWORD = "staff-password-123"


@pytest.fixture(autouse=True)
def _password_only(settings):
    settings.ADMIN_REQUIRE_OTP = False
    settings.TRUSTED_PROXY_COUNT = 0


def sign_in(client: Client, password: str = PASSWORD):
    return client.post(LOGIN, {"username": "staff1", "password": password, "next": "/admin/"})


def test_staff_sign_in_is_refused_in_korean_while_the_throttle_cannot_count(own_redis, staff):
    client = Client()
    own_redis.stop()

    response = sign_in(client)

    assert response.status_code == 200
    assert "로그인 시도를 확인할 수 없어 관리자 로그인을 잠시 막았어요" in response.content.decode()
    assert client.get("/admin/").status_code == 302  # still signed out


def test_staff_sign_in_works_again_when_redis_returns(own_redis, staff):
    client = Client()
    own_redis.stop()
    assert sign_in(client).status_code == 200
    own_redis.start()

    from django.core.cache import cache

    cache.breaker.reset()  # as after the cooldown (tested in test_cache)
    response = sign_in(client)

    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_the_proxy_form_is_still_received_while_redis_is_down(own_redis, member):
    own_redis.stop()

    response = Client().post(reverse("rights:proxy"), form_data(member, pdf()))

    assert response.status_code == 302 and response["Location"] == reverse("rights:proxy_done")
    assert RightsRequest.objects.get().member_id == member.pk

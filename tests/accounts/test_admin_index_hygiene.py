"""The admin index shows staff their work, not the framework's internals: OTP devices, social
apps and tokens, e-mail addresses and groups are for superusers only, and every label is Korean."""

import re

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.test import RequestFactory

from tests.conftest import make_staff

INTERNAL_LISTS = (
    "/admin/auth/group/",
    "/admin/account/emailaddress/",
    "/admin/socialaccount/socialapp/",
    "/admin/socialaccount/socialtoken/",
    "/admin/socialaccount/socialaccount/",
    "/admin/otp_totp/totpdevice/",
)
INTERNAL_NAMES = ("그룹", "이메일 주소", "소셜 애플리케이션", "소셜 계정", "TOTP")


@pytest.fixture
def powerful_staff(db):
    """A staff account whose groups give it every permission, but not a superuser."""
    user = make_staff("operator2")
    user.user_permissions.set(Permission.objects.all())
    return user


def test_staff_who_are_not_superusers_neither_see_nor_open_the_internals(client, powerful_staff):
    client.force_login(powerful_staff)
    index = client.get("/admin/").content.decode()

    for name in INTERNAL_NAMES:
        assert name not in index, name
    for url in INTERNAL_LISTS:
        assert client.get(url).status_code == 403, url
    assert "지원 내역" in index  # their own work is still there


def test_superusers_still_reach_the_internals_listed_last(client, db):
    client.force_login(make_staff("root", superuser=True))
    index = client.get("/admin/").content.decode()

    assert "권한 그룹 (개발자용)" in index and "관리자 2단계 인증 기기 (개발자용)" in index
    assert index.index("채용·지원") < index.index("권한 그룹 (개발자용)")
    for url in INTERNAL_LISTS:
        assert client.get(url).status_code == 200, url


def test_every_app_and_model_label_on_the_index_is_korean(db):
    request = RequestFactory().get("/admin/")
    request.user = make_staff("root", superuser=True)

    for app in admin.site.get_app_list(request):
        assert re.search("[가-힣]", app["name"]), app["name"]
        for model in app["models"]:
            assert re.search("[가-힣]", str(model["name"])), model["name"]

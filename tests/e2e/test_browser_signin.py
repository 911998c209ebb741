"""A newcomer in a real browser: Kakao sign-in, consent, home, withdrawal, and joining again.

Headless Chromium drives the app served by pytest-django's live server; the fake Kakao is
mounted in the same app, so allauth's server-side calls (token, user info) reach it over HTTP.
"""

import re

import pytest
from allauth.socialaccount.models import SocialAccount
from playwright.sync_api import expect

from accounts.models import Role, User
from privacy.consents.models import ConsentRecord
from tests.e2e.helpers import (
    PHONE,
    assert_no_horizontal_scroll,
    expect_consent_page,
    expect_member_home,
    members,
    path_of,
    start_with_kakao,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# --- Tests ----------------------------------------------------------------------------------


def test_kakao_button_fits_a_phone_screen(site, page):
    page.goto(site + "/")

    button = page.get_by_role("button", name="카카오로 시작하기")
    expect(button).to_be_visible()
    expect(button).to_be_in_viewport()
    assert_no_horizontal_scroll(page)
    box = button.bounding_box()
    assert box is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]


def test_newcomer_joins_with_kakao_withdraws_and_joins_again(site, page):
    # 1. A newcomer opens the site and starts with Kakao.
    page.goto(site + "/")
    expect(page.get_by_role("link", name="내 정보")).to_have_count(0)
    start_with_kakao(page)

    # 2. LifeMento's consent page; nothing is kept until they agree.
    expect_consent_page(page)
    assert_no_horizontal_scroll(page)
    assert members() == 0

    required = page.get_by_role("checkbox", name="동의해요 (필수)")
    expect(required).not_to_be_checked()
    required.check()
    expect(page.get_by_role("checkbox", name="동의해요 (선택)")).to_have_count(2)
    for optional in page.get_by_role("checkbox", name="동의해요 (선택)").all():
        expect(optional).not_to_be_checked()
    page.get_by_role("button", name="동의하고 가입하기").click()

    # 3. The member home greets them by their Kakao name.
    expect_member_home(page)
    assert_no_horizontal_scroll(page)
    assert members() == 1
    first = User.objects.get(role=Role.MEMBER)
    assert (first.name, first.phone) == ("김지원", "010-2846-1357")
    assert ConsentRecord.objects.filter(member=first).exists()

    # 4. 내 정보 → 탈퇴 안내 보기 → confirm → 탈퇴하기.
    page.get_by_role("navigation", name="계정").get_by_role("link", name="내 정보").click()
    expect(page.get_by_role("heading", name="내 정보", exact=True)).to_be_visible()
    assert path_of(page) == "/accounts/me/"
    assert_no_horizontal_scroll(page)
    page.get_by_role("link", name="탈퇴 안내 보기").click()
    expect(page.get_by_role("heading", name="회원 탈퇴")).to_be_visible()
    assert path_of(page) == "/accounts/withdraw/"
    assert_no_horizontal_scroll(page)
    page.get_by_label("위 내용을 확인했고, 탈퇴할게요").check()
    page.get_by_role("button", name="탈퇴하기").click()

    # 5. Back on the landing page, signed out, and nothing of them is left.
    expect(page.get_by_role("status")).to_contain_text("탈퇴가 완료되었어요")
    assert path_of(page) == "/"
    expect(page.get_by_role("button", name="카카오로 시작하기")).to_be_visible()
    expect(page.get_by_role("link", name="내 정보")).to_have_count(0)
    expect(page.get_by_role("button", name="로그아웃")).to_have_count(0)
    assert members() == 0
    assert SocialAccount.objects.count() == 0
    assert ConsentRecord.objects.count() == 0
    page.goto(site + "/home/")
    assert path_of(page) == "/", "the member home must not open after withdrawal"

    # 6. Signing in again with the same Kakao account is a new membership: consent again.
    start_with_kakao(page)
    expect_consent_page(page)
    assert members() == 0
    agree_all = page.get_by_label("아래 내용에 모두 동의해요")
    agree_all.check()
    each = page.get_by_role("checkbox", name=re.compile(r"^동의해요 \((필수|선택)\)$"))
    expect(each).to_have_count(3)
    for box in each.all():
        expect(box).to_be_checked()
    page.get_by_role("button", name="동의하고 가입하기").click()

    expect_member_home(page)
    assert members() == 1
    second = User.objects.get(role=Role.MEMBER)
    assert second.pk != first.pk
    assert not User.objects.filter(pk=first.pk).exists()

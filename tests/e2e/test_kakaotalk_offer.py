"""The whole path of a KakaoTalk message, in browsers: a member who agreed to KakaoTalk
messages at sign-up receives the offer a staff member sends in the admin; the relay sends it to
the fake NHN Cloud provider over HTTP; the provider's inbox shows what the phone would, with the
approved template and its variables; the delivery result comes back by webhook, and the member
sees the message in their own KakaoTalk log."""

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from accounts.models import Role, User
from messaging.fake import control
from messaging.models import Message, State
from messaging.relay import relay_once
from recruiting.models import Company
from tests.accounts.test_hardening_otp import code
from tests.conftest import make_staff
from tests.e2e.helpers import (
    PHONE,
    assert_no_horizontal_scroll,
    expect_consent_page,
    start_with_kakao,
)


@pytest.fixture
def kakaotalk(site, settings):
    settings.KAKAOTALK_BASE_URL = f"{site}/fake-kakaotalk"
    settings.SITE_URL = site
    control.reset()
    control.set_plan(webhook_mode="manual", webhook_url=f"{site}/messaging/webhooks/nhn/")
    return f"{site}/fake-kakaotalk"


@pytest.mark.django_db(transaction=True)
def test_a_member_gets_the_offer_staff_send_on_kakaotalk(site, kakaotalk, page, browser, settings):
    # The member joins, agreeing to KakaoTalk messages (optional) as well as the required one.
    page.goto(site + "/")
    start_with_kakao(page)
    expect_consent_page(page)
    page.get_by_role("checkbox", name="동의해요 (필수)").check()
    page.locator("fieldset", has_text="카카오톡 메시지 수신 동의").get_by_role("checkbox").check()
    page.get_by_role("button", name="동의하고 가입하기").click()
    expect(page.get_by_role("heading", name="김지원님, 반가워요")).to_be_visible()
    member = User.objects.get(role=Role.MEMBER)

    # Staff send an offer from the admin, signed in with the second factor.
    settings.ADMIN_REQUIRE_OTP = True
    Company.objects.create(name="라이프컴퍼니")
    staff = make_staff("operator", "operator-password-123", superuser=True)
    device = TOTPDevice.objects.create(user=staff, name="인증 앱", confirmed=True)
    desk = browser.new_context(locale="ko-KR").new_page()
    desk.goto(site + "/admin/")
    desk.get_by_label("아이디").fill("operator")
    desk.get_by_label("비밀번호").fill("operator-password-123")
    desk.get_by_label("인증 코드").fill(code(device))
    desk.get_by_role("button", name="로그인").click()
    expect(desk.get_by_role("heading", name="운영 관리")).to_be_visible()
    desk.goto(site + "/admin/recruiting/offer/add/")
    desk.locator("#id_member_phone").fill(member.phone)  # found through the blind index
    desk.locator("#id_company").select_option(label="라이프컴퍼니")
    desk.locator("#id_message").fill("백엔드 개발자로 함께하고 싶어요.")
    desk.locator("input[name=_save]").click()
    expect(desk.locator(".messagelist")).to_be_visible()

    # The message was queued with the offer; the relay sends it (a worker's job in production).
    message = Message.objects.get(recipient=member)
    assert message.template_code == "LMOFFER01"
    assert relay_once().accepted == 1
    message.refresh_from_db()
    assert message.state == State.ACCEPTED and message.request_id

    # The provider's inbox shows what the member's phone shows.
    inbox = browser.new_context(viewport=PHONE, locale="ko-KR").new_page()
    inbox.goto(kakaotalk + "/")
    card = inbox.locator("li.kt-message", has_text="LMOFFER01").first
    expect(card).to_contain_text("라이프컴퍼니에서 입사 제안을 보냈어요.")
    expect(card).to_contain_text("제안 확인하기")
    expect(card).not_to_contain_text("#{")
    expect(card).not_to_contain_text("010-2846-1357")  # the number is masked
    assert_no_horizontal_scroll(inbox)

    # The delivery result arrives by webhook and is recorded once.
    control.deliver()
    message.refresh_from_db()
    assert message.state == State.DELIVERED and message.result_code == "1000"

    # The member sees the offer on the home and the message in their KakaoTalk log.
    page.goto(site + "/home/")
    offers = page.get_by_role("region", name="도착한 입사 제안")
    expect(offers.get_by_role("link", name="라이프컴퍼니에서 입사 제안을 보냈어요")).to_be_visible()
    page.goto(site + "/notifications/kakaotalk/")
    expect(page.get_by_text("입사 제안 도착")).to_be_visible()
    expect(page.get_by_text(re.compile("라이프컴퍼니에서 입사 제안을 보냈어요"))).to_be_visible()
    expect(page.get_by_text("전달됨")).to_be_visible()
    assert_no_horizontal_scroll(page)

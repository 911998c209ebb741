"""Browser steps of the rights desk, for composing into larger acceptance tests (issue 15).

Each step starts from a page the officer is signed in on (officer_signs_in, or the lead's own
sign-in with the second factor) and leaves the browser on the page it ends on.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

RECEIVE_LINK = "접수 등록 (전화·우편·방문)"


def officer_signs_in(page: Page, base_url: str, *, username: str, password: str) -> None:
    """The staff sign-in of the admin, without a second factor (ADMIN_REQUIRE_OTP off)."""
    page.goto(f"{base_url}/admin/")
    page.get_by_label("아이디").fill(username)
    page.get_by_label("비밀번호").fill(password)
    page.get_by_role("button", name="로그인").click()
    expect(page.locator("#user-tools")).to_be_visible()


def officer_answers_phone_access_request(page: Page, base_url: str, *, phone: str) -> None:
    """A member called to ask what we hold about them (열람, 개인정보 보호법 제35조). The officer
    enters the call from the rights desk, finds the member by the phone number (shown masked),
    notes how the caller's identity was checked, and answers it at once, well before its due
    date: the request ends 처리 완료 with its result."""
    page.goto(f"{base_url}/admin/privacy/rightsrequest/")
    page.get_by_role("link", name=RECEIVE_LINK).click()
    expect(page.get_by_role("heading", name=re.compile("접수 등록"))).to_be_visible()

    form = page.locator("#rights-receive")
    form.get_by_label("전화", exact=True).check()
    form.get_by_label("회원 전화번호").fill(phone)
    form.get_by_role("button", name="회원 찾기").click()
    # The member as staff see them: masked name and number, and when they joined.
    hits = page.locator("#member-hits")
    expect(hits).to_contain_text("**")
    expect(hits).to_contain_text(f"****-{phone[-4:]}")
    expect(hits).to_contain_text("가입")

    form.get_by_label("열람", exact=True).check()
    form.get_by_label("요구 내용").fill("전화 요청: 보관 중인 프로필과 지원 내역을 알고 싶어요.")
    form.get_by_label("본인 확인 방법").select_option(index=1)  # 전화 — 가입 정보 대조
    form.get_by_label("본인 확인 메모").fill("생년월일과 최근 지원 기업 확인")
    form.get_by_role("button", name="접수 등록").click()

    # The request's page: received by phone, identity noted, handling started; due in 10 days.
    messages = page.locator(".messagelist")
    expect(messages).to_contain_text("접수했어요")
    expect(page.locator(".field-received_via")).to_contain_text("전화")
    expect(page.locator(".field-status").first).to_contain_text("처리 중")
    expect(page.locator(".field-deadline")).to_contain_text(re.compile(r"D-\d+"))
    expect(page.get_by_role("button", name="저장")).to_have_count(0)

    steps = page.locator("#rights-steps")
    steps.get_by_role("button", name="처리 완료", exact=True).click()
    page.get_by_label("처리 결과 (요청인에게 보여요)").fill(
        "보관 중인 개인정보 항목과 내용을 카카오톡 알림과 개인정보 센터로 안내했어요."
    )
    page.locator("#content-main").get_by_role("button", name="처리 완료", exact=True).click()

    expect(messages).to_contain_text("1건을 처리했어요.")
    expect(page.locator(".field-status").first).to_contain_text("처리 완료")
    expect(page.locator("#rights-steps")).to_have_count(0)

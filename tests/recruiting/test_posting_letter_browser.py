"""In Chromium on a phone: a visitor opens a shared posting, signs up with Kakao from it, lands
back on it, and turns it into a letter whose questions and limits are in the editor."""

import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from coverletters.models import CoverLetter, LimitUnit
from recruiting.models import Company, PostingQuestion
from tests.e2e.conftest import browser, page, site  # noqa: F401 - the browser fixtures
from tests.e2e.helpers import assert_no_horizontal_scroll, path_of
from tests.recruiting.conftest import make_posting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_posting_becomes_a_letter_with_its_questions(page: Page, site: str):  # noqa: F811
    posting = make_posting(
        Company.objects.create(name="푸른증권"),
        title="2026 하반기 푸른증권 MTS 기획 신입",
        job="MTS 기획",
        deadline=datetime.date(2030, 9, 30),
        deadline_time=datetime.time(15, 0),
    )
    PostingQuestion.objects.create(
        posting=posting,
        position=1,
        prompt="푸른증권에 지원한 동기를 쓰세요.",
        limit=500,
        limit_unit=LimitUnit.WITHOUT_SPACES,
    )
    PostingQuestion.objects.create(
        posting=posting,
        position=2,
        prompt="고객 입장에서 서비스를 개선한 경험을 쓰세요.",
        limit=1000,
        limit_unit=LimitUnit.KOREAN_BYTES,
    )

    # A link shared on KakaoTalk: no sign-in needed to read it.
    page.goto(f"{site}/recruiting/postings/{posting.pk}/")
    expect(page.get_by_role("heading", name="2026 하반기 푸른증권 MTS 기획 신입")).to_be_visible()
    expect(page.get_by_text("푸른증권에 지원한 동기를 쓰세요.")).to_be_visible()
    assert_no_horizontal_scroll(page)

    page.get_by_role("button", name="카카오로 시작하고 지원하기").click()
    page.get_by_role("radio", name=re.compile("김지원")).check()
    page.get_by_role("button", name="동의하고 계속하기").click()
    page.get_by_role("checkbox", name="동의해요 (필수)").check()
    page.get_by_role("button", name="동의하고 가입하기").click()

    # Back on the posting, now as a member.
    expect(page.get_by_role("heading", name="2026 하반기 푸른증권 MTS 기획 신입")).to_be_visible()
    assert path_of(page) == f"/recruiting/postings/{posting.pk}/"
    page.get_by_role("button", name="이 공고로 자소서 쓰기").click()

    expect(page.get_by_text("공고의 문항으로 자기소개서를 만들었어요.")).to_be_visible()
    letter = CoverLetter.objects.get()
    assert path_of(page) == f"/coverletters/{letter.pk}/"
    expect(page.get_by_role("heading", name="푸른증권 MTS 기획 자기소개서")).to_be_visible()
    expect(page.get_by_text("마감 2030.09.30 15:00")).to_be_visible()
    first = page.locator("section.question").nth(0)
    second = page.locator("section.question").nth(1)
    expect(first.locator("h3")).to_contain_text("푸른증권에 지원한 동기를 쓰세요.")
    expect(second.locator("h3")).to_contain_text("고객 입장에서 서비스를 개선한 경험을")
    expect(first.locator("[data-answer-form]")).to_have_attribute("data-limit", "500")
    expect(first.locator("[data-answer-form]")).to_have_attribute("data-unit", "without_spaces")
    expect(second.locator("[data-answer-form]")).to_have_attribute("data-unit", "korean_bytes")
    assert_no_horizontal_scroll(page)

    # A second tap on the posting offers this letter instead of making another.
    page.goto(f"{site}/recruiting/postings/{posting.pk}/")
    page.get_by_role("link", name="이어서 쓰기").click()
    assert path_of(page) == f"/coverletters/{letter.pk}/"
    assert CoverLetter.objects.count() == 1

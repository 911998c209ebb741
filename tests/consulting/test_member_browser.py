"""The member's request on a phone, in Chromium: from the home's link through the consent
screen to the engagement page, and stopping the sharing; no page scrolls sideways."""

import os

import pytest
from playwright.sync_api import Page, expect

from accounts.models import Role, User
from consulting.models import Engagement
from privacy.consents.models import ConsentRecord
from tests.consulting.member_support import make_consultant, make_workspace
from tests.e2e.conftest import browser, page, site  # noqa: F401 - the browser fixtures
from tests.e2e.helpers import assert_no_horizontal_scroll, join, path_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Set to a directory to keep a screenshot of each step (for looking at the pages).
SHOTS = os.environ.get("CONSULTING_SHOTS", "")


def step(tab: Page, name: str) -> None:
    assert_no_horizontal_scroll(tab)
    if SHOTS:
        tab.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def test_a_member_requests_a_review_and_then_stops_sharing(page: Page, site: str):  # noqa: F811
    join(page, site)
    member = User.objects.get(role=Role.MEMBER)
    make_workspace(member)
    make_consultant("cons-a", "이서연", jobs=["planning"], industries=["it"])
    make_consultant("cons-b", "박도윤", jobs=["development"])

    page.goto(site + "/home/")
    page.get_by_role("link", name="컨설팅 받기").click()
    expect(page.get_by_role("heading", name="어떤 컨설팅을 받을까요?")).to_be_visible()
    step(page, "1-service")
    page.get_by_role("radio", name="자기소개서 첨삭").check()
    page.get_by_role("button", name="다음").click()

    expect(page.get_by_role("heading", name="누구에게 받을까요?")).to_be_visible()
    step(page, "2-consultant")
    page.get_by_role("radio", name="맞는 컨설턴트를 찾아 주세요").check()
    page.get_by_role("button", name="다음").click()

    expect(page.get_by_text("이서연 컨설턴트를 찾았어요.")).to_be_visible()
    step(page, "3-share")
    page.get_by_role("button", name="다음").click()
    expect(page.get_by_text("공유할 정보를 하나 이상 골라 주세요.")).to_be_visible()
    page.get_by_role("checkbox", name="이름").check()
    page.get_by_role("checkbox", name="희망 직무").check()
    page.get_by_role("checkbox", name="한빛은행 2026 하반기").check()
    page.get_by_label("컨설턴트에게 남길 말").fill("지원 동기를 봐 주세요")
    page.get_by_role("button", name="다음").click()

    expect(page.get_by_role("heading", name="개인정보 제공 동의")).to_be_visible()
    notice = page.locator("[data-notice]")
    expect(notice).to_contain_text("이서연 컨설턴트")
    expect(notice).to_contain_text("본인 프로필: 희망 직무")
    expect(notice).to_contain_text("자기소개서: 한빛은행 2026 하반기")
    step(page, "4-consent")
    page.get_by_role("button", name="동의하고 요청하기").click()

    expect(page.get_by_text("컨설팅을 요청했어요.")).to_be_visible()
    engagement = Engagement.objects.get(member=member)
    assert path_of(page) == f"/consulting/my/{engagement.pk}/"
    assert engagement.matched
    record = ConsentRecord.objects.get(member=member, channel="provision", granted=True)
    assert record.details["items"] == [
        "요청 내용 (직접 쓴 메모)",
        "본인 프로필: 이름",
        "본인 프로필: 희망 직무",
        "자기소개서: 한빛은행 2026 하반기",
    ]
    step(page, "5-engagement")

    page.get_by_role("link", name="공유 중단(동의 철회)").click()
    step(page, "6-stop")
    page.get_by_role("button", name="공유 중단하기").click()
    expect(page.get_by_text("공유를 중단했어요.")).to_be_visible()
    assert ConsentRecord.objects.filter(member=member, granted=False, channel="provision").exists()

    page.get_by_role("link", name="내 컨설팅으로 돌아가기").click()
    expect(page.get_by_role("heading", name="컨설팅", exact=True)).to_be_visible()
    step(page, "7-home")
    page.goto(site + "/consulting/my/services/")
    step(page, "8-services")
    page.goto(site + "/consulting/my/consultants/")
    step(page, "9-consultants")

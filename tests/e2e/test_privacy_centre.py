"""A member in the privacy centre: downloads their data, withdraws the marketing consent, files a
correction request and sees it with its due date."""

import io
import json
import zipfile
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Role, User
from privacy.consents.purposes import Purpose
from privacy.consents.services import has_consent
from privacy.rights.models import RightsRequest
from tests.e2e.helpers import assert_no_horizontal_scroll, join, path_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_centre(page) -> None:
    page.get_by_role("navigation", name="계정").get_by_role("link", name="내 정보").click()
    page.get_by_role("link", name="개인정보 센터로 가기").click()
    expect(page.get_by_role("heading", name="개인정보 센터", exact=True)).to_be_visible()
    assert path_of(page) == "/privacy/me/"


def test_member_downloads_data_withdraws_marketing_and_files_a_correction(site, page):
    join(page, site)
    member = User.objects.get(role=Role.MEMBER)
    open_centre(page)
    assert_no_horizontal_scroll(page)

    # 1. Everything at once, as a file.
    with page.expect_download() as download_info:
        page.get_by_role("button", name="내 정보 다운로드").click()
    download = download_info.value
    assert download.suggested_filename.startswith("lifemento-my-data-")
    archive = zipfile.ZipFile(io.BytesIO(Path(download.path()).read_bytes()))
    data = json.loads(archive.read("data.json"))
    assert "김지원" in json.dumps(data, ensure_ascii=False)

    # 2. Marketing: agree, then withdraw; it takes effect at once.
    page.get_by_role("button", name="마케팅 및 광고 활용 동의하기").click()
    expect(page.get_by_role("status")).to_contain_text("마케팅 및 광고 활용에 동의했어요")
    assert has_consent(member, Purpose.MARKETING)
    page.get_by_role("button", name="마케팅 및 광고 활용 동의 철회하기").click()
    expect(page.get_by_role("status")).to_contain_text("동의를 철회했어요")
    assert not has_consent(member, Purpose.MARKETING)

    # 3. A correction request, seen at once with its due date 10 days out.
    page.get_by_role("link", name="요청하기").click()
    page.get_by_role("radio", name="정정").check()
    page.get_by_label("정정할 항목").fill("이름")
    page.get_by_label("올바른 내용").fill("김지운")
    page.get_by_role("button", name="요구하기").click()
    request = RightsRequest.objects.get()
    due = request.due_date
    assert (due - timezone.localdate()).days == 10
    expect(page.get_by_text(f"{due.year}년 {due.month}월 {due.day}일").first).to_be_visible()
    open_centre(page)
    expect(page.get_by_role("link", name="정정 요청")).to_be_visible()
    expect(page.get_by_text(f"기한 {due.year}년 {due.month}월 {due.day}일")).to_be_visible()

"""Browser steps over the 파기 대장, for composing into longer tests (issue 15's acceptance).

`officer_confirms_last_months_ledger(page, base_url)`: `page` is signed in to the admin as the
privacy officer (`retention.view_destructionrun` and `retention.confirm_destruction`, or a
superuser), and last month (KST, by the clock of the test process, which the live server
shares) has finished, unconfirmed ledger entries.
"""

from __future__ import annotations

import re

from django.utils import timezone
from playwright.sync_api import Page, expect

from privacy.retention.periods import month_label, previous_month

LEDGER_PATH = "/admin/retention/destructionrun/"
COLUMNS = ("파기 일시", "구분", "파기 대상", "파기 방법", "처리 담당자", "책임자 확인")


def officer_confirms_last_months_ledger(page: Page, base_url: str) -> None:
    """The officer opens the ledger, reads last month's entries under the guideline's Korean
    columns, confirms the month in one action, and sees the confirmation on every entry."""
    last_month = previous_month(timezone.localdate())
    label = month_label(last_month)

    page.goto(base_url + LEDGER_PATH)
    expect(page.get_by_role("heading", name="책임자 확인", exact=True)).to_be_visible()
    page.get_by_role("region", name="책임자 확인").get_by_role(
        "link", name=label, exact=True
    ).click()
    table = page.locator("#result_list")
    for column in COLUMNS:
        expect(table.get_by_role("columnheader", name=column)).to_be_visible()
    expect(table.get_by_role("cell", name="미확인").first).to_be_visible()
    expect(table).not_to_contain_text("destruction-daily")
    expect(table).not_to_contain_text("withdrawal")

    page.goto(base_url + LEDGER_PATH)
    page.get_by_role("link", name=f"{label} 확인하기").click()
    expect(page.get_by_role("heading", name=f"{label} 파기 대장 책임자 확인")).to_be_visible()
    page.get_by_label("확인 의견 (선택)").fill("정기 파기와 분리 보관 이관 기록을 확인했습니다.")
    page.get_by_role("button", name=f"{label} 파기 대장 확인").click()

    expect(
        page.get_by_text(re.compile(f"{label} 파기 대장 \\d+건을 책임자로서 확인했어요."))
    ).to_be_visible()
    table = page.locator("#result_list")
    expect(
        table.get_by_role("cell", name=re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d 확인$")).first
    ).to_be_visible()
    expect(table.get_by_role("cell", name="미확인")).to_have_count(0)

"""Browser steps of the quarterly self-audit, for this part's test and the issue's acceptance
test to compose.

`officer_completes_quarterly_audit(page, base_url)` starts from a page signed in to the admin
as the privacy officer, on a day when a quarter's audit is due (the list's banner links to it),
and leaves that audit completed and read-only.
"""

from playwright.sync_api import Page, expect

FINDINGS = {
    "access": ("권한 보유 계정의 지정 정보가 아직 없습니다.", "지정과 교육 기록을 입력합니다."),
    "idle": ("이상 없음", ""),
    "access_log": (
        "체인 검증 이상 없음. 월간 점검 기록이 남지 않았습니다.",
        "월간 점검 결과를 기록합니다.",
    ),
    "destruction": ("이상 없음", ""),
    "rights": ("이상 없음", ""),
    "keys": ("이상 없음", ""),
    "consents": ("이상 없음", ""),
    "overall": ("분기 자체 감사 결과 큰 문제는 없습니다.", "지적 사항은 다음 분기까지 조치합니다."),
}


def sign_in_to_admin(page: Page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/admin/")
    page.get_by_label("아이디").fill(username)
    page.get_by_label("비밀번호").fill(password)
    page.get_by_role("button", name="로그인").click()
    expect(page.get_by_role("heading", name="운영 관리")).to_be_visible()


def officer_completes_quarterly_audit(page: Page, base_url: str) -> None:
    """From the audit list: follow the due reminder, prepare the quarter's snapshot, record a
    finding and an action per section, save, then complete; check it is read-only after."""
    page.goto(f"{base_url}/admin/privacy/quarterlyaudit/")
    banner = page.locator(".messagelist", has_text="자체 감사")
    expect(banner).to_be_visible()
    banner.get_by_role("link", name="감사하러 가기").click()

    page.get_by_role("button", name="감사 자료 준비").click()
    expect(page.get_by_text("감사 자료를 준비했습니다.")).to_be_visible()
    expect(page.get_by_role("heading", name="개인정보 접근 권한 보유 현황")).to_be_visible()

    # First the findings only, saved; then the actions, and the completion.
    for key, (finding, _) in FINDINGS.items():
        page.locator(f"#id_{key}-finding").fill(finding)
    page.get_by_role("button", name="저장").click()
    expect(page.get_by_text("발견 사항과 조치를 저장했습니다.")).to_be_visible()
    expect(page.locator("#id_overall-finding")).to_have_value(FINDINGS["overall"][0])
    for key, (_, action) in FINDINGS.items():
        page.locator(f"#id_{key}-action").fill(action)
    page.get_by_role("button", name="감사 완료").click()

    expect(page.get_by_text("완료했습니다. 이제 고칠 수 없습니다.")).to_be_visible()
    expect(page.get_by_role("button", name="저장")).to_have_count(0)
    expect(page.locator("textarea")).to_have_count(0)
    expect(page.get_by_text(FINDINGS["overall"][1])).to_be_visible()
    expect(page.get_by_role("link", name="인쇄용 보기")).to_be_visible()
    expect(page.get_by_role("link", name="CSV 내려받기")).to_be_visible()

"""The officer's audit pages: prepare the quarter, record findings and actions, complete it;
a completed audit is read-only and exportable; nobody else may change it."""

import csv
import io
import json

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from privacy.accesslog.models import AccessLogEntry
from privacy.audit.models import AuditSection, QuarterlyAudit
from privacy.audit.services import AuditError, audit_findings_save, audit_prepare
from tests.conftest import make_staff
from tests.privacy.audit.support import AFTER_Q3, Q3, all_findings, completed_audit

QUARTER_URL = "/admin/privacy/quarterlyaudit/quarter/2026/3/"


@pytest.fixture(autouse=True)
def _october():
    with time_machine.travel(AFTER_Q3, tick=False):
        yield


def form(findings: dict, button: str = "_save") -> dict:
    data = {button: "1"}
    for section, entry in findings.items():
        data[f"{section}-finding"] = entry["finding"]
        data[f"{section}-action"] = entry["action"]
    return data


def change_url(audit) -> str:
    return reverse("admin:privacy_quarterlyaudit_change", args=[audit.pk])


def test_the_list_says_which_audit_is_due_and_links_to_it(officer):
    page = officer.get(reverse("admin:privacy_quarterlyaudit_changelist")).content.decode()
    assert "2026년 3분기 자체 감사를 2026-10-15까지 완료해 주세요" in page
    assert QUARTER_URL in page


def test_the_officer_prepares_records_and_completes_the_quarter(officer, root):
    page = officer.get(QUARTER_URL)
    assert "감사 자료 준비" in page.content.decode()

    response = officer.post(QUARTER_URL)
    audit = QuarterlyAudit.objects.get()
    assert response.status_code == 302 and response["Location"] == change_url(audit)
    assert (audit.year, audit.quarter, audit.prepared_by) == (2026, 3, root)
    assert set(audit.snapshot) >= {"access", "idle", "access_log", "rights", "keys", "consents"}
    # Opening the quarter again goes to the same audit: one per quarter.
    assert officer.get(QUARTER_URL)["Location"] == change_url(audit)
    officer.post(QUARTER_URL)
    assert QuarterlyAudit.objects.count() == 1

    page = officer.get(change_url(audit)).content.decode()
    for label in AuditSection.labels:
        assert label in page
    # The officer (tests.conftest.make_staff) is designated: the audit names the role.
    assert 'name="_save"' in page and "개인정보취급자" in page

    findings = all_findings()
    findings["idle"] = {"finding": "90일 미사용 계정 1개", "action": "권한 회수 요청"}
    officer.post(change_url(audit), form(findings))
    audit.refresh_from_db()
    assert audit.findings["idle"] == {"finding": "90일 미사용 계정 1개", "action": "권한 회수 요청"}
    assert not audit.is_completed

    response = officer.post(change_url(audit), form(findings, "_complete"))
    assert response.status_code == 302
    audit.refresh_from_db()
    assert audit.completed_at == AFTER_Q3 and audit.completed_by == root
    assert audit.completed_by_name == "root"
    assert audit.keep_until.isoformat() == "2029-10-05"


def test_completing_needs_a_finding_for_every_section_and_loses_nothing(officer):
    officer.post(QUARTER_URL)
    audit = QuarterlyAudit.objects.get()
    findings = all_findings()
    findings["keys"] = {"finding": "", "action": "키 교체 계획 수립"}

    response = officer.post(change_url(audit), form(findings, "_complete"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "완료하려면 모든 항목의 발견 사항을 적어 주세요" in page
    assert AuditSection.KEYS.label in page
    assert "키 교체 계획 수립" in page  # what was typed is still in the form
    audit.refresh_from_db()
    assert not audit.is_completed


def test_an_overlong_finding_gets_a_korean_message_and_is_kept_in_the_form(officer):
    officer.post(QUARTER_URL)
    audit = QuarterlyAudit.objects.get()
    findings = all_findings()
    findings["rights"] = {"finding": "가" * 2001, "action": "지연 사유 확인"}

    page = officer.post(change_url(audit), form(findings)).content.decode()

    assert "권리 행사 처리 기한: 2000자 이내로 적어 주세요." in page
    assert "지연 사유 확인" in page
    audit.refresh_from_db()
    assert audit.findings == {}


def test_a_quarter_not_yet_over_cannot_be_prepared(officer):
    response = officer.post("/admin/privacy/quarterlyaudit/quarter/2026/4/")
    assert "2026년 4분기가 아직 끝나지 않아 감사를 준비할 수 없습니다." in response.content.decode()
    assert not QuarterlyAudit.objects.exists()


def test_a_completed_audit_is_read_only_forever(officer, root):
    audit = completed_audit(root)

    page = officer.get(change_url(audit)).content.decode()
    assert 'name="_save"' not in page and "<textarea" not in page
    assert "이상 없음" in page

    officer.post(change_url(audit), form(all_findings("바꾼 내용")))
    audit.refresh_from_db()
    assert audit.findings["overall"]["finding"] == "이상 없음"
    with pytest.raises(AuditError, match="완료된 감사는 고칠 수 없습니다"):
        audit_findings_save(audit_id=audit.pk, findings=all_findings("바꾼 내용"))
    with pytest.raises(AuditError, match="다시 준비할 수 없습니다"):
        audit_prepare(quarter=Q3, by=root, now=AFTER_Q3)
    # Nor deleted from the admin: it goes only when its 3 years end.
    assert (
        officer.post(reverse("admin:privacy_quarterlyaudit_delete", args=[audit.pk])).status_code
        == 403
    )


def test_a_completed_audit_prints_and_downloads_without_an_access_log_entry(officer, root):
    audit = completed_audit(root)
    before = AccessLogEntry.objects.count()

    printed = officer.get(reverse("admin:privacy_quarterlyaudit_print", args=[audit.pk]))
    assert "2026년 3분기 자체 감사 결과" in printed.content.decode()
    assert "root" in printed.content.decode()

    export = reverse("admin:privacy_quarterlyaudit_export", args=[audit.pk, "csv"])
    rows = list(csv.reader(io.StringIO(officer.get(export).content.decode("utf-8-sig"))))
    assert rows[0] == ["항목", "구분", "내용"]
    assert ["종합 의견", "발견 사항", "이상 없음"] in rows

    body = json.loads(
        officer.get(reverse("admin:privacy_quarterlyaudit_export", args=[audit.pk, "json"])).content
    )
    assert body["completed_by"] == "root"
    assert [s["key"] for s in body["sections"]] == AuditSection.values
    # No member's data in it, so no access-log entry for the export (제8조 records access to it).
    assert AccessLogEntry.objects.filter(action__in=["export", "download"]).count() == 0
    assert AccessLogEntry.objects.count() == before


def test_an_audit_in_progress_is_not_exported(officer):
    officer.post(QUARTER_URL)
    audit = QuarterlyAudit.objects.get()
    assert (
        officer.get(reverse("admin:privacy_quarterlyaudit_print", args=[audit.pk])).status_code
        == 404
    )
    export = reverse("admin:privacy_quarterlyaudit_export", args=[audit.pk, "json"])
    assert officer.get(export).status_code == 404


def test_staff_without_the_audit_permissions_cannot_open_or_prepare_it(client, root):
    audit = completed_audit(root)
    client.force_login(make_staff("clerk"))
    assert client.get(QUARTER_URL).status_code == 403
    assert client.post(QUARTER_URL).status_code == 403
    assert client.get(change_url(audit)).status_code == 403
    export = reverse("admin:privacy_quarterlyaudit_export", args=[audit.pk, "csv"])
    assert client.get(export).status_code == 403
    client.logout()
    assert client.get(QUARTER_URL).status_code == 302  # to the sign-in


def test_a_viewer_reads_the_audit_but_cannot_write_it(client, root):
    audit = completed_audit(root)
    reader = make_staff("reader")
    reader.user_permissions.add(Permission.objects.get(codename="view_quarterlyaudit"))
    client.force_login(reader)
    assert client.get(change_url(audit)).status_code == 200
    assert client.post("/admin/privacy/quarterlyaudit/quarter/2026/2/").status_code == 403


def _audits(years: range) -> None:
    QuarterlyAudit.objects.bulk_create(
        QuarterlyAudit(year=year, quarter=q, prepared_at=AFTER_Q3, snapshot={})
        for year in years
        for q in (1, 2, 3, 4)
    )


def test_the_list_costs_the_same_queries_for_1_and_50_audits(officer):
    url = reverse("admin:privacy_quarterlyaudit_changelist")
    QuarterlyAudit.objects.create(year=2010, quarter=1, prepared_at=AFTER_Q3, snapshot={})
    officer.get(url)  # warm caches
    with CaptureQueriesContext(connection) as one:
        officer.get(url)
    _audits(range(2011, 2024))  # 52 more quarters
    with CaptureQueriesContext(connection) as fifty:
        response = officer.get(url)
    assert response.status_code == 200
    assert "2023년 4분기" in response.content.decode()
    assert len(fifty) == len(one)


def test_the_work_page_shows_each_accounts_designation_when_there_is_one(
    officer, root, monkeypatch
):
    import datetime

    from privacy.audit import snapshot
    from privacy.staff.designation import DesignationInfo

    monkeypatch.setattr(
        snapshot,
        "staff_designations",
        lambda: {
            root.pk: DesignationInfo(
                user_id=root.pk,
                role="개인정보 보호책임자",
                scope="전체 회원, 개인정보 보호 업무",
                designated_on=datetime.date(2026, 1, 2),
                educated_on=datetime.date(2026, 3, 4),
                current=True,
            )
        },
    )
    officer.post(QUARTER_URL)
    page = officer.get(change_url(QuarterlyAudit.objects.get())).content.decode()
    assert "개인정보 보호책임자 (유효)" in page
    assert "교육 2026-03-04" in page

"""Every spreadsheet export neutralises cells a spreadsheet program would run as a formula
(CSV injection): a leading =, +, -, @, tab or carriage return gets an apostrophe in front.
Both exports (the access log, the destruction ledger) write through privacy.staff.exports, and
no other module writes CSV."""

import csv
import io
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from privacy.accesslog.append import Actor, access_log_append
from privacy.retention.models import DestructionRun
from privacy.staff.exports import FORMULA_LEADS, csv_cell

HOSTILE = ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1+1", "\r=1+1"]


def read_csv(response) -> list[list[str]]:
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "no-store" in response["Cache-Control"]
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("value", HOSTILE)
def test_a_cell_that_starts_like_a_formula_is_written_as_text(value):
    assert csv_cell(value) == "'" + value


def test_other_cells_are_written_as_they_are():
    assert csv_cell("정정 요구 처리 (요청 #12)") == "정정 요구 처리 (요청 #12)"
    assert csv_cell("a=1") == "a=1" and csv_cell(12) == "12" and csv_cell(None) == ""
    assert set(FORMULA_LEADS) == {"=", "+", "-", "@", "\t", "\r"}


def test_access_log_export_escapes_every_formula_lead(client, root):
    entries = [
        access_log_append(actor=Actor(3, "staff", ""), action="view", subjects=[41], reason=v)
        for v in HOSTILE
    ]
    client.force_login(root)

    response = client.post(
        reverse("admin:privacy_accesslogentry_changelist"),
        {
            "action": "export_csv",
            "_selected_action": [e.pk for e in entries],
            "index": 0,
            "confirm_export": "yes",
            "reason": "분기 점검 보관용 사본",
        },
    )

    rows = read_csv(response)
    assert [row[10] for row in rows[1:]] == ["'" + v for v in HOSTILE]


def test_destruction_ledger_export_escapes_every_formula_lead(client, root):
    now = timezone.now()
    runs = [
        DestructionRun.objects.create(
            job=v, category=v, legal_basis=v, method=v, started_at=now, errors=v
        )
        for v in HOSTILE
    ]
    client.force_login(root)

    response = client.post(
        reverse("admin:retention_destructionrun_changelist"),
        {"action": "export_csv", "_selected_action": [r.pk for r in runs], "index": 0},
    )

    rows = read_csv(response)
    # 처리 담당자 (the job), 파기 대상 (분류), 근거, 파기 방법, 오류
    texts = [[row[7], row[3], row[9], row[6], row[10]] for row in rows[1:]]
    assert sorted(texts) == sorted([["'" + v] * 5 for v in HOSTILE])


def test_no_module_but_privacy_staff_exports_writes_csv():
    """A new export that wrote its own CSV would skip the escaping above."""
    writes_csv = re.compile(r"csv\.(writer|DictWriter)\(|text/csv")
    base = settings.BASE_DIR
    own = base / "privacy" / "staff" / "exports.py"
    code = [
        path
        for top in base.iterdir()
        if top.is_dir() and not top.is_symlink() and top.name not in ("tests", ".venv", ".git")
        for path in top.rglob("*.py")
    ]
    assert own in code
    found = [
        str(path.relative_to(base))
        for path in code
        if path != own and writes_csv.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []

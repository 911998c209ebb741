"""파기 대장 in the form of the guideline's 파기 관리대장: 파기 일시 (KST), 파기 대상 (the
registry's category and count), 파기 방법 and 처리 담당자 in Korean, 책임자 확인; moves into
분리 보관 are 이관, never 파기."""

import csv
import datetime
import io

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.jobs import run_due_jobs
from privacy.retention.engine import JOB
from privacy.retention.models import DestructionRun, EntryKind, LedgerConfirmation, RetainedRecord
from privacy.retention.services import ledger_confirm_period
from privacy.withdrawal.runner import member_withdraw
from tests.privacy.retention.ledger_helpers import LEDGER, entry, kst, officer, transfer
from tests.privacy.retention.test_store import withdraw_after_applying

pytestmark = pytest.mark.django_db

COLUMNS = ("파기 일시", "구분", "파기 대상", "파기 방법", "처리 담당자", "책임자 확인")


@pytest.fixture
def officer_client(client):
    client.force_login(officer())
    return client


def test_a_withdrawal_moves_applications_as_an_이관_never_as_a_파기(member):
    withdraw_after_applying(member)

    moved = DestructionRun.objects.get(category="지원 내역")
    assert moved.kind == EntryKind.TRANSFER and moved.count == 2  # the application and the offer
    assert moved.keep_until == RetainedRecord.objects.values_list("destroy_on", flat=True)[0]
    assert moved.target_label.startswith("분리 보관 이관: 지원 내역 2건, 보관 기한 ")
    assert "파기" not in moved.target_label
    assert not DestructionRun.objects.filter(
        kind=EntryKind.DESTRUCTION, category="지원 내역"
    ).exists()


def test_a_withdrawal_records_its_method_and_담당자_in_korean(member):
    member_withdraw(member=member)

    joined = DestructionRun.objects.get(category="회원가입")
    assert joined.handler_label == "회원 탈퇴 처리(자동)"
    # The member's key was shredded by the withdrawal's first transaction, then the rows went.
    assert joined.method == "암호화 키 파기(crypto-shredding) 후 데이터베이스 삭제"
    assert joined.confirmation_label == "미확인"


def test_the_daily_job_is_named_in_korean_and_destroys_the_store_by_its_keys(member):
    withdraw_after_applying(member)
    later = DestructionRun.objects.get(category="지원 내역").keep_until
    with time_machine.travel(kst(later.year, later.month, later.day, 12), tick=False):
        run_due_jobs()

    destroyed = DestructionRun.objects.get(job=JOB, category="지원 내역")
    assert destroyed.kind == EntryKind.DESTRUCTION and destroyed.count == 2
    assert destroyed.handler_label == "매일 파기 작업(자동)"
    assert destroyed.method == "암호화 키 파기(crypto-shredding) 후 데이터베이스 삭제"
    assert destroyed.target_label == "지원 내역 2건"


def test_an_entry_made_at_03_54_kst_is_dated_the_3rd(officer_client):
    # 03:54 KST on 3 December is 18:54 UTC on 2 December.
    run = entry(kst(2026, 12, 3, 3, 49))
    assert run.finished_at.astimezone(datetime.UTC).day == 2

    with time_machine.travel(kst(2026, 12, 3, 9), tick=False):
        page = officer_client.get(LEDGER).content.decode()

    assert "2026-12-03 03:54" in page and "2026-12-02" not in page
    assert str(run).endswith("2026-12-03 (3건)")


def test_the_ledger_reads_in_the_guidelines_korean_columns(officer_client):
    with time_machine.travel(kst(2026, 12, 3, 9), tick=False):
        entry(kst(2026, 11, 20, 3))
        entry(kst(2026, 11, 20, 14), job="withdrawal", category="회원가입", count=1)
        transfer(kst(2026, 11, 20, 14))
        page = officer_client.get(LEDGER).content.decode()

    for column in COLUMNS:
        assert f">{column}<" in page or f">{column}</a>" in page, column
    assert "매일 파기 작업(자동)" in page and "회원 탈퇴 처리(자동)" in page
    assert "분리 보관 이관: 지원 내역 2건, 보관 기한 2031-12-05" in page
    assert "서비스 이용 3건" in page and "미확인" in page
    for raw in (">withdrawal<", ">destruction-daily<", "지원 내역 2 파기"):
        assert raw not in page


def test_moves_into_the_store_have_a_filter_of_their_own(officer_client):
    entry(kst(2026, 11, 20, 3))
    transfer(kst(2026, 11, 20, 14))

    moves = officer_client.get(LEDGER, {"kind": "transfer"}).content.decode()
    destructions = officer_client.get(LEDGER, {"kind": "destruction"}).content.decode()

    assert "분리 보관 이관: 지원 내역" in moves and "서비스 이용 3건" not in moves
    assert "서비스 이용 3건" in destructions and "분리 보관 이관: 지원 내역" not in destructions


def test_the_month_filter_counts_by_the_kst_calendar(officer_client):
    entry(kst(2026, 12, 1, 0, 30), category="회원가입")  # 30 November, 15:30 UTC
    entry(kst(2026, 11, 30, 23, 0), category="서비스 이용")

    with time_machine.travel(kst(2026, 12, 3, 9), tick=False):
        december = officer_client.get(LEDGER, {"month": "2026-12"}).content.decode()

    assert "회원가입 3건" in december and "서비스 이용 3건" not in december


def ledger_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LEDGER).status_code == 200
    return len(queries)


def test_the_ledger_list_costs_the_same_queries_for_1_and_50_entries(officer_client):
    with time_machine.travel(kst(2026, 12, 3, 9), tick=False):
        entry(kst(2026, 11, 1, 3))
        ledger_queries(officer_client)  # warm caches
        one = ledger_queries(officer_client)
        for i in range(49):
            if i % 2:
                transfer(kst(2026, 11, 2, 3, i))
            else:
                entry(kst(2026, 10, 2, 3, i), category="회원가입")
        user = officer("officer2")
        ledger_confirm_period(user=user, period=datetime.date(2026, 10, 1), now=kst(2026, 12, 3))
        assert LedgerConfirmation.objects.count() == 1

        assert ledger_queries(officer_client) == one


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_export_has_the_same_korean_columns(officer_client):
    runs = [entry(kst(2026, 12, 3, 3, 49)), transfer(kst(2026, 12, 3, 14))]

    response = officer_client.post(
        LEDGER, {"action": "export_csv", "_selected_action": [r.pk for r in runs], "index": 0}
    )

    rows = read_csv(response)
    assert rows[0][:9] == [
        "번호", "파기 일시", "구분", "파기 대상 (분류)", "건수", "보관 기한", "파기 방법",
        "처리 담당자", "책임자 확인",
    ]  # fmt: skip
    assert rows[1][1:9] == [
        "2026-12-03 03:54", "파기", "서비스 이용", "3", "", "데이터베이스 삭제",
        "매일 파기 작업(자동)", "미확인",
    ]  # fmt: skip
    assert rows[2][2:6] == ["분리 보관 이관", "지원 내역", "2", "2031-12-05"]
    assert rows[2][7] == "회원 탈퇴 처리(자동)"


def test_an_entrys_page_reads_in_korean_without_a_save_button(officer_client):
    run = entry(kst(2026, 12, 3, 3, 49), job="withdrawal", category="회원가입")

    page = officer_client.get(f"{LEDGER}{run.pk}/change/").content.decode()

    for label in (*COLUMNS, "근거", "확인 의견"):
        assert label in page, label
    assert "회원 탈퇴 처리(자동)" in page and "2026-12-03 03:54" in page
    assert ">withdrawal<" not in page and 'name="_save"' not in page

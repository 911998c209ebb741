"""책임자 확인: the privacy officer confirms a month's (KST) 파기 대장 entries in one action; the
confirmation is recorded (who, when, which month, how many, a note), cannot be changed, deleted
or repeated, and entries added to the month later wait for a confirmation of their own."""

import datetime

import pytest
import time_machine
from django.db import DatabaseError, transaction

from privacy.retention.models import DestructionRun, LedgerConfirmation, LedgerConfirmationError
from privacy.retention.services import ConfirmRefused, ledger_confirm_period
from tests.conftest import make_staff
from tests.privacy.retention.ledger_helpers import (
    CONFIRM,
    LEDGER,
    entry,
    kst,
    officer,
    staff_with,
    transfer,
)

pytestmark = pytest.mark.django_db

TODAY = kst(2026, 12, 3, 10)
NOVEMBER = datetime.date(2026, 11, 1)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def november():
    return [
        entry(kst(2026, 11, 1, 0, 10)),  # 31 October, 15:10 UTC: November in KST
        entry(kst(2026, 11, 30, 3), category="회원가입", count=0),
        transfer(kst(2026, 11, 15, 14)),
    ]


def confirm(client, period="2026-11", note=""):
    return client.post(CONFIRM, {"period": period, "note": note})


def test_the_officer_confirms_last_month_in_one_action(client, november):
    december = entry(kst(2026, 12, 2, 3))
    outside = entry(kst(2026, 10, 31, 23, 50))
    client.force_login(officer(name="김보호"))

    response = confirm(client, note="정기 파기와 이관 기록 확인함")

    assert response.status_code == 302 and response["Location"].endswith("?month=2026-11")
    done = LedgerConfirmation.objects.get()
    assert (done.period, done.entry_count, done.note) == (
        NOVEMBER,
        3,
        "정기 파기와 이관 기록 확인함",
    )
    assert done.confirmed_at == TODAY and done.confirmed_by_label == "김** (officer1)"
    assert set(done.entries.all()) == set(november)
    for run in (december, outside):
        run.refresh_from_db()
        assert run.confirmation is None
    page = client.get(response["Location"]).content.decode()
    assert "2026년 11월 파기 대장 3건을 책임자로서 확인했어요." in page
    assert page.count("김** (officer1) 2026-12-03 10:00 확인") == 3
    assert "미확인" not in page.split('id="result_list"')[1].split("</table>")[0]


def test_the_ledger_page_has_a_korean_title(client):
    client.force_login(officer())

    page = client.get(LEDGER).content.decode()

    assert "<title>파기 대장 |" in page and "를(을) 선택" not in page


def test_the_confirm_page_says_what_it_covers(client, november):
    client.force_login(officer())

    page = client.get(CONFIRM, {"period": "2026-11"}).content.decode()

    assert "2026년 11월 파기 대장 책임자 확인" in page
    assert "분리 보관 이관" in page and "파기" in page
    assert 'value="2026년 11월 파기 대장 확인"' in page


def test_a_month_cannot_be_confirmed_twice(client, november):
    client.force_login(officer())
    confirm(client)

    again = confirm(client, note="두 번째")

    assert again.status_code == 400
    assert "이미 모두 확인했거나" in again.content.decode()
    assert LedgerConfirmation.objects.count() == 1


def test_entries_added_later_wait_for_a_second_confirmation(client, november):
    client.force_login(officer())
    confirm(client)
    late = entry(kst(2026, 11, 29, 3), category="경험 나열")

    page = client.get(LEDGER, {"month": "2026-11"}).content.decode()
    assert page.count("미확인") >= 1
    assert "2026년 11월 확인하기" in client.get(LEDGER).content.decode()
    confirm(client, note="늦게 끝난 기록")

    second = LedgerConfirmation.objects.latest("pk")
    assert second.entry_count == 1 and list(second.entries.all()) == [late]
    assert LedgerConfirmation.objects.count() == 2


def test_a_run_still_open_is_not_confirmed(november):
    open_run = entry(kst(2026, 11, 30, 3), category="경험 나열", finished=False)

    done = ledger_confirm_period(user=officer(), period=NOVEMBER, now=TODAY)

    open_run.refresh_from_db()
    assert done.entry_count == 3 and open_run.confirmation is None


def test_a_confirmation_cannot_be_changed_or_deleted(november):
    done = ledger_confirm_period(user=officer(), period=NOVEMBER, note="확인", now=TODAY)

    done.note = "고침"
    with pytest.raises(LedgerConfirmationError):
        done.save()
    with pytest.raises(LedgerConfirmationError):
        done.delete()
    # Nor behind the model's back: the database refuses.
    for change in (
        lambda: LedgerConfirmation.objects.filter(pk=done.pk).update(note="고침"),
        lambda: LedgerConfirmation.objects.filter(pk=done.pk)._raw_delete("default"),
        lambda: DestructionRun.objects.filter(pk=november[0].pk).update(confirmation=None),
        lambda: DestructionRun.objects.filter(pk=november[0].pk).update(count=99),
        lambda: DestructionRun.objects.filter(pk=november[0].pk)._raw_delete("default"),
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            change()
    fresh = LedgerConfirmation.objects.get()
    assert (fresh.note, fresh.entry_count) == ("확인", 3)
    assert DestructionRun.objects.filter(confirmation=fresh).count() == 3


def test_staff_without_the_permission_cannot_confirm(client, november):
    client.force_login(staff_with("reader", "view_destructionrun"))

    assert client.get(CONFIRM, {"period": "2026-11"}).status_code == 403
    assert confirm(client).status_code == 403
    page = client.get(LEDGER).content.decode()
    assert "확인하기" not in page and "확인 권한이 있는 책임자가 확인해요." in page
    assert not LedgerConfirmation.objects.exists()
    with pytest.raises(ConfirmRefused):
        ledger_confirm_period(user=make_staff("other"), period=NOVEMBER, now=TODAY)


def test_a_superuser_may_confirm(client, november):
    client.force_login(make_staff("root", superuser=True))

    assert confirm(client).status_code == 302
    assert LedgerConfirmation.objects.get().entry_count == 3


@pytest.mark.parametrize("period", ["2026-13", "11월", ""])
def test_a_bad_month_is_refused_in_korean_and_the_note_is_kept(client, november, period):
    client.force_login(officer())

    response = confirm(client, period=period, note="적어 둔 의견")

    assert response.status_code == 400
    page = response.content.decode()
    assert "확인할 달을 YYYY-MM 형식으로 골라 주세요" in page and "적어 둔 의견" in page
    assert not LedgerConfirmation.objects.exists()


def test_a_month_not_yet_begun_cannot_be_confirmed(client):
    client.force_login(officer())

    response = confirm(client, period="2027-01")

    assert response.status_code == 400
    assert "아직 시작하지 않은 달은 확인할 수 없어요." in response.content.decode()


def test_a_month_without_entries_has_nothing_to_confirm(client):
    client.force_login(officer())

    response = confirm(client, period="2026-09")

    assert response.status_code == 400
    assert "2026년 9월에는 확인할 파기 기록이 없어요" in response.content.decode()


def test_the_confirmations_page_is_read_only(client, november):
    done = ledger_confirm_period(user=officer(), period=NOVEMBER, now=TODAY)
    client.force_login(make_staff("root", superuser=True))

    listing = client.get("/admin/retention/ledgerconfirmation/").content.decode()
    page = client.get(f"/admin/retention/ledgerconfirmation/{done.pk}/change/").content.decode()

    assert "2026년 11월" in listing
    assert 'name="_save"' not in page and "삭제" not in page.split('id="content"')[1]
    assert client.post(f"/admin/retention/ledgerconfirmation/{done.pk}/delete/").status_code == 403


def test_the_officer_sees_the_confirmations_made(client, november):
    ledger_confirm_period(user=officer("officer2"), period=NOVEMBER, note="확인함", now=TODAY)
    client.force_login(officer())

    listing = client.get("/admin/retention/ledgerconfirmation/").content.decode()

    assert "<title>파기 대장 책임자 확인 |" in listing
    assert "2026년 11월" in listing and "확인함" in listing and "officer2" in listing

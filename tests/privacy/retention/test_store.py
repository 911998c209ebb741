"""분리 보관: application records and offers outlive withdrawal for 5 years, apart, under keys
of their own, and are destroyed (keys first) when the keeping ends."""

import datetime
import json

from django.db import connection
from django.utils import timezone

from accounts.models import User
from core.jobs import run_due_jobs
from privacy.keys import sealing
from privacy.keys.models import DataKey
from privacy.retention.models import DestructionRun, RetainedRecord
from privacy.withdrawal.runner import member_withdraw
from recruiting.models import Application, Offer
from recruiting.services import application_submit
from tests.conftest import make_staff
from tests.recruiting.conftest import make_offer, make_posting, ready_member


def withdraw_after_applying(member):
    letter = ready_member(member)
    application_submit(member=member, posting=make_posting(), cover_letter=letter, consented=True)
    make_offer(member, message="입사 제안 메시지쀍")
    member_withdraw(member=member)


def test_withdrawal_moves_applications_and_offers_to_the_separate_store(member):
    subject = member.subject
    withdraw_after_applying(member)

    assert not User.objects.filter(pk=member.pk).exists()
    assert Application.objects.count() == 0 and Offer.objects.count() == 0
    assert not DataKey.objects.filter(subject=subject).exists()  # the member's key is gone
    records = list(RetainedRecord.objects.order_by("source"))
    assert [r.source for r in records] == ["recruiting.application", "recruiting.offer"]
    assert records[0].subject == records[1].subject != subject
    assert "처음 쓴 답변 1" in records[0].payload  # readable with the store's own key
    assert "입사 제안 메시지쀍" in records[1].payload
    expected = timezone.localdate() + datetime.timedelta(days=5 * 365 + 2)
    assert {r.destroy_on for r in records} == {expected}
    with connection.cursor() as cursor:
        cursor.execute("SELECT payload FROM retention_retainedrecord")
        raw = " ".join(value for (value,) in cursor.fetchall())
    assert "처음 쓴 답변" not in raw and sealing.PREFIX_V2 in raw


def test_a_member_without_applications_leaves_nothing_in_the_store(member):
    member_withdraw(member=member)

    assert RetainedRecord.objects.count() == 0


def at_kst(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(6, 0)))


def test_kept_five_years_then_destroyed_keys_first_with_a_ledger_entry(member):
    withdraw_after_applying(member)
    record = RetainedRecord.objects.first()
    store_subject = record.subject

    run_due_jobs(now=at_kst(record.destroy_on - datetime.timedelta(days=1)))
    assert RetainedRecord.objects.count() == 2  # not a day early

    run_due_jobs(now=at_kst(record.destroy_on))

    assert RetainedRecord.objects.count() == 0
    assert not DataKey.objects.filter(subject=store_subject).exists()
    run = DestructionRun.objects.get(job="destruction-daily", category="지원 내역", count__gt=0)
    assert run.count == 2 and run.category == "지원 내역" and run.finished_at
    assert "답변" not in json.dumps([run.legal_basis, run.method, run.errors], ensure_ascii=False)


def test_admin_lists_the_store_without_its_payload(client, member, settings):
    withdraw_after_applying(member)
    officer = make_staff("officer", "officer-password-123", superuser=True)
    client.force_login(officer)
    record = RetainedRecord.objects.first()

    listing = client.get("/admin/retention/retainedrecord/").content.decode()
    detail = client.get(f"/admin/retention/retainedrecord/{record.pk}/change/").content.decode()

    for page in (listing, detail):
        assert "처음 쓴 답변" not in page and sealing.PREFIX_V2 not in page
    assert client.post(f"/admin/retention/retainedrecord/{record.pk}/delete/").status_code == 403

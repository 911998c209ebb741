"""A completed audit is kept 3 years, then destroyed by the daily job, in the 파기 대장."""

import pytest
import time_machine
from django.db import DatabaseError, transaction

from core.jobs import run_due_jobs
from privacy.audit.models import QuarterlyAudit
from privacy.audit.services import audit_prepare
from privacy.registry.registry import registry
from privacy.retention.models import DestructionRun
from tests.conftest import make_staff
from tests.privacy.audit.support import AFTER_Q3, Q3, completed_audit, kst


def test_a_completed_audit_is_destroyed_after_three_years_and_ledgered(root):
    completed_audit(root)  # completed 2026-10-05: kept until 2029-10-05

    with time_machine.travel(kst(2029, 10, 5, 6, 0), tick=False):
        run_due_jobs()
    assert QuarterlyAudit.objects.count() == 1
    assert not DestructionRun.objects.filter(job="audit-destruction").exists()

    with time_machine.travel(kst(2029, 10, 6, 6, 0), tick=False):
        run_due_jobs()
        run_due_jobs()
    assert not QuarterlyAudit.objects.exists()
    run = DestructionRun.objects.get(job="audit-destruction")
    assert run.category == "분기 자체 감사 기록" and run.count == 1 and run.finished_at


def test_an_audit_never_completed_is_not_destroyed(root):
    audit_prepare(quarter=Q3, by=root, now=AFTER_Q3)
    with time_machine.travel(kst(2030, 1, 6, 6, 0), tick=False):
        run_due_jobs()
    assert QuarterlyAudit.objects.count() == 1


def test_the_audit_is_classified_for_the_registry_as_holding_no_members_data():
    assert QuarterlyAudit in registry.non_personal_models
    assert QuarterlyAudit not in registry.entries


def test_the_database_refuses_to_change_a_completed_audit(root):
    audit = completed_audit(root)
    for change in (
        {"findings": {}},
        {"snapshot": {}},
        {"completed_at": None},
        {"keep_until": None},
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            QuarterlyAudit.objects.filter(pk=audit.pk).update(**change)
    audit.refresh_from_db()
    assert audit.findings["overall"]["finding"] == "이상 없음"


def test_deleting_the_officers_account_keeps_the_audit_and_the_name(db):
    # A designated account is ended and deactivated, never deleted (decision 0022); an account
    # that was never designated can be, and the audit it completed keeps its name.
    officer = make_staff("former", superuser=True, designated=False)
    audit = completed_audit(officer)
    officer.delete()
    audit.refresh_from_db()
    assert audit.completed_by is None and audit.completed_by_name == "former"

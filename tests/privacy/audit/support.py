"""Builders shared by the self-audit tests."""

import datetime
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Permission

from privacy.accesslog.append import Actor, access_log_append
from privacy.accesslog.models import AccessLogAction
from privacy.audit.models import AuditSection
from privacy.audit.quarters import Quarter
from privacy.audit.services import audit_complete, audit_prepare
from tests.conftest import make_staff

KST = ZoneInfo("Asia/Seoul")
Q3 = Quarter(2026, 3)
# A day in October 2026, after the third quarter ended and before its audit is due.
AFTER_Q3 = datetime.datetime(2026, 10, 5, 10, 0, tzinfo=KST)


def kst(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=KST)


def clerk(username: str, *codenames: str, **fields):
    account = make_staff(username, **fields)
    for codename in codenames:
        account.user_permissions.add(Permission.objects.get(codename=codename))
    return account


def used(account, *, members=(), action=AccessLogAction.VIEW) -> None:
    access_log_append(
        actor=Actor(account.pk, account.role, "127.0.0.1"),
        action=action,
        subjects=[m.pk for m in members],
        target_type="profiles.profile",
    )


def all_findings(text: str = "이상 없음", action: str = "") -> dict:
    return {s: {"finding": text, "action": action} for s in AuditSection.values}


def completed_audit(by, *, quarter=Q3, now=AFTER_Q3):
    audit = audit_prepare(quarter=quarter, by=by, now=now)
    return audit_complete(audit_id=audit.pk, findings=all_findings(), by=by, now=now)

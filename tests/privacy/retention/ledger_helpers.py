"""Ledger entries and officer accounts for the 파기 대장 tests."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import Permission
from django.utils import timezone

from privacy.retention.models import DestructionRun, EntryKind
from tests.conftest import make_staff

KST = timezone.get_fixed_timezone(9 * 60)
LEDGER = "/admin/retention/destructionrun/"
CONFIRM = f"{LEDGER}confirm/"


def kst(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=KST)


def entry(at: datetime.datetime, *, finished: bool = True, **fields) -> DestructionRun:
    defaults = {
        "job": "destruction-daily",
        "category": "서비스 이용",
        "legal_basis": "개인정보 보호법 제21조 제1항",
        "method": "데이터베이스 삭제",
        "count": 3,
    }
    defaults.update(fields)
    return DestructionRun.objects.create(
        started_at=at,
        finished_at=at + datetime.timedelta(minutes=5) if finished else None,
        **defaults,
    )


def transfer(at: datetime.datetime, **fields) -> DestructionRun:
    return entry(
        at,
        job="withdrawal",
        category="지원 내역",
        kind=EntryKind.TRANSFER,
        keep_until=datetime.date(2031, 12, 5),
        method="분리 보관 DB로 이관",
        count=2,
        **fields,
    )


def staff_with(username: str, *codenames: str, **fields):
    user = make_staff(username, **fields)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return user


def officer(username: str = "officer1", **fields):
    """The privacy officer: reads the ledger and confirms it."""
    return staff_with(username, "view_destructionrun", "confirm_destruction", **fields)

"""Builders shared by the rights-request tests."""

import datetime
from zoneinfo import ZoneInfo

from privacy.rights import filing, steps
from privacy.rights.models import RightsKind

KST = ZoneInfo("Asia/Seoul")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def kst(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=KST)


def file_request(member, kind=RightsKind.CORRECTION, now=None, **fields):
    if kind == RightsKind.CORRECTION:
        fields.setdefault("correction_item", "프로필의 희망 직무")
        fields.setdefault("correction_value", "데이터 분석")
    return filing.rights_request_file(
        member=member, kind=kind, now=now or kst(2026, 3, 2), **fields
    )


def in_progress(member, kind=RightsKind.CORRECTION, now=None, **fields):
    request = file_request(member, kind, now=now, **fields)
    return steps.rights_request_verify_identity(request=request, actor=None, now=now)

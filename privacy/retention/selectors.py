"""Reading the separate retention store (분리 보관): only on a ground the policy allows, with a
stated reason, and every read in the access log.

Privacy policy, 파기절차: "DB로 옮겨진 개인정보는 내부 방침 또는, 법률에 의한 경우가 아니고서는
다른 목적으로 이용되지 않습니다". The grounds below are those cases; the reason names the one
request a read answers (docs/decisions/0008-retention-store-reading.md).
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from privacy.accesslog.append import Actor, access_log_append, model_label
from privacy.accesslog.models import AccessLogAction
from privacy.keys.fields import SHREDDED, UNREADABLE
from privacy.keys.models import DataKey
from privacy.registry.registry import registry
from privacy.retention.engine import walked_entries
from privacy.retention.models import DestructionRun, RetainedRecord
from privacy.retention.periods import day_start, month_bounds

READ_PERMISSION = "retention.read_retained"
DESTROYED = (
    "보관 기간(탈퇴 후 5년)이 끝나 파기된 기록이에요. 보관 내용은 복구하거나 열람할 수 없어요."
)


class ReadGround(models.TextChoices):
    # Why the store exists at all (처리방침: 기업과의 계약 이행을 완료하기 위해 보관).
    CONTRACT = "contract", "기업과의 계약 이행 확인"
    # 내부 방침: a dispute or complaint about an application this record documents.
    DISPUTE = "dispute", "분쟁·민원 대응"
    # 법률에 의한 경우: a court, investigative agency or regulator asking under a statute.
    LAW = "law", "법령에 따른 요청 (법원·수사기관 등)"


# The snapshot keys of recruiting.services (letter_snapshot, profile_snapshot) under the labels
# the member saw when applying. Keyed by (parent key, key) where one key means two things.
LABELS = {
    "title": "자기소개서 제목",
    "job_title": "지원 직무",
    "questions": "문항",
    "prompt": "질문",
    "answer": "답변",
    "name": "이름",
    "desired_job": "희망 직무",
    "birth_date": "생년월일",
    "desired_industry": "희망 산업",
    "situation": "현재 상황 및 고민",
    "educations": "학력",
    "school": "학교",
    "major": "전공",
    "status": "상태",
    "careers": "경력",
    "company": "회사",
    "role": "직무·직책",
    "is_current": "재직 중",
    "description": "주요 업무·성과",
    "start_date": "시작일",
    "end_date": "종료일",
    ("educations", "start_date"): "입학",
    ("educations", "end_date"): "졸업",
    ("careers", "start_date"): "입사",
    ("careers", "end_date"): "퇴사",
}


@dataclass(frozen=True)
class Line:
    """One line of a record as staff read it: a heading (no value) or a label and its value."""

    depth: int
    label: str
    value: str | None = None

    @property
    def is_heading(self) -> bool:
        return self.value is None


def _label(parent: str, key: str) -> str:
    return LABELS.get((parent, key)) or LABELS.get(key) or key


def _text(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "-"
    if isinstance(value, bool):
        return "예" if value else "아니요"
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value)
    return str(value)


def readable_lines(data: dict, *, depth: int = 0, parent: str = "") -> list[Line]:
    """A payload (JSON of {item: {field: value}}, values possibly nested snapshots) as labelled
    lines in its own order; keys without a known label are shown as they are."""
    lines: list[Line] = []
    for key, value in data.items():
        label = _label(parent, key)
        if isinstance(value, dict):
            lines.append(Line(depth, label))
            lines += readable_lines(value, depth=depth + 1, parent=key)
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            for number, entry in enumerate(value, 1):
                lines.append(Line(depth, f"{label} {number}"))
                lines += readable_lines(entry, depth=depth + 1, parent=key)
        else:
            lines.append(Line(depth, label, _text(value)))
    return lines


def source_label(record: RetainedRecord) -> str:
    """What the record was before it moved here (지원 내역, 입사 제안)."""
    try:
        return str(apps.get_model(record.source)._meta.verbose_name)
    except (LookupError, ValueError):
        return record.source


def retained_record_unreadable(
    record: RetainedRecord, *, today: datetime.date | None = None
) -> str | None:
    """Why nothing of `record` can be read any more, or None while it is kept."""
    if not DataKey.objects.filter(subject=record.subject).exists():
        return DESTROYED
    if record.destroy_on <= (today or timezone.localdate()):
        # 파기기한: its keeping has ended, so it has no purpose left to be read for.
        return (
            "보관 기간이 끝나 파기 대상이 된 기록이에요 "
            f"(파기 예정일 {record.destroy_on:%Y-%m-%d}). "
            "보관 목적이 끝났기 때문에 열람할 수 없어요."
        )
    return None


def retained_record_read(
    *, actor: Actor, record: RetainedRecord, ground: str, reason: str
) -> list[Line] | None:
    """Decrypt `record`'s payload and record the read, with its ground and reason, in the
    access log; None (nothing read, nothing recorded) when its key is gone.

    The withdrawn member has no account any more, so the entry names the record and its store
    subject instead of a member id: every read of one person's records is still found by it.
    """
    ground = ReadGround(ground)
    # An instance, not values_list(): the payload opens only with its row (its binding).
    fresh = RetainedRecord.objects.filter(pk=record.pk).only("payload", "subject", "sealed_version")
    row = fresh.first()
    payload = None if row is None else row.payload
    if payload is None or payload in (SHREDDED, UNREADABLE):
        return None
    lines = readable_lines(json.loads(payload))
    # Recorded before anything is shown: a read the log could not take is not shown at all.
    access_log_append(
        actor=actor,
        action=AccessLogAction.REVEAL,
        target_type=model_label(RetainedRecord),
        target_id=str(record.pk),
        reason=f"{ground.label}: {reason}",
        detail={
            "ground": ground.value,
            "source": record.source,
            "retained_subject": str(record.subject),
        },
    )
    return lines


# --- The officer's home: what the ledger still asks of them -----------------------------------


@dataclass(frozen=True)
class Backlog:
    category: str  # the registry's Korean category name
    count: int  # rows past their due date, not yet destroyed


def destruction_backlog(today: datetime.date) -> list[Backlog]:
    """What is past its due date and not yet destroyed, by category (only those with any).

    A row due by midnight (KST) of the day before `today` was due before yesterday's daily run
    (03:00 KST); still here, it is late, whatever time it is today. Rows that fell due since are
    the next run's ordinary work, not a backlog. Counted from the registry's own rules (the ones
    the engine enforces): one aggregate per registered model, none per row or member."""
    cutoff = day_start(today - datetime.timedelta(days=1))
    counts: dict[str, int] = {}
    for entry in walked_entries():
        late = entry.model._default_manager.filter(entry.due(cutoff)).count()
        if late:
            counts[entry.category.name] = counts.get(entry.category.name, 0) + late
    return [
        Backlog(c.name, counts[c.name]) for c in registry.ordered_categories() if c.name in counts
    ]


@dataclass(frozen=True)
class UnconfirmedPeriod:
    period: datetime.date  # the first day of the month (KST)
    entries: int  # finished entries of that month without a 책임자 확인

    @property
    def label(self) -> str:
        return f"{self.period.year}년 {self.period.month}월"


def ledger_unconfirmed_periods(today: datetime.date) -> list[UnconfirmedPeriod]:
    """Months (KST) up to `today`'s with finished ledger entries the privacy officer has not
    confirmed, oldest first, with their counts. One query."""
    _, end = month_bounds(today)
    rows = (
        DestructionRun.objects.filter(
            confirmation__isnull=True, finished_at__isnull=False, started_at__lt=end
        )
        .annotate(month=TruncMonth("started_at", tzinfo=timezone.get_current_timezone()))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    )
    return [UnconfirmedPeriod(_as_date(row["month"]), row["n"]) for row in rows]


def _as_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value

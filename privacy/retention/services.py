from __future__ import annotations

import contextlib
import datetime
from collections.abc import Iterable, Iterator

from django.db import transaction
from django.db.models import F, TextField, Value
from django.db.models.functions import Concat
from django.utils import timezone

from core.jobs import ClaimLost
from privacy.registry.registry import Category
from privacy.retention.models import DestructionRun, EntryKind, LedgerConfirmation
from privacy.retention.periods import month_bounds, month_start
from privacy.staff.masking import mask_name

CONFIRM_PERMISSION = "retention.confirm_destruction"


def destruction_run_start(
    *,
    job: str,
    category: Category | None = None,
    category_name: str = "",
    legal_basis: str,
    method: str,
    now: datetime.datetime,
    kind: str = EntryKind.DESTRUCTION,
    keep_until: datetime.date | None = None,
    handler: str = "",
) -> DestructionRun:
    """Open a ledger row. `category` is the registry category destroyed; `category_name` names
    records kept under another rule than the policy's table (e.g. 접속기록, 안전성 확보조치
    기준), so the ledger never pretends they are a row of the table. `kind` TRANSFER records a
    move into 분리 보관 (with `keep_until`), never a destruction; `handler` names the staff
    member who did it, masked (blank: the job's own label, models.JOB_LABELS)."""
    if (category is None) == (not category_name):
        raise TypeError("destruction_run_start takes either category or category_name")
    return DestructionRun.objects.create(
        job=job,
        category=category.name if category is not None else category_name,
        legal_basis=legal_basis,
        method=method,
        started_at=now,
        kind=kind,
        keep_until=keep_until,
        handler=handler,
    )


def destruction_run_add(*, run_id: int, count: int) -> None:
    """Called inside the batch's transaction, so the count is exactly what was committed."""
    DestructionRun.objects.filter(pk=run_id).update(count=F("count") + count)


def destruction_run_finish(*, run_id: int, now: datetime.datetime) -> None:
    DestructionRun.objects.filter(pk=run_id).update(finished_at=now)


def destruction_run_error(*, run_id: int, error: str) -> None:
    """An interrupted run: noted, and kept open; the job's next run resumes it."""
    DestructionRun.objects.filter(pk=run_id).update(
        errors=Concat(F("errors"), Value(error + "\n"), output_field=TextField())
    )


@contextlib.contextmanager
def destruction_runs_note_errors(*, run_ids: Iterable[int], now: datetime.datetime) -> Iterator:
    """Around a destruction job's batches: an exception is noted on each of the run's ledger
    rows, by its type only (a message could quote the data being destroyed), and re-raised;
    the rows stay open and the job's next run resumes them. A lost claim is not an error: the
    runner that took over carries on with the same rows."""
    try:
        yield
    except ClaimLost:
        raise
    except Exception as error:
        with transaction.atomic():
            for run_id in run_ids:
                destruction_run_error(
                    run_id=run_id, error=f"{now.isoformat()} {type(error).__name__}"
                )
        raise


# --- 책임자 확인 ------------------------------------------------------------------------------


class ConfirmRefused(Exception):
    """A confirmation that cannot be made; the message is for the officer, in Korean."""


def staff_label(user) -> str:
    """The officer as the ledger shows them: masked name, or the account name if none."""
    name = mask_name(getattr(user, "name", "") or "")
    return f"{name} ({user.username})" if name else user.username


def ledger_confirm_period(
    *, user, period: datetime.date, note: str = "", now: datetime.datetime
) -> LedgerConfirmation:
    """The privacy officer confirms every finished, unconfirmed entry of one month (KST) in one
    action. Refused (ConfirmRefused) without the permission, for a month not yet begun, and when
    the month has nothing left to confirm (it was confirmed already, or has no entries): a month
    is confirmed once, and entries added later wait for a second confirmation. Open runs (not
    finished) stay unconfirmed: their counts may still grow."""
    if not user.has_perm(CONFIRM_PERMISSION):
        raise ConfirmRefused(
            "파기 대장을 확인할 권한이 없어요. 개인정보 보호책임자에게 요청하세요."
        )
    period = month_start(period)
    if period > month_start(timezone.localdate(now)):
        raise ConfirmRefused("아직 시작하지 않은 달은 확인할 수 없어요.")
    start, end = month_bounds(period)
    with transaction.atomic():
        # The rows are locked first: of two officers confirming at once, the second waits, then
        # finds nothing left unconfirmed and is refused.
        claimed = list(
            DestructionRun.objects.select_for_update()
            .filter(
                started_at__gte=start,
                started_at__lt=end,
                finished_at__isnull=False,
                confirmation__isnull=True,
            )
            .values_list("pk", flat=True)
        )
        if not claimed:
            raise ConfirmRefused(
                f"{period.year}년 {period.month}월에는 확인할 파기 기록이 없어요 "
                "(이미 모두 확인했거나 기록이 없어요)."
            )
        confirmation = LedgerConfirmation(
            period=period,
            confirmed_by=user,
            confirmed_by_label=staff_label(user),
            confirmed_at=now,
            entry_count=len(claimed),
            note=note.strip(),
        )
        confirmation.save()
        DestructionRun.objects.filter(pk__in=claimed).update(confirmation=confirmation)
    return confirmation

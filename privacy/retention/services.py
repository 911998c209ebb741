from __future__ import annotations

import contextlib
import datetime
from collections.abc import Iterable, Iterator

from django.db import transaction
from django.db.models import F, TextField, Value
from django.db.models.functions import Concat

from core.jobs import ClaimLost
from privacy.registry.registry import Category
from privacy.retention.models import DestructionRun


def destruction_run_start(
    *,
    job: str,
    category: Category | None = None,
    category_name: str = "",
    legal_basis: str,
    method: str,
    now: datetime.datetime,
) -> DestructionRun:
    """Open a ledger row. `category` is the registry category destroyed; `category_name` names
    records kept under another rule than the policy's table (e.g. 접속기록, 안전성 확보조치
    기준), so the ledger never pretends they are a row of the table."""
    if (category is None) == (not category_name):
        raise TypeError("destruction_run_start takes either category or category_name")
    return DestructionRun.objects.create(
        job=job,
        category=category.name if category is not None else category_name,
        legal_basis=legal_basis,
        method=method,
        started_at=now,
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

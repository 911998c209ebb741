"""The destruction engine: every retention rule of the registry, enforced, and nothing else.

The engine knows no model. It walks `privacy.registry`: each registered model has a rule saying
when its rows are due (`ModelEntry.due`: with the account at withdrawal, 60 days after it, when
a retention-store record's five years end, ...), or goes with a parent row (`with_parent`).
Nothing is destroyed here that the registry does not describe, and every registered model is
walked, so a model registered tomorrow is destroyed on time without touching this file.

A run, in two passes over a moment `now` fixed at its start:
1. keys: for each entry whose rows carry a data key of their own (`own_key`: the account,
   a retention-store record, a rights request), the keys of its due rows are shredded, so every
   copy of their ciphertext (backups, replicas, dead tuples) is unreadable from then on;
2. rows: entries children-first (a row before the rows it points to), due rows deleted by
   primary key in batches of BATCH, in primary-key order with a cursor, so memory stays
   constant and a resumed run does not rescan what it destroyed.

The daily job (`destruction-daily`) runs both passes under core.jobs: each batch is one
transaction with its ledger counts and its cursor, so a run killed halfway is resumed by the
next with nothing done twice or half-done. Withdrawal runs pass 2 for one account at once
(`destroy_accounts`), right after its first transaction shredded the key.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.jobs import ClaimLost, JobContext, daily_job
from privacy import crypto
from privacy.registry import Category, ModelEntry, registry
from retention import services as ledger

logger = logging.getLogger(__name__)

JOB = "destruction-daily"


def batch_size() -> int:
    return settings.DESTRUCTION_BATCH


def legal_basis(category: Category) -> str:
    return (
        "개인정보 보호법 제21조 제1항 (보유기간 경과·목적 달성 시 지체 없이 파기); "
        f"개인정보 처리방침 '{category.name}': {category.retention.text}; "
        "파기기한: 보유기간 종료일로부터 5일 이내"
    )


@dataclass(frozen=True)
class Step:
    kind: str  # "keys" | "rows"
    entry: ModelEntry

    @property
    def name(self) -> str:
        return f"{self.kind}:{self.entry.model._meta.label_lower}"


def walked_entries() -> list[ModelEntry]:
    """Entries with a rule of their own, children first: a model comes before every model
    it has a foreign key to, so deleting a row never cascades into rows the walk has not
    counted yet (rows that go `with_parent` are counted from the cascade)."""
    entries = [e for e in registry.entries.values() if e.due is not None]
    models = {e.model for e in entries}
    points_to = {
        e.model: {
            f.related_model
            for f in e.model._meta.concrete_fields
            if f.is_relation and f.related_model in models and f.related_model is not e.model
        }
        for e in entries
    }
    ordered: list[ModelEntry] = []
    pending = sorted(entries, key=lambda e: e.model._meta.label_lower)
    while pending:
        # Place an entry once nothing still pending points to it.
        for entry in pending:
            if not any(entry.model in points_to[o.model] for o in pending if o is not entry):
                ordered.append(entry)
                pending.remove(entry)
                break
        else:  # a cycle of foreign keys: the registry would need an explicit order
            raise RuntimeError(f"foreign-key cycle among {[e.model for e in pending]}")
    return ordered


def steps() -> list[Step]:
    walked = walked_entries()
    return [Step("keys", e) for e in walked if e.own_key] + [Step("rows", e) for e in walked]


def _category_of(label: str) -> Category | None:
    """The registry category of a model label as `QuerySet.delete()` reports it."""
    for entry in registry.entries.values():
        if entry.model._meta.label == label:
            return entry.category
    return None


def _due_queryset(entry: ModelEntry, now: datetime.datetime, accounts: list[int] | None):
    qs = entry.model._default_manager.filter(entry.due(now))
    if accounts is not None:
        path = entry.account_path
        qs = qs.filter(**{f"{path}__in" if path else "pk__in": accounts})
    return qs


def shred_keys_batch(entry: ModelEntry, now: datetime.datetime, after: int) -> int | None:
    """Shred the own keys of the next batch of due rows after pk `after`; the last pk, or
    None when there are no more."""
    rows = list(
        _due_queryset(entry, now, None)
        .filter(pk__gt=after)
        .order_by("pk")
        .values_list("pk", entry.own_key)[: batch_size()]
    )
    if not rows:
        return None
    crypto.destroy_keys_of({subject for _, subject in rows})
    return rows[-1][0]


def delete_rows_batch(
    entry: ModelEntry, now: datetime.datetime, after: int, accounts: list[int] | None = None
) -> tuple[int | None, dict[str, int]]:
    """Delete the next batch of due rows after pk `after` (own keys first): (last pk or None,
    {category name: rows destroyed}), cascaded rows counted under their own category."""
    rows = list(
        _due_queryset(entry, now, accounts)
        .filter(pk__gt=after)
        .order_by("pk")
        .values_list("pk", *([entry.own_key] if entry.own_key else []))[: batch_size()]
    )
    if not rows:
        return None, {}
    pks = [row[0] for row in rows]
    if entry.own_key:
        crypto.destroy_keys_of({row[1] for row in rows})
    # Primary keys only: a model other rows point to is not fast-deleted, so Django's deletion
    # collector loads its rows first; loading every column would decrypt each encrypted field,
    # and with the data key already shredded each attempt is a key lookup and a warning.
    _, per_model = entry.model._default_manager.filter(pk__in=pks).only("pk").delete()
    counts: dict[str, int] = {}
    for label, count in per_model.items():
        category = _category_of(label)
        if category is not None and count:
            counts[category.name] = counts.get(category.name, 0) + count
    return pks[-1], counts


# --- The daily job ----------------------------------------------------------------------------


def destruction_daily(ctx: JobContext) -> dict[str, int]:
    """Everything due by the registry, destroyed: keys first, then rows, each batch with its
    ledger counts and cursor in one transaction. One ledger row per category per day, also
    when nothing was due (the record that the check ran)."""
    progress = ctx.progress
    if "now" not in progress:
        with ctx.batch():
            progress["now"] = ctx.now.isoformat()
            progress["ledger"] = {
                c.name: ledger.destruction_run_start(
                    job=JOB,
                    category=c,
                    legal_basis=legal_basis(c),
                    method=c.erasure,
                    now=ctx.now,
                ).pk
                for c in registry.ordered_categories()
            }
            progress["done"] = []
            progress["after"] = 0
            progress["counts"] = {}
    now = datetime.datetime.fromisoformat(progress["now"])
    runs: dict[str, int] = progress["ledger"]
    try:
        for step in steps():
            if step.name in progress["done"]:
                continue
            while True:
                with ctx.batch():
                    if step.kind == "keys":
                        last = shred_keys_batch(step.entry, now, progress["after"])
                        counts = {}
                    else:
                        last, counts = delete_rows_batch(step.entry, now, progress["after"])
                    for name, count in counts.items():
                        ledger.destruction_run_add(run_id=runs[name], count=count)
                        progress["counts"][name] = progress["counts"].get(name, 0) + count
                    if last is None:
                        progress["done"].append(step.name)
                        progress["after"] = 0
                        break
                    progress["after"] = last
        with ctx.batch():
            for run_id in runs.values():
                ledger.destruction_run_finish(run_id=run_id, now=ctx.now)
    except ClaimLost:
        raise  # the runner that took over carries on with the same ledger rows
    except Exception as error:
        # The error's type only: a message could quote the data being destroyed.
        with transaction.atomic():
            for run_id in runs.values():
                ledger.destruction_run_error(
                    run_id=run_id, error=f"{ctx.now.isoformat()} {type(error).__name__}"
                )
        raise
    return progress["counts"]


daily_job(JOB, at=datetime.time(3, 0))(destruction_daily)


# --- Withdrawal: one account, at once ---------------------------------------------------------


def destroy_accounts(*, account_ids: Iterable[int], now: datetime.datetime | None = None) -> None:
    """Delete every row that goes with these withdrawn accounts, children first, the accounts
    last, with a ledger row per category that lost rows. Their keys were shredded by the
    withdrawal's first transaction; rows with clocks of their own (usage records, requests,
    the retention store) are left to the daily job."""
    now = now or timezone.now()
    accounts = list(account_ids)
    totals: dict[str, int] = {}
    with transaction.atomic():
        for entry in walked_entries():
            if not entry.destroyed_with_account:
                continue
            after = 0
            while True:
                after, counts = delete_rows_batch(entry, now, after, accounts=accounts)
                for name, count in counts.items():
                    totals[name] = totals.get(name, 0) + count
                if after is None:
                    break
        for category in registry.ordered_categories():
            if totals.get(category.name):
                run = ledger.destruction_run_start(
                    job="withdrawal",
                    category=category,
                    legal_basis=legal_basis(category),
                    method=category.erasure,
                    now=now,
                )
                ledger.destruction_run_add(run_id=run.pk, count=totals[category.name])
                ledger.destruction_run_finish(run_id=run.pk, now=timezone.now())

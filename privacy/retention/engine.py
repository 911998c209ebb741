"""The destruction engine: every retention rule of the registry, enforced, and nothing else.

The engine knows no model. It walks `privacy.registry.registry`: each registered model has a rule
saying when its rows are due (`ModelEntry.due`: with the account at withdrawal, 60 days after it,
when a retention-store record's five years end, ...), or goes with a parent row (`with_parent`).
Nothing is destroyed here that the registry does not describe, and every registered model is
walked, so a model registered tomorrow is destroyed on time without touching this file.

A run, in two passes over a moment `now` fixed at its start:
1. keys: for each entry whose rows carry a data key of their own (`own_key`: the account,
   a retention-store record, a rights request), the keys of its due rows are shredded, so every
   copy of their ciphertext (backups, replicas, dead tuples) is unreadable from then on;
2. rows: entries children-first (a row before the rows it points to), due rows deleted by
   primary key in batches of BATCH, in primary-key order with a cursor, so memory stays
   constant and a resumed run does not rescan what it destroyed.

The daily job (`destruction-daily`, registered by privacy/retention/tasks.py) runs both passes
under core.jobs: each batch is one transaction with its ledger counts and its cursor, so a run
killed halfway is resumed by the next with nothing done twice or half-done. Withdrawal runs pass
2 for one account at once (`destroy_accounts`), right after its first transaction shredded the
key.
"""

from __future__ import annotations

import datetime
import functools
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import models, router, transaction
from django.utils import timezone

from core.jobs import JobContext
from privacy.keys import datakeys
from privacy.registry.registry import Category, ModelEntry, Rule, registry
from privacy.retention import services as ledger
from privacy.retention.models import PendingSummary, RetainedRecord
from privacy.retention.wording import erasure_method, legal_basis

logger = logging.getLogger(__name__)

JOB = "destruction-daily"


def batch_size() -> int:
    return settings.DESTRUCTION_BATCH


def _moved_to_store(model: type[models.Model]) -> bool:
    """Live rows of a category the policy keeps in 분리 보관: at withdrawal they were copied into
    the store (its ledger entry is an 이관, privacy.retention.store), so deleting the originals
    is the end of that move, not a destruction of what the category holds."""
    entry = registry.entry(model)
    return (
        entry is not None
        and entry.category.retention.rule is Rule.RETENTION_STORE
        and model is not RetainedRecord
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
    """The registry category of a model label as `QuerySet.delete()` reports it, None for rows
    the ledger does not count as destroyed (unregistered, or originals moved to the store)."""
    for entry in registry.entries.values():
        if entry.model._meta.label == label:
            return None if _moved_to_store(entry.model) else entry.category
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
    datakeys.destroy_keys_of({subject for _, subject in rows})
    return rows[-1][0]


def delete_rows_batch(
    entry: ModelEntry, now: datetime.datetime, after: int, accounts: list[int] | None = None
) -> tuple[int | None, dict[str, int]]:
    """Delete the next batch of due rows after pk `after` (own keys first): (last pk or None,
    {category name: rows destroyed}), cascaded rows counted under their own category."""
    if not entry.own_key and _nothing_else_points_at(entry.model):
        # The batch as a subquery of the DELETE: no primary keys travel to Python and back.
        batch = (
            _due_queryset(entry, now, accounts)
            .filter(pk__gt=after)
            .order_by("pk")
            .values("pk")[: batch_size()]
        )
        deleted = _delete_set_based(entry.model, batch)
        if not deleted:
            return None, {}
        if _moved_to_store(entry.model):
            return after, {}
        return after, {entry.category.name: deleted}
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
        datakeys.destroy_keys_of({row[1] for row in rows})
    # Primary keys only: where Django loads the rows to cascade, it must not decrypt them (the
    # keys are shredded, so each field would only log an unreadable ciphertext).
    _, per_model = entry.model._default_manager.filter(pk__in=pks).only("pk").delete()
    counts: dict[str, int] = {}
    for label, count in per_model.items():
        category = _category_of(label)
        if category is not None and count:
            counts[category.name] = counts.get(category.name, 0) + count
    return pks[-1], counts


def _incoming(model) -> list:
    """The relations by which other rows point at `model`'s rows (foreign keys, one-to-ones,
    many-to-many link tables)."""
    return [
        f
        for f in model._meta.get_fields(include_hidden=True)
        if f.auto_created and not f.concrete and (f.one_to_one or f.one_to_many)
    ]


@functools.cache
def _nothing_else_points_at(model: type[models.Model]) -> bool:
    """True when every row that can point at this entry's rows is a many-to-many link, or a
    registered row destroyed with the same account through that very relation, which the walk
    (children first) has deleted in an earlier step. Django's deletion collector would then
    re-read each batch and query every such table to find nothing; one DELETE does.

    If a row were written for a withdrawn account between its step and this one (nothing can
    sign in as that account any more), the foreign key fails the batch's commit, the run fails
    loudly, and the resumed run walks the rows again from the first step (destruction_daily)."""
    entry = registry.entry(model)
    if entry is None or not entry.destroyed_with_account:
        return False
    for relation in _incoming(model):
        child = relation.related_model
        if child._meta.auto_created:  # a many-to-many link table: deleted with the row
            continue
        child_entry = registry.entry(child)
        through = "__".join(p for p in (relation.field.name, entry.account_path) if p)
        if not (
            child_entry is not None
            and child_entry.destroyed_with_account
            and child_entry.account_path == through
            and relation.on_delete is models.CASCADE
        ):
            return False
    return True


def _delete_set_based(model, batch) -> int:
    """The batch's many-to-many link rows, then its rows: one DELETE each, no collector; the
    rows deleted. `batch` is a subquery of primary keys (re-evaluated by each statement, to the
    same rows: the links' deletion changes no row's due state). `_raw_delete` is the statement
    Django's own collector issues for a fast delete."""
    db = router.db_for_write(model)
    for relation in _incoming(model):
        if relation.related_model._meta.auto_created:
            links = relation.related_model._base_manager.filter(
                **{f"{relation.field.name}__in": batch}
            )
            links._raw_delete(db)
    return model._base_manager.filter(pk__in=batch)._raw_delete(db)


# --- The daily job ----------------------------------------------------------------------------


def destruction_daily(ctx: JobContext) -> dict[str, int]:
    """Everything due by the registry, destroyed: keys first, then rows, each batch with its
    ledger counts and cursor in one transaction. One ledger row per category per day, also
    when nothing was due (the record that the check ran)."""
    progress = ctx.progress
    if "now" in progress:
        # A resumed run walks the rows again from their first step: what was destroyed stays
        # destroyed (each step finds nothing), and a row that appeared meanwhile under an
        # account already walked is not left behind. Keys already shredded stay done.
        keys_done = [d for d in progress["done"] if d.startswith("keys:")]
        if len(keys_done) < len(progress["done"]) or all(
            s.name in keys_done for s in steps() if s.kind == "keys"
        ):
            progress["after"] = 0
        progress["done"] = keys_done
    else:
        with ctx.batch():
            progress["now"] = ctx.now.isoformat()
            progress["ledger"] = {
                c.name: ledger.destruction_run_start(
                    job=JOB,
                    category=c,
                    legal_basis=legal_basis(c),
                    method=erasure_method(c, at_withdrawal=False),
                    now=ctx.now,
                ).pk
                for c in registry.ordered_categories()
            }
            progress["done"] = []
            progress["after"] = 0
            progress["counts"] = {}
    now = datetime.datetime.fromisoformat(progress["now"])
    runs: dict[str, int] = progress["ledger"]
    with ledger.destruction_runs_note_errors(run_ids=runs.values(), now=ctx.now):
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
            # What is left and what comes next, for the ledger page: counted once a day here
            # rather than on every view of it (a count of every registered table).
            pending_summary_refresh(now=ctx.now)
    return progress["counts"]


# --- Withdrawal: one account, at once ---------------------------------------------------------


def destroy_accounts(
    *, account_ids: Iterable[int], now: datetime.datetime | None = None, handler: str = ""
) -> None:
    """Delete every row that goes with these withdrawn accounts, children first, the accounts
    last, with a ledger row per category that lost rows (`handler`: the staff member who
    completed it, masked; blank for the member's own withdrawal). Originals of what was moved
    into 분리 보관 are not counted as destroyed: the move has its own 이관 entry. Their keys were
    shredded by the withdrawal's first transaction; rows with clocks of their own (usage
    records, requests, the retention store) are left to the daily job."""
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
                    method=erasure_method(category, at_withdrawal=True),
                    now=now,
                    handler=handler,
                )
                ledger.destruction_run_add(run_id=run.pk, count=totals[category.name])
                ledger.destruction_run_finish(run_id=run.pk, now=timezone.now())


# --- What is coming (the ledger page) -------------------------------------------------------


@dataclass(frozen=True)
class Pending:
    category: str
    due_now: int
    due_soon: int  # due within `days` from now, the rows due now included


def pending_by_category(*, now: datetime.datetime, days: int = 30) -> list[Pending]:
    """Rows each category has due now and within `days`, by the same registry rules the job
    enforces: the privacy officer sees what the next runs will destroy, and a backlog."""
    soon = now + datetime.timedelta(days=days)
    due_now: dict[str, int] = {}
    due_soon: dict[str, int] = {}
    for entry in walked_entries():
        name = entry.category.name
        # One pass over the table for both counts (the rules' joins are to-one: no doubling).
        counts = entry.model._default_manager.aggregate(
            now=models.Count("pk", filter=entry.due(now)),
            soon=models.Count("pk", filter=entry.due(soon)),
        )
        due_now[name] = due_now.get(name, 0) + counts["now"]
        due_soon[name] = due_soon.get(name, 0) + counts["soon"]
    return [
        Pending(c.name, due_now.get(c.name, 0), due_soon.get(c.name, 0))
        for c in registry.ordered_categories()
    ]


PENDING_DAYS = 30


def pending_summary_refresh(*, now: datetime.datetime, days: int = PENDING_DAYS):
    """Count what is due (pending_by_category) and keep it as the one PendingSummary row the
    ledger page shows, with the time it was counted."""
    rows = [
        {"category": p.category, "due_now": p.due_now, "due_soon": p.due_soon}
        for p in pending_by_category(now=now, days=days)
    ]
    summary, _ = PendingSummary.objects.update_or_create(
        pk=1, defaults={"computed_at": now, "days": days, "rows": rows}
    )
    return summary

"""What the desk gathers for a quarter's audit: a JSON snapshot, stored with the audit.

Read through the lower parts' models and selectors (privacy.audit sits above them). Members'
personal data stays out: members appear only as counts and record ids; the staff accounts that
hold access are named, since who holds access is the point of the audit. Every section is a
fixed number of queries, whatever the number of staff, requests, entries or consents.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Count, Max, Min, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from privacy.accesslog.models import (
    AccessLogAction,
    AccessLogChain,
    AccessLogCheckpoint,
    AccessLogCheckpointKind,
    AccessLogEntry,
    AccessLogReview,
)
from privacy.accesslog.review import access_log_review, report_figures
from privacy.accesslog.verify import access_log_verify
from privacy.audit.quarters import KST, Quarter
from privacy.consents.models import ConsentRecord
from privacy.keys.masters import current_master
from privacy.keys.models import DataKey, DataKeyState, KeyCanary, KeyKind
from privacy.notices.selectors import policy_timeline
from privacy.registry.registry import registry
from privacy.retention.models import DestructionRun, PendingSummary
from privacy.rights.models import CLOSED_RIGHTS_STATUSES, OPEN_RIGHTS_STATUSES, RightsRequest
from privacy.staff.designation import staff_designations

IDLE_DAYS = 90
NO_DESIGNATION = "지정 정보 없음"
# Entries that are not a use of access to personal data: signing in is not using it.
NOT_A_USE = (
    AccessLogAction.SIGN_IN,
    AccessLogAction.SIGN_OUT,
    AccessLogAction.SIGN_IN_FAILED,
    AccessLogAction.DENIED,
)
REVEAL_PERMISSION = ("privacy", "reveal_personal_data")
ACTION_WORDS = {"view": "조회", "change": "수정", "delete": "삭제", "add": "추가"}


def _iso(value: datetime.datetime | datetime.date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        # KST, as the officer reads it (and prints it): "2026-09-20 14:00".
        return timezone.localtime(value, KST).strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


def _personal_models() -> set[tuple[str, str]]:
    """(app_label, model_name) of every model that holds members' personal data."""
    return {(m._meta.app_label, m._meta.model_name) for m in registry.entries}


def _permission_label(app_label: str, model: str, codename: str, name: str) -> str:
    if (app_label, codename) == REVEAL_PERMISSION:
        return "마스킹된 개인정보 열람"
    try:
        verbose = apps.get_model(app_label, model)._meta.verbose_name
    except LookupError:
        return name
    action, _, rest = codename.partition("_")
    if action in ACTION_WORDS and rest == model:
        return f"{verbose} {ACTION_WORDS[action]}"
    return f"{verbose}: {name}"


def access_section(*, now: datetime.datetime) -> dict:
    """Who holds access to personal data, by which permissions, designated or not, and when
    they last used it. Five queries whatever the number of staff."""
    User = get_user_model()
    staff = list(
        User.objects.filter(Q(is_staff=True) | Q(is_superuser=True), is_active=True)
        .order_by("username")
        .values("id", "username", "is_superuser")
    )
    ids = [s["id"] for s in staff]
    personal = _personal_models()
    perms: dict[int, set[str]] = defaultdict(set)
    fields = ("content_type__app_label", "content_type__model", "codename", "name")
    direct = Permission.objects.filter(user__id__in=ids).values_list("user__id", *fields)
    grouped = Permission.objects.filter(group__user__id__in=ids).values_list(
        "group__user__id", *fields
    )
    for rows in (direct, grouped):
        for user_id, app_label, model, codename, name in rows:
            if (app_label, model) in personal or (app_label, codename) == REVEAL_PERMISSION:
                perms[user_id].add(_permission_label(app_label, model, codename, name))
    last = {
        row["actor_id"]: row
        for row in AccessLogEntry.objects.filter(chain=AccessLogChain.ACCESS, actor_id__in=ids)
        .values("actor_id")
        .annotate(last_entry=Max("at"), last_use=Max("at", filter=~Q(action__in=NOT_A_USE)))
        .order_by()
    }
    designations = staff_designations()
    since = now - datetime.timedelta(days=IDLE_DAYS)
    accounts = []
    for s in staff:
        holds = sorted(perms.get(s["id"], ()))
        if s["is_superuser"]:
            holds = ["모든 권한 (최고 관리자)"]
        designation = designations.get(s["id"])
        used = last.get(s["id"], {})
        last_use = used.get("last_use")
        accounts.append(
            {
                "id": s["id"],
                "username": s["username"],
                "superuser": s["is_superuser"],
                "permissions": holds,
                "holds_access": bool(holds),
                "designation": (
                    {
                        "role": designation.role,
                        "scope": designation.scope,
                        "designated_on": _iso(designation.designated_on),
                        "educated_on": _iso(designation.educated_on),
                        "current": designation.current,
                    }
                    if designation
                    else None
                ),
                "designation_text": (
                    f"{designation.role} ({'유효' if designation.current else '만료'})"
                    if designation
                    else NO_DESIGNATION
                ),
                "last_entry": _iso(used.get("last_entry")),
                "last_use": _iso(last_use),
                "idle": bool(holds) and (last_use is None or last_use < since),
            }
        )
    return {
        "accounts": accounts,
        "holding": sum(a["holds_access"] for a in accounts),
        "undesignated": sum(a["holds_access"] and a["designation"] is None for a in accounts),
    }


def idle_section(access: dict) -> dict:
    idle = [a for a in access["accounts"] if a["idle"]]
    return {
        "days": IDLE_DAYS,
        "accounts": [
            {"id": a["id"], "username": a["username"], "last_use": a["last_use"]} for a in idle
        ],
        "count": len(idle),
    }


def monthly_reviews(quarter: Quarter) -> list[dict]:
    """Each month's review of unusual access (제8조 ②): the report's figures, and whether the
    review was recorded as done (privacy.accesslog.models.AccessLogReview), by whom and when."""
    records = {r.month: r for r in AccessLogReview.objects.filter(month__in=list(quarter.months))}
    months = []
    for month in quarter.months:
        report = access_log_review(month=month)
        record = records.get(month)
        months.append(
            {
                "month": month.strftime("%Y-%m"),
                **report_figures(report),
                "recorded": record is not None,
                "reviewed_by": record.reviewed_by_name if record else "",
                "reviewed_at": (
                    timezone.localtime(record.reviewed_at).strftime("%Y-%m-%d %H:%M")
                    if record
                    else ""
                ),
            }
        )
    return months


def access_log_section(quarter: Quarter, *, now: datetime.datetime) -> dict:
    """The chain verified now (a fresh run, not a remembered one: the audit states what holds
    on the day it is prepared), the quarter's daily checkpoints, and the monthly reviews.
    Incremental, from the last signed checkpoint (whose signature it trusts); the chain before
    it was verified by earlier runs, and `verify_access_log --full` walks it all again."""
    result = access_log_verify(full=False)
    start, end = quarter.bounds()
    checkpoints = AccessLogCheckpoint.objects.filter(
        chain=AccessLogChain.ACCESS,
        kind=AccessLogCheckpointKind.DAILY,
        created_at__gte=start,
        created_at__lt=end,
    ).count()
    days = (min(quarter.last_day, timezone.localdate(now)) - quarter.first_day).days + 1
    return {
        "verified_at": _iso(now),
        "ok": not result.problems,
        "problems": [str(p) for p in result.problems],
        "warnings": list(result.warnings),
        "chains": [
            {
                "chain": AccessLogChain(c.chain).label,
                "entries": c.entries,
                "checkpoints": c.checkpoints,
                "from_checkpoint": c.trusted_checkpoint,
            }
            for c in result.chains
        ],
        "daily_checkpoints": checkpoints,
        "days": max(days, 0),
        "reviews": monthly_reviews(quarter),
    }


def destruction_section(quarter: Quarter) -> dict:
    """The 파기 대장's runs of the quarter by category, and what was due and not yet destroyed
    at the last count (privacy.retention's PendingSummary)."""
    start, end = quarter.bounds()
    runs = DestructionRun.objects.filter(started_at__gte=start, started_at__lt=end)
    by_category = [
        {"category": r["category"], "runs": r["runs"], "count": r["count"] or 0}
        for r in runs.values("category")
        .annotate(runs=Count("id"), count=Sum("count"))
        .order_by("category")
    ]
    problems = runs.aggregate(
        errors=Count("id", filter=~Q(errors="")),
        unfinished=Count("id", filter=Q(finished_at__isnull=True)),
    )
    pending = PendingSummary.objects.order_by("-computed_at", "-id").first()
    overdue = [
        {"category": row["category"], "due_now": row["due_now"]}
        for row in (pending.rows if pending else [])
        if row.get("due_now")
    ]
    return {
        "by_category": by_category,
        "destroyed": sum(r["count"] for r in by_category),
        "with_errors": problems["errors"],
        "unfinished": problems["unfinished"],
        "overdue": overdue,
        "overdue_total": sum(r["due_now"] for r in overdue),
        "pending_counted_at": _iso(pending.computed_at) if pending else None,
    }


def rights_section(quarter: Quarter) -> dict:
    """Requests closed in the quarter after their due date, and those still open past it at
    the quarter's end. Ids, kinds and dates only (no encrypted column is read)."""
    start, end = quarter.bounds()
    closed = list(
        RightsRequest.objects.filter(
            status__in=CLOSED_RIGHTS_STATUSES, closed_at__gte=start, closed_at__lt=end
        )
        .order_by("due_date", "id")
        .values_list("id", "kind", "due_date", "closed_at")
    )
    kinds = dict(RightsRequest._meta.get_field("kind").choices)
    late = []
    for pk, kind, due, closed_at in closed:
        closed_on = timezone.localdate(closed_at, KST)
        if closed_on > due:
            late.append(
                {
                    "id": pk,
                    "kind": kinds.get(kind, kind),
                    "due_date": _iso(due),
                    "closed_on": _iso(closed_on),
                    "days_late": (closed_on - due).days,
                }
            )
    still_open = list(
        RightsRequest.objects.filter(
            status__in=OPEN_RIGHTS_STATUSES, due_date__lte=quarter.last_day, received_at__lt=end
        )
        .order_by("due_date", "id")
        .values_list("id", "kind", "due_date")
    )
    return {
        "closed": len(closed),
        "late": late,
        "open_overdue": [
            {"id": pk, "kind": kinds.get(kind, kind), "due_date": _iso(due)}
            for pk, kind, due in still_open
        ],
    }


def keys_section(*, now: datetime.datetime) -> dict:
    """The master key in use and since when it is known, the data keys' age, the last
    rotation (the last data key retired)."""
    master = current_master()
    first_seen = (
        KeyCanary.objects.filter(kind=KeyKind.MASTER, kid=master.kid)
        .values_list("created_at", flat=True)
        .first()
    )
    keys = DataKey.objects.aggregate(
        active=Count("id", filter=Q(state=DataKeyState.ACTIVE)),
        retired=Count("id", filter=Q(state=DataKeyState.RETIRED)),
        oldest=Min("created_at", filter=Q(state=DataKeyState.ACTIVE)),
        last_rotation=Max("retired_at"),
        other_master=Count("id", filter=~Q(kek_id=master.kid)),
    )

    def age(value):
        return (now - value).days if value else None

    return {
        "master_kid": master.kid,
        "master_first_seen": _iso(first_seen),
        "master_age_days": age(first_seen),
        "active_data_keys": keys["active"],
        "retired_data_keys": keys["retired"],
        "wrapped_by_older_master": keys["other_master"],
        "oldest_active_key": _iso(keys["oldest"]),
        "oldest_active_key_age_days": age(keys["oldest"]),
        "last_rotation": _iso(keys["last_rotation"]),
        "days_since_rotation": age(keys["last_rotation"]),
    }


def consents_section(quarter: Quarter) -> dict:
    """Consents recorded in the quarter by the policy version they name, against the version in
    force on the day (KST) they were given: a mismatch is a consent asked under the wrong text."""
    start, end = quarter.bounds()
    timeline = policy_timeline()
    rows = (
        ConsentRecord.objects.filter(recorded_at__gte=start, recorded_at__lt=end)
        .annotate(day=TruncDate("recorded_at", tzinfo=KST))
        .values("policy_version", "day")
        .annotate(n=Count("id"))
        .order_by()
    )
    by_version: dict[str, dict] = {}
    for row in rows:
        in_force = timeline.in_force(row["day"])
        expected = in_force.version if in_force else None
        entry = by_version.setdefault(
            row["policy_version"],
            {"version": row["policy_version"], "count": 0, "mismatched": 0, "in_force": set()},
        )
        entry["count"] += row["n"]
        if expected is not None:
            entry["in_force"].add(expected)
            if expected != row["policy_version"]:
                entry["mismatched"] += row["n"]
    versions = [
        {**v, "in_force": sorted(v["in_force"])}
        for v in sorted(by_version.values(), key=lambda v: v["version"])
    ]
    return {
        "versions": versions,
        "total": sum(v["count"] for v in versions),
        "mismatched": sum(v["mismatched"] for v in versions),
        "in_force_during": sorted(
            {
                v.version
                for v in timeline.versions
                if v.effective_date <= quarter.last_day
                and (
                    (later := timeline.in_force(quarter.first_day)) is None
                    or v.effective_date >= later.effective_date
                )
            }
        ),
    }


def audit_snapshot(quarter: Quarter, *, now: datetime.datetime | None = None) -> dict:
    now = now or timezone.now()
    access = access_section(now=now)
    return {
        "quarter": quarter.label,
        "period": [_iso(quarter.first_day), _iso(quarter.last_day)],
        "prepared_at": _iso(now),
        "access": access,
        "idle": idle_section(access),
        "access_log": access_log_section(quarter, now=now),
        "destruction": destruction_section(quarter),
        "rights": rights_section(quarter),
        "keys": keys_section(now=now),
        "consents": consents_section(quarter),
    }

"""The tables of the policy page, as a version states them.

A policy version keeps the page's tables in its `snapshot` (JSON), taken from the code and
the data that define them when the version is drafted and again when it is published:

    {"members":      [{"name", "items", "purposes", "retention"}, ...],   # 수집 항목 (registry)
     "consultants":  [{"name", "items", "purposes", "retention"}, ...],   # 컨설턴트 정보
     "provisions":   [{"recipient", "purpose", "items", "retention", "text"}, ...],  # 제3자 제공
     "entrustments": [{"trustee", "task", "retention"}, ...]}             # 처리 위탁

The policy page renders the snapshot of the version in force, never the live registry or the
entrustment table: what members read is what was announced 7 days before (처리방침 변경: "변경
사항의 시행 7일 전부터 공지사항을 통하여 고지"). The registry is code, so it can move without a
version; `registry_drift` says where it differs from the version in force, and a system check
and a test fail on it ("draft the next version") rather than the page silently showing a
table members were never told about.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from privacy.notices.models import Entrustment, PolicyVersion
from privacy.registry.registry import CONSULTANTS, MEMBERS, registry
from privacy.sharing.provisions import PROVISIONS

Snapshot = dict[str, list[dict[str, str]]]
TABLES = ("members", "consultants", "provisions", "entrustments")
REGISTRY_TABLES = ("members", "consultants", "provisions")
TABLE_NAMES = {
    "members": "개인정보 수집 항목",
    "consultants": "컨설턴트의 개인정보 항목",
    "provisions": "개인정보 제3자 제공",
    "entrustments": "개인정보 처리 위탁",
}


def registry_tables(stated: Iterable[str]) -> Snapshot:
    """The registry's and the provisions' tables as the code states them for a version whose
    stated versions (itself and those before it) are `stated`: a category or provision shows
    from the version that first states it (`policy_from`)."""
    stated = set(stated)

    def in_force(policy_from: str) -> bool:
        return not policy_from or policy_from in stated

    categories = [
        c
        for c in registry.ordered_categories()
        if c.in_collection_table and in_force(c.policy_from)
    ]

    def row(c) -> dict[str, str]:
        return {
            "name": c.name,
            "items": c.items_text,
            "purposes": ", ".join(c.purposes),
            "retention": c.retention.text,
        }

    return {
        "members": [row(c) for c in categories if c.subjects == MEMBERS],
        "consultants": [row(c) for c in categories if c.subjects == CONSULTANTS],
        "provisions": [
            {
                "recipient": p.recipient_text,
                "purpose": p.purpose_text,
                "items": p.provided_text([c for c in p.category_list() if in_force(c.policy_from)]),
                "retention": p.retention_text,
                "text": p.policy_text,
            }
            for p in PROVISIONS.values()
            if p.policy_from and in_force(p.policy_from)
        ],
    }


def entrustment_rows(entrustments: Iterable[Entrustment] | None = None) -> list[dict[str, str]]:
    """The entrustment table as it stands now (the officer's working copy)."""
    if entrustments is None:
        entrustments = Entrustment.objects.all()
    return [{"trustee": e.trustee, "task": e.task, "retention": e.retention} for e in entrustments]


def stated_versions(policy: PolicyVersion) -> set[str]:
    """The versions `policy` stands on: itself and the published ones before it."""
    earlier = PolicyVersion.objects.filter(
        published_at__isnull=False, effective_date__lt=policy.effective_date
    ).values_list("version", flat=True)
    return {policy.version, *earlier}


def snapshot_take(policy: PolicyVersion) -> Snapshot:
    """The snapshot for `policy` from the code and the entrustment table as they are now."""
    return {**registry_tables(stated_versions(policy)), "entrustments": entrustment_rows()}


def registry_drift(policy: PolicyVersion) -> list[str]:
    """The tables whose rows in the code differ from those `policy` was published with, by
    their Korean names; empty when the code still says what the version says."""
    code = registry_tables(stated_versions(policy))
    stored: dict[str, Any] = policy.snapshot or {}
    return [TABLE_NAMES[t] for t in REGISTRY_TABLES if code[t] != stored.get(t)]


def table_changes(old: Snapshot | None, new: Snapshot) -> list[str]:
    """Which tables differ between two snapshots, by their Korean names."""
    old = old or {}
    return [TABLE_NAMES[t] for t in TABLES if old.get(t) != new.get(t)]

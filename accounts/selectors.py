"""Reads for the account pages."""

from __future__ import annotations

from dataclasses import dataclass

from privacy.registry.categories import USAGE
from privacy.registry.registry import MEMBERS, Category, Rule, registry


@dataclass(frozen=True)
class DestroyedAtOnce:
    name: str
    items: str  # the policy's item names the registry holds for it, "이름, 희망 직무, ..."


@dataclass(frozen=True)
class WithdrawalSummary:
    """What withdrawal destroys at once and what it keeps, from the retention registry (the
    same rules the destruction engine enforces), with the member's own kept records counted."""

    at_once: list[DestroyedAtOnce]
    usage: Category
    applications: int
    offers: int
    requests: int

    @property
    def kept_records(self) -> str:
        """ "라이프멘토로 보낸 지원 2건과 받은 입사 제안 1건" ("건" takes 과/은 after it)."""
        parts = []
        if self.applications:
            parts.append(f"라이프멘토로 보낸 지원 {self.applications}건")
        if self.offers:
            parts.append(f"받은 입사 제안 {self.offers}건")
        return "과 ".join(parts)


def withdrawal_summary(member) -> WithdrawalSummary:
    # What a member's withdrawal destroys: the members' categories, never consultants' data.
    categories = registry.ordered_categories(subjects=MEMBERS)
    at_once = [
        DestroyedAtOnce(c.name, ", ".join(_item_labels(c)))
        for c in categories
        if c.retention.rule is Rule.UNTIL_WITHDRAWAL
    ]
    return WithdrawalSummary(
        at_once=at_once,
        usage=USAGE,
        applications=member.applications.count(),
        offers=member.offers.count(),
        requests=member.rights_requests.count(),
    )


def _item_labels(category: Category) -> list[str]:
    labels: dict[str, None] = {}
    for entry in registry.entries_for(category):
        labels.update(dict.fromkeys(item.label for item in entry.items))
    return list(labels)

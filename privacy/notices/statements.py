"""What the policy page's tables state, read from the registry for the versions in force.

The policy page renders its tables (수집 항목, the consultants' own data, 제3자 제공) from the
retention registry and the provisions, the same rules the destruction job, the download and the
sharing selector read. A category or provision a later version first states (`policy_from`)
appears on the page only once that version is in force: the change is announced 7 days before
(개인정보처리방침, 처리방침 변경: "변경 사항의 시행 7일 전부터 공지사항을 통하여 고지"), and until
then the page says what the version in force says. tests/privacy/test_registry.py holds the
page, version by version, to each text in privacy/notices/policy_texts.
"""

from __future__ import annotations

from dataclasses import dataclass

from privacy.notices.selectors import policy_versions_in_force
from privacy.registry.registry import CONSULTANTS, MEMBERS, Category, registry
from privacy.sharing.provisions import PROVISIONS


@dataclass(frozen=True)
class ProvisionRow:
    recipient: str
    purpose: str
    items: str
    retention: str
    text: str  # the sentence in the policy's list of exceptions


@dataclass(frozen=True)
class PolicyStatements:
    members: list[Category]  # 개인정보 수집 목적, 항목 및 이용 기간
    consultants: list[Category]  # the consultants' own data, a table of its own
    provisions: list[ProvisionRow]  # 개인정보 제3자 제공


def policy_statements() -> PolicyStatements:
    stated = policy_versions_in_force()

    def in_force(policy_from: str) -> bool:
        return not policy_from or policy_from in stated

    categories = [
        c
        for c in registry.ordered_categories()
        if c.in_collection_table and in_force(c.policy_from)
    ]
    provisions = [
        ProvisionRow(
            recipient=p.recipient_text,
            purpose=p.purpose_text,
            items=p.provided_text([c for c in p.category_list() if in_force(c.policy_from)]),
            retention=p.retention_text,
            text=p.policy_text,
        )
        for p in PROVISIONS.values()
        if p.policy_from and in_force(p.policy_from)
    ]
    return PolicyStatements(
        members=[c for c in categories if c.subjects == MEMBERS],
        consultants=[c for c in categories if c.subjects == CONSULTANTS],
        provisions=provisions,
    )

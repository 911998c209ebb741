"""The retention registry: one description of every piece of personal data the service holds.

Each model holding personal information registers its category once (in its app's
`privacy.py`), in the policy's own words: the items (with required/optional and the policy's
labels), the fields holding them, the purposes, the retention rule and how it is erased. The
privacy policy page renders its table from here, the field-encryption layer reads which fields
to encrypt and whose key to use, and the system check `privacy.E001` refuses any concrete model
field in the project's apps (every app under the project's root, found rather than listed) that
is neither registered as personal nor declared non-personal.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.db import models
from django.db.models import Q

from privacy.registry.discovery import is_project_app


@dataclass(frozen=True)
class Item:
    """One item of the policy's 항목 column, and the model fields that hold it."""

    label: str
    fields: tuple[str, ...] = ()
    required: bool = False


class Rule(enum.Enum):
    """What becomes of a category's data at withdrawal. The one name of each rule: code compares
    with these members, never with a string."""

    # Destroyed with the account, at withdrawal: "회원 탈퇴 시 즉시 파기".
    UNTIL_WITHDRAWAL = "until_withdrawal"
    # Destroyed within `days_after_withdrawal` of the withdrawal: "회원 탈퇴 시 3개월 이내 파기".
    AFTER_WITHDRAWAL = "after_withdrawal"
    # Copied at withdrawal into the separate retention store (분리 보관, privacy.retention.store),
    # kept there `days_after_withdrawal`, then destroyed.
    RETENTION_STORE = "retention_store"


@dataclass(frozen=True)
class Retention:
    """A retention rule, in the policy's words and as a machine-readable rule."""

    text: str  # as the policy states it, e.g. "회원 탈퇴 시 즉시 파기"
    rule: Rule
    days_after_withdrawal: int = 0


def until_withdrawal() -> Retention:
    return Retention("회원 탈퇴 시 즉시 파기", Rule.UNTIL_WITHDRAWAL)


def months_after_withdrawal(months: int, text: str) -> Retention:
    return Retention(text, Rule.AFTER_WITHDRAWAL, days_after_withdrawal=months * 31)


def until_account_ends(text: str) -> Retention:
    """Destroyed with the account, in words other than a member's 회원 탈퇴 (a consultant's)."""
    return Retention(text, Rule.UNTIL_WITHDRAWAL)


def kept_in_retention_store(days: int, text: str) -> Retention:
    return Retention(text, Rule.RETENTION_STORE, days_after_withdrawal=days)


# Whose data a category holds (Category.subjects).
MEMBERS = "회원"
CONSULTANTS = "컨설턴트"


@dataclass(frozen=True)
class Category:
    """A row of the policy's table (분류)."""

    name: str
    order: int
    items_text: str  # the 항목 cell, exactly as the policy prints it
    purposes: tuple[str, ...]
    retention: Retention
    erasure: str = "암호화 키 파기 후 행 삭제 (기록을 재생할 수 없는 기술적 방법)"
    # False for data the policy describes outside its collection tables (지원 내역: kept
    # after withdrawal, stated in the 파기 section); the policy page's tables skip it.
    in_collection_table: bool = True
    # Whose data it is: the policy page gives members' categories and consultants' each a
    # table of their own (consultants are users too, under other purposes and rules).
    subjects: str = MEMBERS
    # The policy version whose text first states this category. The policy page shows it once
    # that version is in force (7 days after its notice: privacy.notices); "" for the first.
    policy_from: str = ""
    # What a provision to a third party hands over of this category, in the policy's words
    # (the 제3자 제공 table's 제공 항목); the category's name when empty.
    provided: str = ""


# The account field that starts every withdrawal clock (accounts.User.withdrawn_at): set in the
# withdrawal's first transaction, together with the shredding of the member's data key.
WITHDRAWN_AT = "withdrawn_at"

# When a row is due for destruction: a filter for the moment `now` (aware datetime).
DueRule = Callable[[datetime.datetime], Q]


def with_account(account_path: str) -> DueRule:
    """Due once the owning account has withdrawn: "회원 탈퇴 시 즉시 파기"."""
    lookup = f"{account_path}__{WITHDRAWN_AT}__lte" if account_path else f"{WITHDRAWN_AT}__lte"
    return lambda now: Q(**{lookup: now})


@dataclass
class ModelEntry:
    model: type[models.Model]
    category: Category
    items: tuple[Item, ...]
    # Fields stored encrypted under the owner's data key.
    encrypted: frozenset[str]
    # Path from an instance to the owning data subject's UUID, e.g. "member.subject".
    owner: str
    # Fields that hold no personal information (ids, timestamps, ordering, codes...).
    non_personal: frozenset[str] = field(default_factory=frozenset)
    # When a row is due for destruction (privacy.retention.engine reads this and nothing else). None
    # with `with_parent`: the row is destroyed with its parent row (a cascading foreign key).
    due: DueRule | None = None
    # The foreign key whose row takes this one with it (e.g. a request's history).
    with_parent: str = ""
    # A field naming the row's own data key (a UUID subject), shredded before the row goes.
    own_key: str = ""
    # True when `due` is the default: the row goes with its account, at withdrawal.
    destroyed_with_account: bool = False

    @property
    def personal_fields(self) -> frozenset[str]:
        return frozenset(f for item in self.items for f in item.fields)

    @property
    def account_path(self) -> str:
        """ORM path from a row to its account, from the owner path ("cover_letter.member.subject"
        → "cover_letter__member"; "" when the row is the account)."""
        parts = [p for p in self.owner.split(".") if p]
        if parts and parts[-1] == "subject":
            parts = parts[:-1]
        return "__".join(parts)


class Registry:
    def __init__(self) -> None:
        self.categories: dict[str, Category] = {}
        self.entries: dict[type[models.Model], ModelEntry] = {}
        # Models with no personal data at all, and why.
        self.non_personal_models: dict[type[models.Model], str] = {}
        # Non-personal fields of models registered by others (e.g. allauth's, Django's own).

    def category(self, category: Category) -> Category:
        existing = self.categories.setdefault(category.name, category)
        return existing

    def register(
        self,
        model: type[models.Model],
        *,
        category: Category,
        items: list[Item] | tuple[Item, ...],
        owner: str,
        encrypted: set[str] | frozenset[str] = frozenset(),
        non_personal: set[str] | frozenset[str] = frozenset(),
        due: DueRule | None = None,
        with_parent: str = "",
        own_key: str = "",
    ) -> None:
        """Register a model's personal data. Unless `due` or `with_parent` says otherwise, its
        rows are destroyed with their account, at withdrawal (the owner path names the account:
        "member.subject", "cover_letter.member.subject", "subject" for the account itself)."""
        self.category(category)
        if own_key == "" and owner == "subject":
            own_key = "subject"
        entry = ModelEntry(
            model=model,
            category=category,
            items=tuple(items),
            encrypted=frozenset(encrypted),
            owner=owner,
            non_personal=frozenset(non_personal),
            due=due,
            with_parent=with_parent,
            own_key=own_key,
        )
        if entry.due is None and not entry.with_parent:
            if not owner:
                raise ValueError(f"{model.__name__}: no owner, so it needs `due` or `with_parent`")
            entry.due = with_account(entry.account_path)
            entry.destroyed_with_account = True
        unknown = entry.encrypted - entry.personal_fields
        if unknown:
            raise ValueError(f"{model.__name__}: encrypted fields not in any item: {unknown}")
        self.entries[model] = entry

    def declare_non_personal(self, model: type[models.Model], reason: str) -> None:
        self.non_personal_models[model] = reason

    def entry(self, model: type[models.Model]) -> ModelEntry | None:
        return self.entries.get(model)

    def ordered_categories(self, subjects: str | None = None) -> list[Category]:
        """In the policy's order; only those about `subjects` (MEMBERS, CONSULTANTS) if given."""
        return sorted(
            (c for c in self.categories.values() if subjects is None or c.subjects == subjects),
            key=lambda c: c.order,
        )

    def entries_for(self, category: Category) -> list[ModelEntry]:
        return [e for e in self.entries.values() if e.category.name == category.name]

    def unclassified_fields(self, models_to_check=None) -> list[str]:
        """Concrete fields of the project's models (every app under the project's root:
        privacy.registry.discovery) neither registered personal nor non-personal."""
        problems = []
        for model in models_to_check if models_to_check is not None else apps.get_models():
            if model in self.non_personal_models or not is_project_app(model._meta.app_config):
                continue
            entry = self.entries.get(model)
            known = (entry.personal_fields | entry.non_personal) if entry else frozenset()
            for f in model._meta.concrete_fields:
                # The row version of encrypted rows (privacy.keys.rows.SealedRow): a counter.
                if f.name not in known and f.name not in SEALED_ROW_FIELDS:
                    problems.append(f"{model._meta.label}.{f.name}")
            for f in model._meta.many_to_many:
                if f.name not in known:
                    problems.append(f"{model._meta.label}.{f.name}")
        return problems


SEALED_ROW_FIELDS = frozenset({"sealed_version"})

registry = Registry()

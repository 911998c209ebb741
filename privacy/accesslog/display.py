"""The access log as the privacy officer reads it: each entry in Korean (who, whose data, which
category, what was done, when in KST), and runs of list views folded into one row.

The log itself stays as it was hashed (account ids, role codes, `app.model` labels); this is
only how a page of it is shown. A page costs the same queries however long the log is: the
accounts named on the page are read in one query (their names open with the data keys the
encryption layer loads in one batch), and only the first member of each row is named, so at
most one name per row is decrypted.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth import get_user_model
from django.utils import timezone

from privacy.accesslog.models import AccessLogAction, AccessLogEntry
from privacy.keys.fields import SHREDDED, UNREADABLE
from privacy.registry.registry import registry
from privacy.staff.masking import mask_name

# The role stored with each entry is the role at the time of the access (accounts.Role codes).
ROLE_LABELS = {
    "staff": "관리자",
    "consultant": "컨설턴트",
    "member": "회원",
    "system": "시스템",
}
UNKNOWN_ROLE = "기타 계정"
SYSTEM = "시스템"
UNKNOWN_ACCOUNT = "확인되지 않은 계정"  # a failed sign-in with a username no account has
GONE_ACCOUNT = "삭제된 계정"
WITHDRAWN_MEMBER = "탈퇴한 회원"
UNREADABLE_NAME = "이름 확인 불가"
NO_NAME = "이름 없음"

# Targets that are not models (what a member downloads of their own data, …).
OTHER_TARGETS = {
    "privacy.centre.export": "내 정보 내려받기",
}
NO_TARGET = "-"
OTHER_TARGET = "기타 대상"

# What matters stands out; these are the ones the officer scans for.
NOTABLE = frozenset(
    {
        AccessLogAction.REVEAL,
        AccessLogAction.EXPORT,
        AccessLogAction.DOWNLOAD,
        AccessLogAction.CHANGE,
        AccessLogAction.DELETE,
        AccessLogAction.DENIED,
        AccessLogAction.PERMISSION_GRANT,
        AccessLogAction.PERMISSION_CHANGE,
        AccessLogAction.PERMISSION_REVOKE,
        AccessLogAction.SIGN_IN_FAILED,
    }
)
WITH_REASON = frozenset({AccessLogAction.REVEAL, AccessLogAction.EXPORT, AccessLogAction.DOWNLOAD})


def kst(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S")


def kst_time(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%H:%M")


def role_label(role: str) -> str:
    return ROLE_LABELS.get(role or "", UNKNOWN_ROLE)


def target_label(target_type: str) -> str:
    """The registry's Korean category for a registered model; a Korean label otherwise; never
    the stored `app.model` text."""
    if not target_type:
        return NO_TARGET
    if target_type in OTHER_TARGETS:
        return OTHER_TARGETS[target_type]
    try:
        model = apps.get_model(target_type)
    except (LookupError, ValueError):
        return OTHER_TARGET
    entry = registry.entry(model)
    if entry is not None:
        return entry.category.name
    name = str(model._meta.verbose_name)
    # A model without a verbose_name of its own gets Django's English default ("rights request").
    return name if _looks_korean(name) else OTHER_TARGET


def _looks_korean(text: str) -> bool:
    return any("\uac00" <= ch <= "\ud7a3" for ch in text)


def action_label(entry: AccessLogEntry) -> str:
    if entry.action not in AccessLogAction.values:
        return "기타 업무"
    return entry.get_action_display()


@dataclass
class Names:
    """Display names of the accounts a page names, read in one query."""

    accounts: dict[int, object] = field(default_factory=dict)

    @classmethod
    def load(cls, ids: Iterable[int]) -> Names:
        ids = {i for i in ids if i is not None}
        if not ids:
            return cls()
        users = get_user_model()._base_manager.filter(pk__in=ids)
        return cls({u.pk: u for u in users})

    def _name(self, user) -> str:
        try:
            name = user.name
        except Exception:
            return UNREADABLE_NAME
        if name == SHREDDED:  # the member's key is destroyed: they withdrew
            return WITHDRAWN_MEMBER
        if not isinstance(name, str) or name == UNREADABLE:
            return UNREADABLE_NAME
        return mask_name(name) if name.strip() else ""

    def actor(self, entry: AccessLogEntry) -> str:
        """관리자 officer, 컨설턴트 박**, 시스템: the role at the time and who it was."""
        if entry.actor_id is None:
            if entry.action == AccessLogAction.SIGN_IN_FAILED:
                return UNKNOWN_ACCOUNT
            return SYSTEM
        role = role_label(entry.actor_role)
        user = self.accounts.get(entry.actor_id)
        if user is None:
            return f"{role} ({GONE_ACCOUNT})"
        if entry.actor_role == "member" or not user.is_staff:
            who = self._name(user) or NO_NAME
        else:
            # Staff accounts are named by their username (staff sign in with it; their name, if
            # any, is personal data the log does not need): masked name only when there is one.
            who = self._name(user) or user.username
            if who != user.username and who != UNREADABLE_NAME:
                who = f"{who} ({user.username})"
        return f"{role} {who}"

    def member(self, pk: int) -> str:
        user = self.accounts.get(pk)
        if user is None or getattr(user, "withdrawn_at", None) is not None:
            return WITHDRAWN_MEMBER
        return self._name(user) or NO_NAME

    def subjects(self, ids: Sequence[int]) -> str:
        """김** 외 2명 (the first member named, and how many more)."""
        if not ids:
            return "-"
        first = self.member(ids[0])
        return f"{first} 외 {len(ids) - 1}명" if len(ids) > 1 else first


@dataclass
class Fold:
    """A run of consecutive 목록 조회 by one account on one target, shown as its newest entry."""

    entries: list[AccessLogEntry]

    @property
    def count(self) -> int:
        return len(self.entries)

    @property
    def subject_ids(self) -> list[int]:
        return sorted({s for e in self.entries for s in e.subject_ids})

    @property
    def span(self) -> str:
        # Newest first on the page: the run went from the last entry's time to the first's.
        start, end = self.entries[-1].at, self.entries[0].at
        if timezone.localdate(start) == timezone.localdate(end):
            return f"{kst_time(start)}–{kst_time(end)}"
        return f"{timezone.localtime(start):%m-%d %H:%M}–{timezone.localtime(end):%m-%d %H:%M}"


def fold_lists(entries: Sequence[AccessLogEntry]) -> list[AccessLogEntry]:
    """The page with each run of consecutive list views by the same account on the same target
    folded into its newest entry, which carries the run as `entry.fold` (every entry gets the
    attribute; None when it stands alone). Everything else keeps its own row."""
    rows: list[AccessLogEntry] = []
    for entry in entries:
        previous = rows[-1] if rows else None
        if (
            previous is not None
            and entry.action == AccessLogAction.LIST
            and previous.action == AccessLogAction.LIST
            and (entry.chain, entry.actor_id, entry.target_type)
            == (previous.chain, previous.actor_id, previous.target_type)
        ):
            if previous.fold is None:
                previous.fold = Fold([previous])
            previous.fold.entries.append(entry)
            continue
        entry.fold = None
        rows.append(entry)
    return rows


def page_accounts(entries: Iterable[AccessLogEntry]) -> set[int]:
    """The accounts a page names: each row's actor and the first member of each row."""
    ids: set[int] = set()
    for entry in entries:
        if entry.actor_id is not None:
            ids.add(entry.actor_id)
        subjects = row_subjects(entry)
        if subjects:
            ids.add(subjects[0])
    return ids


def row_subjects(entry: AccessLogEntry) -> list[int]:
    fold = getattr(entry, "fold", None)
    return fold.subject_ids if fold is not None else entry.subject_ids


def what_label(entry: AccessLogEntry) -> str:
    """목록 조회 12회 (09:10–09:14); 마스킹 해제 조회 (사유: …)."""
    fold = getattr(entry, "fold", None)
    label = action_label(entry)
    if fold is not None:
        return f"{label} {fold.count}회 ({fold.span})"
    if entry.action in WITH_REASON:
        reason = entry.reason_text
        return f"{label} (사유: {reason})" if reason else f"{label} (사유 없음)"
    purpose = (entry.detail or {}).get("purpose") if isinstance(entry.detail, dict) else None
    if entry.action == AccessLogAction.SEARCH and purpose:
        return f"{label} (목적: {purpose})"
    return label


DETAIL_LABELS = {
    "rows": "행 수",
    "page": "쪽",
    "format": "파일 형식",
    "fields": "항목",
    "purpose": "목적",
    "by": "찾은 방법",
    "step": "처리 단계",
    "known_account": "있는 계정",
    "username_digest": "입력한 아이디 (해시)",
}
DETAIL_VALUES = {"phone": "전화번호", True: "예", False: "아니요"}


def detail_label(detail: object) -> str:
    """The entry's detail as "행 수: 20 · 쪽: 1"; keys it does not know are shown as stored."""
    if not isinstance(detail, dict) or not detail:
        return "-"
    parts = []
    for key, value in detail.items():
        if isinstance(value, list):
            shown = ", ".join(map(str, value))
        else:
            shown = DETAIL_VALUES.get(value, value) if isinstance(value, (str, bool)) else value
        parts.append(f"{DETAIL_LABELS.get(key, key)}: {shown}")
    return " · ".join(parts)

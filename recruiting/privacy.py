"""지원 내역 and 입사 제안, registered with the retention registry.

Privacy policy, 파기: 회사를 통한 지원 이력이 있거나 입사 제안을 수신한 회원의 탈퇴 시 … 탈퇴 후
5년 동안 지원내역 및 지원 내역과 관련된 개인정보를 보관 (개인정보 보호법 제17조 제4항, 시행령
제14조의2 제1항). The policy states this in its 파기 section, not in the collection table, so
the category (privacy.registry.categories.APPLICATION_RECORDS) stays out of that table.
Companies and postings hold no one's personal data.
"""

from privacy.api import APPLICATION_RECORDS, TRACKER, Item, registry
from recruiting.models import (
    Application,
    CalendarFeed,
    Company,
    Offer,
    OutsideApplication,
    Posting,
    PostingQuestion,
)

registry.register(
    Application,
    category=APPLICATION_RECORDS,
    items=[Item("지원 내역", fields=("letter_snapshot", "profile_snapshot"), required=True)],
    owner="member.subject",
    encrypted={"letter_snapshot", "profile_snapshot"},
    # Which posting and how far it went: codes and dates, meaningless without the member. The
    # interview time staff set is the same kind of record as the status, kept with the row
    # under 지원 내역 (and, like the status, editable by staff: personal items are masked).
    # Which items were sent (their keys, not their values) and the 제출본's id: codes.
    non_personal={
        "id",
        "member",
        "posting",
        "status",
        "applied_at",
        "interview_at",
        "updated_at",
        "shared_items",
        "letter_version_ref",
    },
)
registry.register(
    Offer,
    category=APPLICATION_RECORDS,
    items=[Item("입사 제안", fields=("message", "contact"), required=True)],
    owner="member.subject",
    encrypted={"message", "contact"},
    non_personal={
        "id",
        "member",
        "company",
        "posting",
        "status",
        "sent_at",
        "answered_at",
    },
)
registry.declare_non_personal(Company, "파트너 회사의 정보: 회원의 개인정보가 아니에요.")
registry.declare_non_personal(Posting, "회사의 채용 공고: 회원의 개인정보가 아니에요.")


# 지원 관리 (recruiting.tracker): what the member records of applications made elsewhere. The
# company and role, what the next date is and the memo are sealed under the member's key; the
# stage and the dates are items too, stored plain so the list sorts and the reminder job finds
# what is due by date (as a letter's deadline is).
registry.register(
    OutsideApplication,
    category=TRACKER,
    items=[
        Item("회사명", fields=("company",), required=True),
        Item("지원 직무", fields=("role",), required=True),
        Item("진행 단계", fields=("stage",), required=True),
        Item("지원일", fields=("applied_on",)),
        Item("다음 일정", fields=("next_date", "next_time", "next_what")),
        Item("사용한 자기소개서", fields=("cover_letter",)),
        Item("메모", fields=("memo",)),
    ],
    owner="member.subject",
    encrypted={"company", "role", "next_what", "memo"},
    non_personal={"id", "member", "created_at", "updated_at"},
)
# The calendar feed's secret is stored only as a SHA-256 hash of 32 random bytes: it says
# nothing about the member and opens nothing without the address the member holds. The row
# still goes with the account at withdrawal.
registry.register(
    CalendarFeed,
    category=TRACKER,
    items=[],
    owner="member.subject",
    non_personal={"id", "member", "token_hash", "created_at"},
)
registry.declare_non_personal(PostingQuestion, "채용 공고의 문항: 회원의 개인정보가 아니에요.")

"""지원 내역 and 입사 제안, registered with the retention registry.

Privacy policy, 파기: 회사를 통한 지원 이력이 있거나 입사 제안을 수신한 회원의 탈퇴 시 … 탈퇴 후
5년 동안 지원내역 및 지원 내역과 관련된 개인정보를 보관 (개인정보 보호법 제17조 제4항, 시행령
제14조의2 제1항). The policy states this in its 파기 section, not in the collection table, so
the category (privacy.registry.categories.APPLICATION_RECORDS) stays out of that table.
Companies and postings hold no one's personal data.
"""

from privacy.api import APPLICATION_RECORDS, Item, registry
from recruiting.models import Application, Company, Offer, Posting, PostingQuestion

registry.register(
    Application,
    category=APPLICATION_RECORDS,
    items=[Item("지원 내역", fields=("letter_snapshot", "profile_snapshot"), required=True)],
    owner="member.subject",
    encrypted={"letter_snapshot", "profile_snapshot"},
    # Which posting and how far it went: codes and dates, meaningless without the member.
    non_personal={"id", "member", "posting", "status", "applied_at", "updated_at"},
)
registry.register(
    Offer,
    category=APPLICATION_RECORDS,
    items=[Item("입사 제안", fields=("message",), required=True)],
    owner="member.subject",
    encrypted={"message"},
    non_personal={"id", "member", "company", "posting", "status", "sent_at", "answered_at"},
)
registry.declare_non_personal(Company, "파트너 회사의 정보: 회원의 개인정보가 아니에요.")
registry.declare_non_personal(Posting, "회사의 채용 공고: 회원의 개인정보가 아니에요.")
registry.declare_non_personal(PostingQuestion, "채용 공고의 문항: 회원의 개인정보가 아니에요.")

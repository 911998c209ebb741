"""자기소개서, registered with the retention registry. The posting's company and deadline (its
date and time) are not personal data (the issue and the policy's item list agree)."""

from coverletters.models import AnswerVersion, CoverLetter, Question
from privacy.api import COVER_LETTER, Item, registry

registry.register(
    CoverLetter,
    category=COVER_LETTER,
    items=[
        Item("자기소개서 제목", fields=("title",), required=True),
        Item("지원 직무", fields=("job_title",), required=True),
        Item("필수 자격", fields=("requirements",)),
        Item("주요 업무", fields=("duties",)),
        Item("우대 사항", fields=("preferences",)),
    ],
    owner="member.subject",
    encrypted={"title", "job_title", "requirements", "duties", "preferences"},
    non_personal={
        "id",
        "member",
        "company",
        "deadline",
        "deadline_time",
        "source_posting_id",
        "created_at",
        "updated_at",
    },
)
registry.register(
    Question,
    category=COVER_LETTER,
    items=[Item("자기소개서 내용", fields=("prompt", "answer", "experiences"))],
    owner="cover_letter.member.subject",
    encrypted={"prompt", "answer"},
    non_personal={
        "id",
        "cover_letter",
        "position",
        "limit",
        "limit_unit",
        "revision",
        "updated_at",
    },
)
registry.register(
    AnswerVersion,
    category=COVER_LETTER,
    items=[Item("자기소개서 내용", fields=("text",))],
    owner="question.cover_letter.member.subject",
    encrypted={"text"},
    non_personal={"id", "question", "revision", "reason", "created_at"},
)

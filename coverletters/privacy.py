"""자기소개서, registered with the retention registry. The posting's company and deadline (its
date and time) are not personal data (the issue and the policy's item list agree)."""

from coverletters.models import AnswerVersion, CoverLetter, LetterVersion, Question
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
        "kind",
        "kind_set_by_member",
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
# A whole letter as it was (a checkpoint, or the 제출본 sent with an application or exported):
# its title and questions, so the same items as the letter; the member's name for it with them.
registry.register(
    LetterVersion,
    category=COVER_LETTER,
    items=[Item("자기소개서 내용", fields=("snapshot", "label"))],
    owner="letter.member.subject",
    encrypted={"snapshot", "label"},
    non_personal={"id", "letter", "kind", "created_at"},
)

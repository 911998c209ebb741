"""경험 나열, registered with the retention registry."""

from experiences.models import Experience
from privacy.api import EXPERIENCE, Item, registry

registry.register(
    Experience,
    category=EXPERIENCE,
    items=[
        Item("경험 제목", fields=("title",), required=True),
        # A code from a fixed list (인턴, 프로젝트, ...): kept in the clear for filtering.
        Item("경험의 종류", fields=("kind",), required=True),
        Item("경험 한줄 요약", fields=("summary",)),
        Item("진행 날짜", fields=("start_date", "end_date", "ongoing")),
        Item(
            "경험 세부 내용",
            fields=("details", "star_situation", "star_task", "star_action", "star_result", "tags"),
        ),
    ],
    owner="member.subject",
    encrypted={
        "title",
        "summary",
        "details",
        "star_situation",
        "star_task",
        "star_action",
        "star_result",
        "tags",
    },
    non_personal={"id", "member", "created_at", "updated_at"},
)

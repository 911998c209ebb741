"""본인 프로필, registered with the retention registry."""

from privacy.api import PROFILE, Item, registry
from profiles.models import Career, Education, Profile

registry.register(
    Profile,
    category=PROFILE,
    items=[
        Item("이름", fields=("name",), required=True),
        Item("희망 직무", fields=("desired_job",), required=True),
        Item("생년월일", fields=("birth_date",)),
        Item("희망 산업", fields=("desired_industry",)),
        Item("현재 상황 및 고민", fields=("situation",)),
    ],
    owner="member.subject",
    encrypted={"name", "desired_job", "birth_date", "desired_industry", "situation"},
    non_personal={"id", "member", "updated_at"},
)
registry.register(
    Education,
    category=PROFILE,
    # Dates and status stay in the clear: ordering and display need them, and without the
    # encrypted school they identify no one.
    items=[Item("학력", fields=("school", "major", "status", "start_date", "end_date"))],
    owner="profile.member.subject",
    encrypted={"school", "major"},
    non_personal={"id", "profile", "position"},
)
registry.register(
    Career,
    category=PROFILE,
    items=[
        Item(
            "경력",
            fields=("company", "role", "start_date", "end_date", "is_current", "description"),
        )
    ],
    owner="profile.member.subject",
    encrypted={"company", "role", "description"},
    non_personal={"id", "profile", "position"},
)

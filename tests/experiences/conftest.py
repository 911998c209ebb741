"""Experience factory for the experience-bank tests."""

import pytest

from experiences.models import Experience, ExperienceKind


def make_experience(member, **fields) -> Experience:
    fields.setdefault("title", "마케팅팀 인턴")
    fields.setdefault("kind", ExperienceKind.INTERN)
    return Experience.objects.create(member=member, **fields)


@pytest.fixture
def experience(member) -> Experience:
    return make_experience(
        member,
        title="교내 앱 공모전",
        kind=ExperienceKind.CONTEST,
        summary="5명 팀을 이끌고 대상을 받았어요",
        details="기획부터 출시까지 맡았어요.",
        star_situation="사용자가 적었어요",
        tags=["리더십", "협업"],
    )


def valid_form(**overrides) -> dict:
    """A create/edit POST body that passes validation; overrides replace or add fields."""
    data = {
        "title": "카페 아르바이트",
        "kind": "parttime",
        "summary": "",
        "start_date": "",
        "end_date": "",
        "details": "",
        "star_situation": "",
        "star_task": "",
        "star_action": "",
        "star_result": "",
        "tags_other": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}

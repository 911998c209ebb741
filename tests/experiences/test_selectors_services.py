"""The read and write contracts other apps call (cover-letter editor, member home)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from experiences import selectors, services
from experiences.models import Experience, ExperienceKind
from tests.experiences.conftest import make_experience


def test_experience_list_contract_filters_searches_and_sorts(member, other_member):
    project = make_experience(
        member,
        title="캡스톤 프로젝트",
        kind=ExperienceKind.PROJECT,
        start_date=datetime.date(2023, 3, 1),
        tags=["협업"],
    )
    intern = make_experience(member, start_date=datetime.date(2024, 7, 1), tags=["협업"])
    make_experience(other_member, title="캡스톤 프로젝트", kind=ExperienceKind.PROJECT)

    assert selectors.experience_list(member) == [intern, project]
    assert selectors.experience_list(member, sort="oldest") == [project, intern]
    assert selectors.experience_list(member, kind="project") == [project]
    assert selectors.experience_list(member, tag="협업", q="캡스톤") == [project]
    assert selectors.experience_list(member, q="없는 말") == []


def test_experience_list_runs_one_query(member, django_assert_num_queries):
    for i in range(30):
        make_experience(member, title=f"경험 {i}", tags=["협업"])

    with django_assert_num_queries(1):
        selectors.experience_list(member, tag="협업", q="경험", sort="oldest")


def test_experience_count_counts_only_the_members_own(member, other_member):
    make_experience(member)
    make_experience(member)
    make_experience(other_member)

    assert selectors.experience_count(member) == 2


def test_service_creates_with_normalized_tags(member):
    experience = services.experience_create(
        member=member,
        data={
            "title": "토익 900",
            "kind": "certificate",
            "tags": [" 영어 ", "#영어", "글로벌 역량"],
        },
    )

    experience.refresh_from_db()
    assert experience.member == member
    assert experience.tags == ["영어", "글로벌 역량"]


def test_service_refuses_what_the_form_would_refuse(member):
    with pytest.raises(ValidationError):
        services.experience_create(member=member, data={"title": "", "kind": "intern"})
    with pytest.raises(ValidationError):
        services.experience_create(
            member=member,
            data={"title": "t", "kind": "intern", "tags": [f"t{i}" for i in range(11)]},
        )
    with pytest.raises(ValidationError):
        services.experience_create(
            member=member,
            data={
                "title": "t",
                "kind": "intern",
                "ongoing": True,
                "end_date": datetime.date(2024, 1, 1),
            },
        )
    assert not Experience.objects.exists()


def test_service_updates_only_the_given_fields(member):
    experience = make_experience(member, summary="그대로")

    services.experience_update(experience=experience, data={"title": "새 제목", "member": None})

    experience.refresh_from_db()
    assert (experience.title, experience.summary, experience.member) == (
        "새 제목",
        "그대로",
        member,
    )


def test_service_deletes(member):
    experience = make_experience(member)

    services.experience_delete(experience=experience)

    assert not Experience.objects.exists()


@pytest.mark.parametrize(
    ("fields", "period"),
    [
        ({}, ""),
        ({"start_date": datetime.date(2024, 3, 1)}, "2024.03"),
        ({"start_date": datetime.date(2024, 3, 1), "ongoing": True}, "2024.03 – 진행 중"),
        ({"ongoing": True}, "진행 중"),
        ({"end_date": datetime.date(2024, 8, 1)}, "~ 2024.08"),
        (
            {"start_date": datetime.date(2024, 3, 1), "end_date": datetime.date(2024, 8, 1)},
            "2024.03 – 2024.08",
        ),
    ],
)
def test_period_reads_like_a_resume(fields, period):
    assert Experience(**fields).period == period

"""profiles.selectors.profile_completeness: the contract the member home page relies on."""

import dataclasses
import datetime

import pytest

from profiles.selectors import Completeness, MissingItem, profile_completeness
from tests.conftest import make_member
from tests.profiles.factories import add_career, add_education, make_profile


def test_no_profile_and_no_name_is_zero_with_the_required_items_first(
    db, django_assert_max_num_queries
):
    member = make_member(name="")
    with django_assert_max_num_queries(3):
        completeness = profile_completeness(member)

    assert completeness.profile is None
    assert completeness.percent == 0
    labels = [item.label for item in completeness.missing]
    assert labels[:2] == ["이름", "희망 직무"]
    assert sorted(labels) == sorted(
        ["이름", "희망 직무", "생년월일", "학력", "경력", "희망 산업", "현재 상황 및 고민"]
    )
    assert all(item.why and item.url.startswith("/profile/edit/#") for item in completeness.missing)


def test_full_profile_is_one_hundred_with_nothing_missing(member, django_assert_max_num_queries):
    profile = make_profile(
        member,
        desired_industry="금융·은행",
        birth_date=datetime.date(2000, 1, 2),
        situation="고민이 있어요",
    )
    add_education(profile)
    add_career(profile)

    with django_assert_max_num_queries(3):
        completeness = profile_completeness(member)

    assert completeness.profile == profile
    assert completeness.percent == 100
    assert completeness.missing == []


def test_required_items_weigh_most(member):
    profile = make_profile(member)
    required_only = profile_completeness(member).percent
    profile.desired_job = ""
    profile.desired_industry = "교육"
    profile.save()

    assert required_only == 50
    assert profile_completeness(member).percent == 35


@pytest.mark.parametrize(
    ("fill", "label"),
    [
        ("education", "학력"),
        ("career", "경력"),
        ("desired_industry", "희망 산업"),
        ("situation", "현재 상황 및 고민"),
        ("birth_date", "생년월일"),
    ],
)
def test_each_optional_item_adds_ten_and_leaves_the_missing_list(member, fill, label):
    profile = make_profile(member)
    if fill == "education":
        add_education(profile)
    elif fill == "career":
        add_career(profile)
    else:
        value = datetime.date(2000, 1, 1) if fill == "birth_date" else "채움"
        setattr(profile, fill, value)
        profile.save()

    completeness = profile_completeness(member)

    assert completeness.percent == 60
    assert label not in [item.label for item in completeness.missing]


def test_whitespace_only_situation_does_not_count(member):
    make_profile(member, situation="  \n ")

    assert "현재 상황 및 고민" in [i.label for i in profile_completeness(member).missing]


def test_only_the_members_own_profile_counts(member, other_member):
    profile = make_profile(other_member, desired_industry="교육")
    add_education(profile)

    # Only the name Kakao gave the member's own account.
    assert profile_completeness(member).percent == 25


def test_the_kakao_name_counts_as_the_name_before_any_profile(member):
    assert member.name == "김지원"  # what Kakao gave at sign-up
    completeness = profile_completeness(member)

    assert completeness.profile is None
    assert completeness.percent == 25
    assert completeness.missing[0].label == "희망 직무"
    assert "이름" not in [item.label for item in completeness.missing]


def test_result_is_frozen(member):
    completeness = profile_completeness(member)

    assert isinstance(completeness, Completeness)
    assert isinstance(completeness.missing[0], MissingItem)
    with pytest.raises(dataclasses.FrozenInstanceError):
        completeness.percent = 100  # type: ignore[misc]


def test_completeness_decrypts_only_the_situation(member):
    """Filled or not is read from the stored form (a blank is stored in the clear): the page
    that shows a percentage opens none of the profile's values but the one whose spaces must
    not count."""
    from privacy.keys.fields import Sealed

    make_profile(member, desired_industry="금융·은행", situation="   ")

    completeness = profile_completeness(member)

    stored = completeness.profile.__dict__
    assert all(isinstance(stored[f], Sealed) for f in ("name", "desired_job", "desired_industry"))
    assert "현재 상황 및 고민" in [item.label for item in completeness.missing]
    assert "희망 산업" not in [item.label for item in completeness.missing]


def test_a_shredded_profile_still_counts_what_it_held(member):
    from privacy.api import SHREDDED
    from privacy.keys.datakeys import destroy_subject_keys
    from profiles.models import Profile

    make_profile(member, desired_industry="금융·은행")
    before = profile_completeness(member).percent
    destroy_subject_keys(member.subject)

    after = profile_completeness(member)

    assert after.percent == before
    assert Profile.objects.get(member=member).desired_job == SHREDDED


@pytest.mark.parametrize("state", ["empty", "required", "full", "entries only"])
def test_the_statement_says_what_the_loaded_profile_says(member, state):
    """profile_completeness (one SQL statement) and profile_completeness_of (the profile page's
    loaded profile) answer alike for the same profile."""
    from profiles.selectors import profile_completeness_of, profile_with_entries

    if state != "empty":
        full = {"desired_industry": "교육", "birth_date": datetime.date(2001, 3, 4)}
        profile = make_profile(member, **(full if state == "full" else {}))
        if state in ("full", "entries only"):
            add_education(profile)
        if state == "full":
            add_career(profile)

    by_statement = profile_completeness(member)
    loaded = profile_completeness_of(profile_with_entries(member), kakao_name=member.name)

    assert (by_statement.percent, by_statement.missing) == (loaded.percent, loaded.missing)
    assert (by_statement.profile is None) == (state == "empty")

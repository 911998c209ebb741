"""Reads of a member's own profile."""

import functools
from dataclasses import dataclass

from django.db.models import Prefetch
from django.urls import reverse

from accounts.models import User
from core.sql import column, table
from privacy.api import holds_value
from profiles.models import Career, Education, Profile


@dataclass(frozen=True)
class MissingItem:
    label: str
    why: str
    url: str


@dataclass(frozen=True)
class Completeness:
    profile: Profile | None
    percent: int
    missing: list[MissingItem]


# (label, weight, why it helps, anchor on the edit page), in the order a member should fill
# them: the two required items first, then what helps a consultant most.
_ITEMS = (
    ("이름", 25, "컨설턴트와 기업 담당자가 나를 부르는 이름이에요.", "id_name"),
    (
        "희망 직무",
        25,
        "희망 직무를 알아야 맞는 공고와 자기소개서 방향을 안내해 드릴 수 있어요.",
        "id_desired_job",
    ),
    ("학력", 10, "전공과 학교를 알면 지원 자격에 맞는 공고를 골라 드리기 쉬워요.", "educations"),
    (
        "경력",
        10,
        "인턴·아르바이트도 좋아요. 해 본 일을 알면 강점을 찾아 드리기 쉬워요.",
        "careers",
    ),
    (
        "희망 산업",
        10,
        "관심 있는 산업을 알면 비슷한 직무라도 더 꼭 맞는 회사를 추천해 드릴 수 있어요.",
        "id_desired_industry",
    ),
    (
        "현재 상황 및 고민",
        10,
        "지금 상황과 고민을 적어 두면 컨설팅을 시작할 때 같은 이야기를 반복하지 않아도 돼요.",
        "id_situation",
    ),
    (
        "생년월일",
        10,
        "나이 제한이 있는 채용이나 청년 지원 사업을 안내할 때 필요해요.",
        "id_birth_date",
    ),
)


def _completeness(
    profile: Profile | None, *, has_educations: bool, has_careers: bool, kakao_name: str = ""
) -> Completeness:
    filled = {
        # Kakao gave the account its 이름 at sign-up, and the edit page starts from it: the
        # member has a name before they have a profile.
        # Filled or not is known without decrypting (holds_value): a blank is stored in the
        # clear. Only 현재 상황 및 고민 is opened, since a text of spaces does not count.
        "이름": bool((profile and holds_value(profile, "name")) or kakao_name),
        "희망 직무": bool(profile and holds_value(profile, "desired_job")),
        "학력": has_educations,
        "경력": has_careers,
        "희망 산업": bool(profile and holds_value(profile, "desired_industry")),
        "현재 상황 및 고민": bool(
            profile and holds_value(profile, "situation") and profile.situation.strip()
        ),
        "생년월일": bool(profile and holds_value(profile, "birth_date")),
    }
    edit_url = reverse("profiles:edit")
    percent = sum(weight for label, weight, _, _ in _ITEMS if filled[label])
    missing = [
        MissingItem(label=label, why=why, url=f"{edit_url}#{anchor}")
        for label, _, why, anchor in _ITEMS
        if not filled[label]
    ]
    return Completeness(profile=profile, percent=percent, missing=missing)


@functools.cache
def _completeness_sql() -> str:
    # Names from the models (core.sql), the member's id a parameter (decision 0027).
    pk = column(Profile, "id")

    def exists(model, alias: str) -> str:
        where = f"x.{column(model, 'profile')} = p.{pk}"
        return f"EXISTS (SELECT 1 FROM {table(model)} x WHERE {where}) AS {alias}"  # noqa: S608

    fields = ("id", "sealed_version", "member", *_FILLED_FIELDS)
    selected = [f"p.{column(Profile, f)}" for f in fields]
    selected += [exists(Education, "has_educations"), exists(Career, "has_careers")]
    member = column(Profile, "member")
    return f"SELECT {', '.join(selected)} FROM {table(Profile)} p WHERE p.{member} = %s"  # noqa: S608


# The profile's own items that completeness looks at (whether filled, not what they say).
_FILLED_FIELDS = ("name", "desired_job", "birth_date", "desired_industry", "situation")


def profile_completeness(member: User) -> Completeness:
    """How complete the member's profile is, and what is missing with why it helps.

    Weights (sum 100): the policy's required items count most — 이름 25, 희망 직무 25; each
    optional item counts 10 — 학력, 경력, 희망 산업, 현재 상황 및 고민, 생년월일 (학력 and 경력
    count as filled with at least one entry; 이름 also with the name Kakao gave the account).
    `missing` lists the unfilled items in the order above, required first, each linking to its
    place on the edit page. No profile yet: 25 for the Kakao name (0 without one) and every
    other item missing. One query, written in SQL because the home asks it on every visit and
    its ORM form (two EXISTS annotations) cost twice as much to build as to run; tests hold it
    to profile_completeness_of() on the same profile.
    """
    rows = list(Profile.objects.raw(_completeness_sql(), [member.pk]))
    profile = rows[0] if rows else None
    return _completeness(
        profile,
        has_educations=bool(profile and profile.has_educations),
        has_careers=bool(profile and profile.has_careers),
        kakao_name=member.name,
    )


def profile_with_entries(member: User) -> Profile | None:
    """The member's profile with its 학력 and 경력 entries in order: three queries, however many
    entries there are (one when there is no profile)."""
    return (
        Profile.objects.filter(member=member)
        .prefetch_related(
            Prefetch("educations", queryset=Education.objects.order_by("position", "id")),
            Prefetch("careers", queryset=Career.objects.order_by("position", "id")),
        )
        .first()
    )


def profile_completeness_of(profile: Profile | None, *, kakao_name: str = "") -> Completeness:
    """Completeness of a profile already loaded by profile_with_entries (no further query);
    `kakao_name` is the account's name (User.name), as profile_completeness counts it."""
    return _completeness(
        profile,
        has_educations=bool(profile and profile.educations.all()),
        has_careers=bool(profile and profile.careers.all()),
        kakao_name=kakao_name,
    )

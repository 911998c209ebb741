"""The member's per-kind notification settings (issue 13), checked at send time by
messaging.eligibility.decide.

A member switches KakaoTalk on or off per group (입사 제안·지원, 자기소개서 마감, 컨설팅); with
no row a group is on: the KakaoTalk consent is the member's choice to receive messages, and the
settings only narrow it. In-app notifications always appear.

개인정보 안내 (a rights request received and its result, a privacy policy change) cannot be
switched off: they are the company's duties to the member, not services — the result of a
request must be notified (개인정보 보호법 제35조~제37조, 시행령 제41조·제43조·제44조), and the
policy promises to announce a change 7 days before it takes effect. Turning them off would let
a member miss a deadline that runs against them (an objection to a refusal). They still go by
KakaoTalk only with the KakaoTalk consent; without it they appear in-app."""

from __future__ import annotations

from dataclasses import dataclass

from messaging.models import MessagePreference, PreferenceGroup

# The notification kind's prefix ("recruiting" of "recruiting.offer") names its group.
GROUP_OF_PREFIX = {
    "recruiting": PreferenceGroup.RECRUITING,
    "coverletters": PreferenceGroup.COVER_LETTERS,
    "consulting": PreferenceGroup.CONSULTING,
    "privacy": PreferenceGroup.PRIVACY,
}
# Duties, not services: always on (see the module's docstring).
REQUIRED_GROUPS = frozenset({PreferenceGroup.PRIVACY})

DESCRIPTIONS = {
    PreferenceGroup.RECRUITING: "입사 제안이 도착하거나 지원한 공고의 진행 상태가 바뀌었을 때",
    PreferenceGroup.COVER_LETTERS: "자기소개서 마감 3일 전, 하루 전, 마감 당일 아침",
    PreferenceGroup.CONSULTING: "컨설팅 요청이 수락되거나 피드백·일정 소식이 있을 때",
    PreferenceGroup.PRIVACY: "개인정보 권리 요청의 접수와 처리 결과, 개인정보 처리방침 변경",
}


def group_for_kind(kind: str) -> str | None:
    return GROUP_OF_PREFIX.get(kind.split(".", 1)[0])


def kind_enabled(member, kind: str) -> bool:
    """May `kind` go to `member` by KakaoTalk, by their settings? One query at most."""
    group = group_for_kind(kind)
    if group is None or group in REQUIRED_GROUPS:
        return True
    return not MessagePreference.objects.filter(
        member_id=member.pk, group=group, kakaotalk=False
    ).exists()


def groups_switched_off(member_ids) -> set[tuple[int, str]]:
    """(member id, group) for every group those members switched off: the relay's batch form of
    `kind_enabled`. One query."""
    return set(
        MessagePreference.objects.filter(
            member_id__in=list(member_ids), kakaotalk=False
        ).values_list("member_id", "group")
    )


def kind_enabled_in(switched_off: set[tuple[int, str]], member_id: int, kind: str) -> bool:
    group = group_for_kind(kind)
    if group is None or group in REQUIRED_GROUPS:
        return True
    return (member_id, group) not in switched_off


@dataclass(frozen=True)
class GroupSetting:
    group: str
    label: str
    description: str
    kakaotalk: bool
    required: bool


def settings_for(member) -> list[GroupSetting]:
    """Every group with the member's choice, in the order the settings page shows. One query."""
    off = set(
        MessagePreference.objects.filter(member_id=member.pk, kakaotalk=False).values_list(
            "group", flat=True
        )
    )
    return [
        GroupSetting(
            group=group.value,
            label=group.label,
            description=DESCRIPTIONS[group],
            kakaotalk=group in REQUIRED_GROUPS or group.value not in off,
            required=group in REQUIRED_GROUPS,
        )
        for group in PreferenceGroup
    ]


def preferences_set(*, member, choices: dict[str, bool]) -> list[str]:
    """Save the member's choices for the switchable groups; a required group is left as it is.
    Returns the groups whose choice changed."""
    changed = []
    current = {s.group: s.kakaotalk for s in settings_for(member)}
    for group, on in choices.items():
        if group in REQUIRED_GROUPS or group not in current or current[group] == on:
            continue
        MessagePreference.objects.update_or_create(
            member=member, group=group, defaults={"kakaotalk": on}
        )
        changed.append(group)
    return changed

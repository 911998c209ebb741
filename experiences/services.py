"""Writes to a member's experience bank. Callers have already checked that the experience is
the member's own (views load it with member=request.user)."""

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from accounts.models import User
from experiences.models import Experience, normalize_tags

# What a member may set; anything else in `data` (a form's helper fields) is ignored.
EDITABLE_FIELDS = (
    "title",
    "kind",
    "summary",
    "start_date",
    "end_date",
    "ongoing",
    "details",
    "star_situation",
    "star_task",
    "star_action",
    "star_result",
    "tags",
)


@transaction.atomic
def experience_create(*, member: User, data: Mapping[str, Any]) -> Experience:
    experience = Experience(member=member)
    _apply(experience, data)
    experience.save()
    return experience


@transaction.atomic
def experience_update(*, experience: Experience, data: Mapping[str, Any]) -> Experience:
    _apply(experience, data)
    experience.save()
    return experience


@transaction.atomic
def experience_delete(*, experience: Experience) -> None:
    # Links from cover-letter questions go with it; the answers written there stay.
    experience.delete()


def _apply(experience: Experience, data: Mapping[str, Any]) -> None:
    for name in EDITABLE_FIELDS:
        if name in data:
            setattr(experience, name, data[name])
    if isinstance(experience.tags, list):
        experience.tags = normalize_tags(experience.tags)
    # The form has checked all this already; checking again here keeps the rules true for any
    # other caller (imports, scripts). No queries: the member is not re-validated.
    experience.full_clean(exclude=["member"], validate_unique=False, validate_constraints=False)

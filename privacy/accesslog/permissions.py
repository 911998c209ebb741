"""Grants, changes and revocations of access rights: of an account, of a group (제5조, 3 years)."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model

from privacy.accesslog.append import MEMBER_ROLE, access_log_append, actor_from_request, model_label
from privacy.accesslog.models import AccessLogAction, AccessLogChain, AccessLogEntry

PERMISSION_FIELDS = ("role", "is_staff", "is_superuser", "is_active")


def permission_snapshot(account_id: int | None) -> dict | None:
    """What an account may do: role, flags, groups and direct permissions (names, not ids, so
    the record stays readable after a group is renamed or deleted)."""
    if account_id is None:
        return None
    user_model = get_user_model()
    row = user_model.objects.filter(pk=account_id).values(*PERMISSION_FIELDS).first()
    if row is None:
        return None
    user = user_model(pk=account_id)
    row["groups"] = sorted(user.groups.values_list("name", flat=True))
    row["permissions"] = sorted(
        f"{app}.{codename}"
        for app, codename in user.user_permissions.values_list(
            "content_type__app_label", "codename"
        )
    )
    return row


def has_privileges(snapshot: dict | None) -> bool:
    if not snapshot:
        return False
    return bool(
        snapshot["is_staff"]
        or snapshot["is_superuser"]
        or snapshot["role"] != MEMBER_ROLE
        or snapshot["groups"]
        or snapshot["permissions"]
    )


def access_log_record_permission_change(
    *, request, account_id: int, before: dict | None, after: dict | None, reason: str = ""
) -> AccessLogEntry | None:
    """Record a grant, change or revocation of an account's access rights (제5조: 3 years).
    `before` None is a new account, `after` None a deleted one."""
    if before == after or not (has_privileges(before) or has_privileges(after)):
        return None
    if before is None or after is None:  # a new account, a deleted one: all of it
        changes = {"before": before, "after": after}
    else:  # only what changed
        keys = [k for k in before if before[k] != after.get(k)]
        changes = {"before": {k: before[k] for k in keys}, "after": {k: after[k] for k in keys}}
    if before is None:
        action = AccessLogAction.PERMISSION_GRANT
    elif not has_privileges(after) or (before["is_active"] and not after["is_active"]):
        action = AccessLogAction.PERMISSION_REVOKE
    else:
        action = AccessLogAction.PERMISSION_CHANGE
    return access_log_append(
        chain=AccessLogChain.PERMISSION,
        actor=actor_from_request(request),
        action=action,
        subjects=[account_id],
        target_type=model_label(get_user_model()),
        target_id=str(account_id),
        reason=reason,
        detail=changes,
    )


def group_member_ids(group_id: int) -> list[int]:
    return list(get_user_model().objects.filter(groups__pk=group_id).values_list("pk", flat=True))


def group_permission_snapshot(group_id: int) -> list[str]:
    from django.contrib.auth.models import Group

    return sorted(
        f"{app}.{codename}"
        for app, codename in Group.objects.get(pk=group_id).permissions.values_list(
            "content_type__app_label", "codename"
        )
    )


def access_log_record_group_change(
    *,
    request,
    group_id: int,
    before: list[str] | None,
    after: list[str] | None,
    members: Iterable[int] | None = None,
) -> AccessLogEntry | None:
    """A group's permissions changed: every account in it gained or lost them (제5조).
    `members` must be given for a deleted group (its memberships are gone by then)."""
    from django.contrib.auth.models import Group

    if before == after or not (before or after):  # nothing granted, nothing taken away
        return None
    if before is None:
        action = AccessLogAction.PERMISSION_GRANT
    elif after is None:
        action = AccessLogAction.PERMISSION_REVOKE
    else:
        action = AccessLogAction.PERMISSION_CHANGE
    if members is None:
        members = group_member_ids(group_id)
    return access_log_append(
        chain=AccessLogChain.PERMISSION,
        actor=actor_from_request(request),
        action=action,
        subjects=list(members),
        target_type=model_label(Group),
        target_id=str(group_id),
        detail={
            "added": sorted(set(after or ()) - set(before or ())),
            "removed": sorted(set(before or ()) - set(after or ())),
        },
    )

"""Consulting's data, registered with the retention registry, and its withdrawal step.

An engagement is the member's 서비스 이용 record; its request note is sealed under the member's
key and goes with the account. A consultant's profile and an invitation are not members' data:
the policy has no row of its own for consultants yet, so their name (and what stands beside it
on the consultant's card and in the staff note) is classified under 회원가입's 이름, sealed under
the consultant's own key, destroyed with their account."""

import datetime

from django.db.models import Q

from consulting.models import ConsultantInvitation, ConsultantProfile, Engagement
from consulting.services import member_engagements_end
from privacy.api import SIGNUP, USAGE, Item, Stage, registry, withdrawal_registry

registry.register(
    Engagement,
    category=USAGE,
    items=[Item("서비스 이용기록", fields=("service", "state", "request_note"))],
    owner="member.subject",
    encrypted={"request_note"},
    non_personal={
        "id",
        "member",
        "consultant",
        "requested_at",
        "accepted_at",
        "due_at",
        "revisions_used",
        "ended_at",
        "updated_at",
    },
)
registry.register(
    ConsultantProfile,
    category=SIGNUP,
    items=[
        Item(
            "이름",
            fields=("display_name", "headline", "career_summary", "credential_note"),
            required=True,
        )
    ],
    owner="consultant.subject",
    encrypted={"display_name", "headline", "career_summary", "credential_note"},
    non_personal={
        "id",
        "consultant",
        "job_families",
        "industries",
        "is_listed",
        "created_at",
        "updated_at",
    },
)

# An invitation keeps the invitee's name, sealed under its own key, until it is accepted (the
# name moves to the profile) and the row itself a month past its expiry, for the staff's
# record of who invited whom.
INVITATION_KEPT_DAYS = 30


def _invitation_due(now):
    return Q(expires_at__lt=now - datetime.timedelta(days=INVITATION_KEPT_DAYS))


registry.register(
    ConsultantInvitation,
    category=SIGNUP,
    items=[Item("이름", fields=("name",), required=True)],
    owner="subject",
    encrypted={"name"},
    non_personal={
        "id",
        "subject",
        "token_hash",
        "created_by",
        "created_at",
        "expires_at",
        "accepted_at",
        "consultant",
    },
    due=_invitation_due,
)


@withdrawal_registry.register(Stage.END, "consulting.end_engagements")
def _end_engagements(*, member, now):
    """A withdrawing member's open engagements are cancelled: the consultant's work ends."""
    member_engagements_end(member=member, now=now)

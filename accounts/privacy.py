"""회원가입 data, registered with the retention registry; the account's withdrawal steps."""

import datetime

from allauth.socialaccount.models import SocialAccount
from django.db.models import Q

from accounts.models import KakaoUnlinkNotice, MemberSession, PendingSignup, User
from accounts.services import member_kakao_unlink, member_mark_withdrawn, member_sessions_end
from privacy.registry.categories import SIGNUP, USAGE
from privacy.registry.registry import Item, registry
from privacy.withdrawal.registry import Stage, withdrawal_registry

registry.register(
    User,
    category=SIGNUP,
    items=[
        Item("이름", fields=("name",), required=True),
        Item("카카오계정(전화번호)", fields=("phone", "phone_index"), required=True),
    ],
    owner="subject",
    encrypted={"name", "phone"},
    non_personal={
        "id",
        "password",
        "last_login",
        "is_superuser",
        "username",
        "role",
        "is_staff",
        "is_active",
        "date_joined",
        "withdrawn_at",
        "subject",
        "groups",
        "user_permissions",
    },
)
# The link to the Kakao account: Kakao's user id only (extra_data is narrowed to it).
registry.register(
    SocialAccount,
    category=SIGNUP,
    items=[Item("카카오계정(전화번호)", fields=("uid", "extra_data"), required=True)],
    owner="user.subject",
    non_personal={"id", "user", "provider", "last_login", "date_joined"},
)


def _session_due(now):
    # Expired sessions (a pending sign-up's name and phone may sit in one), and every session of
    # an account that withdrew (the withdrawal ends them at once; this catches a straggler).
    withdrawn = User.objects.filter(withdrawn_at__lte=now).values("pk")
    return Q(expire_date__lt=now) | Q(user_id__in=withdrawn)


# Sessions are cookies: 서비스 이용.
registry.register(
    MemberSession,
    category=USAGE,
    items=[Item("쿠키", fields=("session_key", "session_data", "user_id"))],
    owner="",
    non_personal={"expire_date"},
    due=_session_due,
)


# A pending sign-up's session keeps the name and phone Kakao gave sealed under the future
# member's own data key (accounts.session_store). Joining deletes this row in the same
# transaction that creates the account (the key is then the member's). A sign-up never
# completed is due once its session has expired (plus a margin that no request outlives, so a
# sign-up completing at the last moment has committed): the engine shreds the key, so a copy
# of that session (a backup) opens to nothing personal, and deletes the row. Never due while an
# account has the subject: its key is that member's, shredded only by their withdrawal.
PENDING_SIGNUP_GRACE = datetime.timedelta(hours=1)


def _pending_signup_due(now):
    members = User.objects.values("subject")
    return Q(expire_date__lt=now - PENDING_SIGNUP_GRACE) & ~Q(subject__in=members)


registry.register(
    PendingSignup,
    category=SIGNUP,
    items=[],
    owner="",
    non_personal={"id", "subject", "expire_date"},
    due=_pending_signup_due,
    own_key="subject",
)

# Kakao's unlink callback for a member (accounts.kakao.unlink): which account, and Kakao's reason;
# deleted with the account by the withdrawal it asks for.
registry.register(
    KakaoUnlinkNotice,
    category=SIGNUP,
    items=[],
    owner="",
    non_personal={"id", "user", "referrer_type", "received_at"},
    due=lambda now: Q(user__withdrawn_at__lte=now),
)

# At withdrawal (privacy.withdrawal): every device is signed out; with the account, the Kakao
# link goes (so the person can join again at once as a new member), then the account is marked
# withdrawn. The link goes in ACCOUNT, not END, so that END's steps can still read Kakao's id
# (messaging.queue_kakao_unlink asks Kakao to end the link on its side).
withdrawal_registry.register(Stage.END, "accounts.end_sessions", member_sessions_end)
withdrawal_registry.register(Stage.ACCOUNT, "accounts.unlink_kakao", member_kakao_unlink)
withdrawal_registry.register(Stage.ACCOUNT, "accounts.mark_withdrawn", member_mark_withdrawn)

import datetime

from django.db.models import Q

from privacy.api import USAGE, Item, Stage, registry, withdrawal_registry
from usage.models import UsageEvent
from usage.services import usage_mark_withdrawn

# Policy, 서비스 이용 row: "회원 탈퇴 시 3개월 이내 파기". Destroyed 60 days after withdrawal, so
# the deadline still holds if the daily job is down for weeks.
WITHDRAWN_RETENTION_DAYS = 60

registry.register(
    UsageEvent,
    category=USAGE,
    items=[
        Item("서비스 이용기록", ("page", "method", "at")),
        Item("모바일 기기 정보(OS 버전 및 모델명)", ("os", "device")),
        Item("사용자 ID", ("member_id",)),
    ],
    owner="member_id",
    non_personal={"id", "withdrawn_at"},
    # 회원 탈퇴 시 3개월 이내 파기: the rows outlive the account (no foreign key) and carry their
    # own withdrawal clock; WITHDRAWN_RETENTION_DAYS leaves a month of margin.
    due=lambda now: Q(withdrawn_at__lte=now - datetime.timedelta(days=WITHDRAWN_RETENTION_DAYS)),
)


@withdrawal_registry.register(Stage.CLOCK, "usage.start_clock")
def _start_the_clock(*, member, now):
    """At withdrawal the member's usage records start their 3-month clock (due above)."""
    usage_mark_withdrawn(member_id=member.pk, now=now)

from privacy.categories import USAGE
from privacy.registry import Item, registry
from usage.models import UsageEvent

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
)

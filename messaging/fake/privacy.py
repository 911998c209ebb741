"""The fake provider's tables hold what a test or a newcomer sent to a pretend NHN Cloud: they
are the provider's records, not ours, and the app is never installed in production (settings
refuse KAKAOTALK_FAKE there), so none of it is a member's data that the policy governs."""

from messaging.fake.models import FakeMessage, IdempotencyKey, Plan, Received
from privacy.api import registry

REASON = "개발용 가짜 카카오톡 발송 대행사의 기록: 운영 환경에는 설치되지 않아요."

for model in (Received, FakeMessage, IdempotencyKey, Plan):
    registry.declare_non_personal(model, REASON)

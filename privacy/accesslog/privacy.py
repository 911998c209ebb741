"""The access log's models, classified for the registry check (imported by privacy.privacy)."""

from privacy.accesslog.models import (
    AccessLogCheckpoint,
    AccessLogEntry,
    AccessLogHead,
    AccessLogPruneAllowance,
    AccessLogReview,
    AccessLogSubject,
)
from privacy.registry.registry import registry

# The access log holds account ids, IPs and member ids, kept under the 안전성 확보조치 기준 rather
# than a category of the policy's table, and never encrypted under a member's key: shredding a
# member's key must not make the log unverifiable.
for _model in (
    AccessLogEntry,
    AccessLogSubject,
    AccessLogHead,
    AccessLogCheckpoint,
    AccessLogPruneAllowance,
    AccessLogReview,
):
    registry.declare_non_personal(
        _model, "접속기록: 안전성 확보조치 기준 제5조·제8조에 따른 보관 (privacy.accesslog)"
    )

"""System checks for the access log (접속기록).

Importing privacy.accesslog here also connects its sign-in receivers and classifies the log's
models for the registry check; privacy.apps imports this module in ready().
"""

from django.conf import settings
from django.core.checks import Error, register

from privacy import accesslog  # noqa: F401  (receivers, registry classification)

# 개인정보의 안전성 확보조치 기준 제8조 ①: 접속기록 at least 1 year (2 years for 5만 명 이상).
MIN_RETENTION_DAYS = 365
# 제5조 ③: 권한 부여·변경·말소 내역 at least 3 years.
MIN_PERMISSION_RETENTION_DAYS = 3 * 365


@register()
def access_log_retention(app_configs, **kwargs):
    """privacy.E201/E202: retention shorter than the law's minimum; E203: no HMAC key."""
    errors = []
    if settings.ACCESS_LOG_RETENTION_DAYS < MIN_RETENTION_DAYS:
        errors.append(
            Error(
                f"ACCESS_LOG_RETENTION_DAYS={settings.ACCESS_LOG_RETENTION_DAYS}: 접속기록은 "
                f"최소 {MIN_RETENTION_DAYS}일 보관해야 해요.",
                hint="개인정보의 안전성 확보조치 기준 제8조. 기본값은 730일(2년)이에요.",
                id="privacy.E201",
            )
        )
    if settings.ACCESS_LOG_PERMISSION_RETENTION_DAYS < MIN_PERMISSION_RETENTION_DAYS:
        errors.append(
            Error(
                "ACCESS_LOG_PERMISSION_RETENTION_DAYS="
                f"{settings.ACCESS_LOG_PERMISSION_RETENTION_DAYS}: 권한 부여·변경·말소 기록은 "
                f"최소 {MIN_PERMISSION_RETENTION_DAYS}일 보관해야 해요.",
                hint="개인정보의 안전성 확보조치 기준 제5조. 기본값은 1095일(3년)이에요.",
                id="privacy.E202",
            )
        )
    if not settings.ACCESS_LOG_HMAC_KEY:
        errors.append(
            Error(
                "ACCESS_LOG_HMAC_KEY is empty: access log checkpoints cannot be signed.",
                id="privacy.E203",
            )
        )
    return errors

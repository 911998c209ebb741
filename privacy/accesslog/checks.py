"""System checks for the access log (접속기록); privacy.apps imports this module in ready()."""

from django.conf import settings
from django.core.checks import Error, Warning, register

from privacy.accesslog import witness

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


@register(deploy=True)
def access_log_witness_configured(app_configs, **kwargs):
    """privacy.E211: production without an external witness, or with one that cannot be
    parsed; privacy.W212: a filesystem witness in production (it must be append-only/WORM
    storage the database's operator cannot rewrite; S3 Object Lock is the production backend);
    privacy.E213: an Object Lock retention shorter than the longest chain is kept."""
    errors = []
    url = settings.ACCESS_LOG_WITNESS
    if not url:
        return [
            Error(
                "ACCESS_LOG_WITNESS is not set: the access log has no external witness, so a "
                "database owner can cut, rewind or wipe it unseen.",
                hint="접속기록 외부 증인 저장소: s3://bucket/prefix (S3 Object Lock, 준수 모드).",
                id="privacy.E211",
            )
        ]
    try:
        backend = witness.from_url(url)
    except ValueError as error:
        return [Error(str(error), id="privacy.E211")]
    if backend.kind == "filesystem" and settings.PRODUCTION:
        errors.append(
            Warning(
                f"ACCESS_LOG_WITNESS is a directory ({url}): in production it must be WORM or "
                "append-only storage out of reach of the database's operator.",
                hint="S3 Object Lock(준수 모드)을 쓰세요: ACCESS_LOG_WITNESS=s3://bucket/prefix.",
                id="privacy.W212",
            )
        )
    longest = max(settings.ACCESS_LOG_RETENTION_DAYS, settings.ACCESS_LOG_PERMISSION_RETENTION_DAYS)
    if backend.kind == "s3" and longest > settings.ACCESS_LOG_WITNESS_RETENTION_DAYS:
        errors.append(
            Error(
                f"ACCESS_LOG_WITNESS_RETENTION_DAYS={settings.ACCESS_LOG_WITNESS_RETENTION_DAYS} "
                f"is shorter than the access log is kept ({longest} days).",
                id="privacy.E213",
            )
        )
    return errors

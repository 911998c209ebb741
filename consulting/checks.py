"""Deployment checks of consulting (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def consultant_second_factor(app_configs, **kwargs):
    # Consultants see members' shared data: the staff's safeguards are theirs too
    # (개인정보의 안전성 확보조치 기준 제5조제6항: 안전한 인증수단).
    if settings.CONSULTANT_REQUIRE_OTP:
        return []
    return [
        Error(
            "CONSULTANT_REQUIRE_OTP is off: consultants would sign in with a password alone.",
            hint="Unset CONSULTANT_REQUIRE_OTP (production turns it on) or set it to true.",
            id="consulting.E001",
        )
    ]

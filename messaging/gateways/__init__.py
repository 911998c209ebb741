"""The gateway in use (settings.KAKAOTALK_GATEWAY; NHN Cloud's 알림톡 v2.3 by default)."""

from __future__ import annotations

from django.conf import settings
from django.utils.module_loading import import_string

from messaging.gateways.base import Gateway


def get_gateway() -> Gateway:
    path = getattr(settings, "KAKAOTALK_GATEWAY", "messaging.gateways.nhn.NhnAlimtalkGateway")
    return import_string(path)()

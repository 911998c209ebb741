"""Request helpers shared by the throttle and the access log."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest | None) -> str:
    """The client's address, looking through TRUSTED_PROXY_COUNT proxies.

    Each trusted proxy appends the address it received the request from to X-Forwarded-For,
    so the client is the entry that many places from the right; anything further left was
    written by the client and proves nothing. "" when unknown.
    """
    if request is None:
        return ""
    hops = settings.TRUSTED_PROXY_COUNT
    address = request.META.get("REMOTE_ADDR", "")
    if hops > 0:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= hops:
            address = forwarded[-hops]
    try:
        return ipaddress.ip_address(address.strip()).compressed
    except ValueError:
        return ""

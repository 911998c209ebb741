"""Staff sign-in throttle: failed admin sign-ins are counted in the cache and lock for a while.

Two counters, both in the Django cache (Redis in production and CI, so every web process
shares them; local memory in development):

- per (username, client address): ADMIN_LOCKOUT_FAILURES failures lock that pair for
  ADMIN_LOCKOUT_MINUTES. Keying by the pair, not the username alone, means an attacker who
  knows a staff username cannot lock that person out from somewhere else.
- per client address: a looser ADMIN_LOCKOUT_IP_FAILURES stops one address trying a few
  passwords against many usernames (password spraying).

An attempt is reserved (counted) *before* the password is checked and handed back on success,
so concurrent requests cannot slip more than the limit past the check between "is it locked?"
and "count the failure": the cache's atomic increment decides. A success forgets the pair's
failures. Guessing spread over many addresses is bounded by the TOTP second factor, not here.

Without the cache (Redis down) the throttle fails closed: begin() raises CacheUnavailable and
the sign-in form refuses with unavailable_message(), because a sign-in nobody counts is an
unlimited password guess at the door to every member's data (개인정보의 안전성 확보조치 기준
제5조제6항: limit access after repeated failed authentication). Staff wait a few seconds;
members, who sign in through Kakao, are not affected.
"""

import contextlib
import hashlib
import ipaddress
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.core.exceptions import ValidationError

from core.cache import CacheUnavailable
from core.http import client_ip

logger = logging.getLogger(__name__)

KEY_PREFIX = "staff-signin"


def throttle_address(ip: str) -> str:
    """What the throttle counts by: the address, or for IPv6 its /64 network, since one host
    is usually given a whole /64 and could otherwise rotate through it."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return "unknown"
    if address.version == 6:
        if address.ipv4_mapped:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def _key(kind: str, *parts: str) -> str:
    # Hashed: usernames are free text (cache backends limit key characters and length).
    digest = hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:40]
    return f"{KEY_PREFIX}:{kind}:{digest}"


def _incr(key: str, timeout: int) -> int:
    """Atomically add one to a counter that expires `timeout` seconds after it was created."""
    cache.add(key, 0, timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 0, timeout)
        return cache.incr(key)


@dataclass
class StaffSignInThrottle:
    username: str
    ip: str
    _pair_count: int = field(default=0, init=False)
    _ip_count: int = field(default=0, init=False)

    @property
    def pair_key(self) -> str:
        return _key("pair", self.username.strip().casefold(), throttle_address(self.ip))

    @property
    def ip_key(self) -> str:
        return _key("ip", throttle_address(self.ip))

    @staticmethod
    def cooling_seconds() -> int:
        return settings.ADMIN_LOCKOUT_MINUTES * 60

    def is_locked(self) -> bool:
        counts = cache.get_many([self.pair_key, self.ip_key])
        return (
            counts.get(self.pair_key, 0) >= settings.ADMIN_LOCKOUT_FAILURES
            or counts.get(self.ip_key, 0) >= settings.ADMIN_LOCKOUT_IP_FAILURES
        )

    def begin(self) -> bool:
        """Reserve one attempt; False when locked (then no password may be checked).
        Raises CacheUnavailable when the attempt cannot be counted."""
        if self.is_locked():
            return False
        timeout = self.cooling_seconds()
        self._pair_count = _incr(self.pair_key, timeout)
        self._ip_count = _incr(self.ip_key, timeout)
        # Concurrent attempts may all have passed is_locked(); the increments are atomic, so
        # only those within the limit go on to check a password.
        return (
            self._pair_count <= settings.ADMIN_LOCKOUT_FAILURES
            and self._ip_count <= settings.ADMIN_LOCKOUT_IP_FAILURES
        )

    def failed(self) -> None:
        """The reserved attempt failed: it stays counted. The failure that reaches a limit
        starts a full cooling period from now, however old the first failure was."""
        if self._pair_count == settings.ADMIN_LOCKOUT_FAILURES:
            cache.touch(self.pair_key, self.cooling_seconds())
            logger.warning(
                "Staff sign-in locked for %s minutes: username %r from %s",
                settings.ADMIN_LOCKOUT_MINUTES,
                self.username,
                self.ip,
            )
        if self._ip_count == settings.ADMIN_LOCKOUT_IP_FAILURES:
            cache.touch(self.ip_key, self.cooling_seconds())
            logger.warning(
                "Staff sign-in locked for %s minutes for every username from %s",
                settings.ADMIN_LOCKOUT_MINUTES,
                self.ip,
            )

    def succeeded(self) -> None:
        """Signed in: forget the pair's failures and hand back the address's reservation."""
        cache.delete(self.pair_key)
        # The counter expired meanwhile, or Redis went away after begin(): the reservation
        # then stays counted until it expires, which errs on the strict side.
        with contextlib.suppress(ValueError, CacheUnavailable):
            cache.decr(self.ip_key)


def lockout_message() -> str:
    return (
        f"로그인에 여러 번 실패해 {settings.ADMIN_LOCKOUT_MINUTES}분 동안 로그인을 막았어요. "
        "비밀번호가 맞더라도 그동안은 로그인할 수 없어요. 잠시 후 다시 시도해 주세요."
    )


def unavailable_message() -> str:
    return (
        "지금은 로그인 시도를 확인할 수 없어 관리자 로그인을 잠시 막았어요. "
        "1분쯤 뒤에 다시 시도해 주세요."
    )


class ThrottledSignInMixin:
    """In front of an AuthenticationForm (the admin's, the consultants'): every password check
    is counted by StaffSignInThrottle, refused before the password is read while the pair or the
    address is locked, and refused outright when the throttle's cache is down (fail closed: no
    password is checked that is not counted). `after_password()` is the place for a further
    factor; its refusals count as failed attempts too, or "code required" would tell an
    attacker the password was right, without limit."""

    sign_in_kind = "Sign-in"  # names the form in the log

    def clean(self):
        username = self.cleaned_data.get("username")
        if username is None or not self.cleaned_data.get("password"):
            # The field errors already say what is missing; no password is checked.
            return super().clean()
        throttle = StaffSignInThrottle(username=username, ip=client_ip(self.request))
        try:
            allowed = throttle.begin()
        except CacheUnavailable:
            logger.error(
                "%s refused: the sign-in throttle's cache is unavailable", self.sign_in_kind
            )
            self.report_refusal(username)
            raise ValidationError(unavailable_message(), code="throttle_unavailable") from None
        if not allowed:
            # Refused before the password is checked, so a locked attempt learns nothing.
            self.report_refusal(username)
            raise ValidationError(lockout_message(), code="locked")
        try:
            cleaned_data = super().clean()
        except ValidationError:
            throttle.failed()  # authenticate() has sent user_login_failed
            raise
        try:
            self.after_password()
        except ValidationError:
            throttle.failed()
            self.report_refusal(username)
            raise
        throttle.succeeded()
        return cleaned_data

    def after_password(self) -> None:
        """A further check once the password is right; raise ValidationError to refuse."""

    def report_refusal(self, username: str) -> None:
        """Refusals authenticate() did not see (locked, second factor) are sign-in failures
        too: send Django's signal, so whoever records failed sign-ins records these."""
        user_login_failed.send(
            sender=type(self).__module__, credentials={"username": username}, request=self.request
        )

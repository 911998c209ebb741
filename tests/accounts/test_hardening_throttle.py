"""Staff sign-in throttle: 5 failures lock a (username, address) pair for the cooling period;
a looser per-address limit stops spraying; a success resets; the lock cannot be raced past."""

import threading
import time
import uuid

import pytest
from django.core.cache import caches
from django.test import Client, RequestFactory

from accounts.security import StaffSignInThrottle, throttle_address
from core.http import client_ip

LOGIN = "/admin/login/?next=/admin/"
PASSWORD = "staff-password-123"


@pytest.fixture
def address() -> str:
    # Counters live in the shared cache (Redis in CI) and outlive a test: a fresh address per
    # test keeps tests independent without flushing a cache other things use.
    return f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250 + 1}"


@pytest.fixture
def client_from(address):
    def make(ip: str = address) -> Client:
        return Client(REMOTE_ADDR=ip)

    return make


@pytest.fixture(autouse=True)
def _password_only(settings):
    settings.ADMIN_REQUIRE_OTP = False
    settings.ADMIN_LOCKOUT_FAILURES = 5
    settings.ADMIN_LOCKOUT_IP_FAILURES = 20
    settings.ADMIN_LOCKOUT_MINUTES = 15
    settings.TRUSTED_PROXY_COUNT = 0


def sign_in(client: Client, username: str, password: str):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"})


def signed_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == "/admin/"


def test_five_failures_lock_staff_out_even_with_the_right_password(client_from, staff):
    client = client_from()
    for _ in range(5):
        assert sign_in(client, "staff1", "wrong-password").status_code == 200

    response = sign_in(client, "staff1", PASSWORD)

    assert not signed_in(response)
    page = response.content.decode()
    assert "로그인에 여러 번 실패해 15분 동안 로그인을 막았어요" in page
    assert client.get("/admin/").status_code == 302  # still not signed in


def test_four_failures_do_not_lock(client_from, staff):
    client = client_from()
    for _ in range(4):
        sign_in(client, "staff1", "wrong-password")

    assert signed_in(sign_in(client, "staff1", PASSWORD))


def test_a_success_resets_the_failure_count(client_from, staff):
    client = client_from()
    for _ in range(4):
        sign_in(client, "staff1", "wrong-password")
    assert signed_in(sign_in(client, "staff1", PASSWORD))
    client.post("/admin/logout/")

    for _ in range(4):
        sign_in(client, "staff1", "wrong-password")

    assert signed_in(sign_in(client, "staff1", PASSWORD))


def test_an_attacker_elsewhere_cannot_lock_staff_out(client_from, staff):
    attacker = client_from("203.0.113.77")
    for _ in range(6):
        sign_in(attacker, "staff1", "wrong-password")
    assert "로그인을 막았어요" in sign_in(attacker, "staff1", PASSWORD).content.decode()

    # The staff member, from their own address, is unaffected.
    assert signed_in(sign_in(client_from(), "staff1", PASSWORD))


def test_unknown_usernames_are_locked_the_same_way(client_from, db):
    # The lock does not reveal whether an account exists.
    client = client_from()
    for _ in range(5):
        sign_in(client, "nobody", "wrong-password")

    assert "로그인을 막았어요" in sign_in(client, "nobody", "wrong-password").content.decode()


def test_one_address_spraying_many_usernames_is_locked(settings, client_from, staff):
    settings.ADMIN_LOCKOUT_IP_FAILURES = 8
    client = client_from()
    for n in range(8):
        sign_in(client, f"guess{n}", "wrong-password")

    response = sign_in(client, "staff1", PASSWORD)

    assert not signed_in(response)
    assert "로그인을 막았어요" in response.content.decode()
    assert signed_in(sign_in(client_from("198.51.100.9"), "staff1", PASSWORD))


def test_the_lock_ends_after_the_cooling_period(monkeypatch, address):
    monkeypatch.setattr(StaffSignInThrottle, "cooling_seconds", staticmethod(lambda: 1))
    throttle = StaffSignInThrottle(username="staff1", ip=address)
    for _ in range(5):
        assert throttle.begin()
        throttle.failed()
    assert not throttle.begin()

    time.sleep(1.5)

    assert throttle.begin()


def test_concurrent_attempts_cannot_check_more_passwords_than_the_limit(monkeypatch, address):
    # Twenty simultaneous attempts all pass "is it locked?" before any failure is recorded;
    # the atomic increment still lets only five of them check a password.
    # (One cache object for all threads, as web processes share one Redis; Django's per-thread
    # Redis clients would otherwise be left with open sockets when the threads end.)
    monkeypatch.setattr("accounts.security.cache", caches["default"])
    admitted = []
    barrier = threading.Barrier(20)

    def attempt():
        barrier.wait()
        admitted.append(StaffSignInThrottle(username="staff1", ip=address).begin())

    threads = [threading.Thread(target=attempt) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert admitted.count(True) == 5


def test_username_case_and_spaces_do_not_make_a_fresh_counter(address):
    for name in ("staff1", "STAFF1", " Staff1 ", "staff1", "sTaff1"):
        throttle = StaffSignInThrottle(username=name, ip=address)
        assert throttle.begin()
        throttle.failed()

    assert not StaffSignInThrottle(username="staff1", ip=address).begin()


def test_client_address_is_read_through_trusted_proxies_only(settings):
    factory = RequestFactory()
    spoofed = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "1.1.1.1, 203.0.113.5"}

    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(factory.get("/", **spoofed)) == "10.0.0.2"
    settings.TRUSTED_PROXY_COUNT = 1
    # The entry our proxy appended, not the one the client wrote before it.
    assert client_ip(factory.get("/", **spoofed)) == "203.0.113.5"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(factory.get("/", **spoofed)) == "1.1.1.1"
    settings.TRUSTED_PROXY_COUNT = 3  # fewer entries than proxies: fall back to the peer
    assert client_ip(factory.get("/", **spoofed)) == "10.0.0.2"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(factory.get("/", HTTP_X_FORWARDED_FOR="not-an-address")) == ""


def test_ipv6_addresses_count_per_64_network():
    assert throttle_address("2001:db8:1:2::1") == "2001:db8:1:2::/64"
    assert throttle_address("2001:db8:1:2:ffff::9") == "2001:db8:1:2::/64"
    assert throttle_address("::ffff:192.0.2.1") == "192.0.2.1"
    assert throttle_address("198.51.100.7") == "198.51.100.7"

    network = f"2001:db8:{uuid.uuid4().int % 0xFFFF:x}:{uuid.uuid4().int % 0xFFFF:x}"
    throttle = StaffSignInThrottle(username="staff1", ip=f"{network}::1")
    for _ in range(5):
        throttle.begin()
        throttle.failed()
    assert not StaffSignInThrottle(username="staff1", ip=f"{network}::abcd").begin()

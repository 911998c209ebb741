"""Shared fixtures: users by role, a fake Kakao served over real HTTP, and the sign-in walk."""

import datetime
import os
import shutil
import socketserver
import threading
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
from django.conf import settings as django_settings
from django.core.wsgi import get_wsgi_application
from django.utils import timezone

from accounts.models import Role, User, new_member_username
from privacy.consents.services import consents_record_signup
from privacy.staff.models import PrivacyEducation, StaffDesignation, StaffRole

IN_CI = bool(os.environ.get("CI"))
# Processes the tests start (workers, app servers) keep no access-log witness: one shared
# directory would outlive the test database and make its next wipe look like an attack.
os.environ["ACCESS_LOG_WITNESS"] = ""


@pytest.fixture(autouse=True)
def _policy_as_published(request, settings):
    """Tests run in the embedded default, which previews the provision to consultants before
    its policy version (2026-12-10) is in force (settings.PROVISIONS_BEFORE_POLICY). Tests
    marked policy_as_published run as production does: nothing provided before the policy
    says so (tests/consulting/test_policy_guard.py)."""
    if request.node.get_closest_marker("policy_as_published") is not None:
        settings.PROVISIONS_BEFORE_POLICY = False


@pytest.fixture(autouse=True)
def _messages_wait_for_the_relay(settings):
    """A queued KakaoTalk message waits for a relay the test runs itself (messaging tests), not
    a nudge on commit that would call the fake provider from every test that notifies."""
    settings.MESSAGING_RELAY_ON_COMMIT = False


@pytest.fixture(autouse=True)
def _access_log_witness(settings, tmp_path):
    """Each test its own empty witness directory (privacy.accesslog.witness), as a fresh
    installation."""
    settings.ACCESS_LOG_WITNESS = f"file://{tmp_path / 'access-log-witness'}"


def pytest_collection_modifyitems(config, items):
    """Skip what the machine cannot run, except in CI, where a skip would hide a gap. The long
    tests go first: a parallel run (`make test`) hands them out before the short ones, instead
    of leaving one process running a long test alone at the end."""
    items.sort(key=lambda item: "long" not in item.keywords)  # stable: the rest keep their order
    on_postgres = django_settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    reasons = {
        "postgres": None if on_postgres else "needs PostgreSQL (set DATABASE_URL)",
        "redis": None if django_settings.REDIS_URL else "needs Redis (set REDIS_URL)",
        "browser": None if shutil.which("chromium") else "needs /usr/bin/chromium",
    }
    for item in items:
        for marker, reason in reasons.items():
            if reason and marker in item.keywords:
                if IN_CI:
                    raise pytest.UsageError(f"CI must not skip {item.nodeid}: {reason}")
                item.add_marker(pytest.mark.skip(reason=reason))


# --- Users ----------------------------------------------------------------------------------


def make_member(name: str = "김지원", phone: str = "010-2846-1357", **fields) -> User:
    member = User.objects.create_user(
        new_member_username(), role=Role.MEMBER, name=name, phone=phone, **fields
    )
    consents_record_signup(member=member, optional={})
    return member


@pytest.fixture
def member(db) -> User:
    return make_member()


@pytest.fixture
def other_member(db) -> User:
    return make_member(name="박서준", phone="010-7712-4490")


@pytest.fixture
def consultant(db) -> User:
    return User.objects.create_user("consultant1", "consultant-password-1", role=Role.CONSULTANT)


def make_staff(
    username: str = "staff1",
    password: str = "staff-password-123",  # noqa: S107 - a test account
    *,
    superuser: bool = False,
    designated: bool = True,
    **fields,
) -> User:
    """A staff account for tests. Create staff only through this: `designated` staff are
    designated to handle personal data with current privacy education (privacy.staff.designation),
    as the staff who do that work are; pass designated=False for one who is not."""
    create = User.objects.create_superuser if superuser else User.objects.create_staff
    user = create(username, password, **fields)
    if designated:
        designate_staff(user)
    return user


def designate_staff(
    user: User,
    *,
    role: str = StaffRole.HANDLER,
    designated_on: datetime.date | None = None,
    ended_on: datetime.date | None = None,
    educated_on: datetime.date | None = None,
) -> StaffDesignation:
    """Designate `user` to handle personal data with privacy education completed on
    `educated_on` (today by default). Written directly, not through the service, so that a
    test's access log holds only what the test did. The designation starts ten years back so
    that a test moving the clock back still finds it in force."""
    today = timezone.localdate()
    designation = StaffDesignation.objects.create(
        staff=user,
        role=role,
        scope="테스트: 관리자 화면의 개인정보 업무",
        designated_on=designated_on or today - datetime.timedelta(days=3650),
        ended_on=ended_on,
    )
    PrivacyEducation.objects.create(
        staff=user, course="개인정보 보호 교육", completed_on=educated_on or today, hours=2
    )
    return designation


@pytest.fixture
def staff(db) -> User:
    return make_staff()


# --- Fake Kakao over HTTP -------------------------------------------------------------------


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        pass


class _ThreadingWSGIServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True


@pytest.fixture(scope="session")
def kakao_server():
    """The app itself served on a free port: the fake Kakao lives in it, and allauth's
    server-side calls (token exchange, user info) reach it over real HTTP."""
    server = make_server(
        "127.0.0.1",
        0,
        get_wsgi_application(),
        server_class=_ThreadingWSGIServer,
        handler_class=_QuietHandler,
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/fake-kakao"
    server.shutdown()
    server.server_close()


@dataclass
class KakaoFlow:
    """Walks the Kakao sign-in the way a browser does, one HTTP step at a time."""

    client: object

    def start(self):
        response = self.client.post("/accounts/kakao/login/")
        assert response.status_code == 302, response
        location = urlsplit(response["Location"])
        return {k: v[0] for k, v in parse_qs(location.query).items()}

    def authorize(self, params, *, person="4100000001", share_phone=True, cancel=False, **extra):
        data = {
            "client_id": params["client_id"],
            "redirect_uri": params["redirect_uri"],
            "state": params["state"],
            "scope": params.get("scope", ""),
            "person": person,
            **extra,
        }
        if share_phone:
            data["share_phone"] = "on"
        data["cancel" if cancel else "agree"] = "1"
        response = self.client.post("/fake-kakao/kauth/oauth/authorize", data)
        assert response.status_code == 302, response.content.decode()
        location = urlsplit(response["Location"])
        return location.path, {k: v[0] for k, v in parse_qs(location.query).items()}

    def callback(self, path, query):
        return self.client.get(path, query)

    def sign_in(self, **kwargs):
        """Start → Kakao consent → callback. Returns the callback's response."""
        path, query = self.authorize(self.start(), **kwargs)
        return self.callback(path, query)

    def consent(self, *, membership=True, kakaotalk=False, marketing=False):
        data = {}
        if membership:
            data["agree_membership"] = "on"
        if kakaotalk:
            data["agree_kakaotalk_messages"] = "on"
        if marketing:
            data["agree_marketing"] = "on"
        return self.client.post("/accounts/3rdparty/signup/", data)

    def join(self, **kwargs):
        """A full first sign-in with the required consent; returns the consent response."""
        response = self.sign_in(**kwargs)
        assert response.status_code == 302 and response["Location"].endswith(
            "/accounts/3rdparty/signup/"
        ), response
        return self.consent()


@pytest.fixture
def kakao(client, settings, kakao_server, db) -> KakaoFlow:
    settings.KAKAO_AUTH_BASE_URL = f"{kakao_server}/kauth"
    settings.KAKAO_API_BASE_URL = f"{kakao_server}/kapi"
    return KakaoFlow(client)


@pytest.fixture(autouse=True)
def _empty_access_log_before_flush(request):
    """Transactional tests end with a flush the access log's triggers refuse: empty the log
    first (this teardown runs before pytest-django's flush)."""
    marker = request.node.get_closest_marker("django_db")
    transactional = "live_server" in request.fixturenames or (
        marker is not None and marker.kwargs.get("transaction")
    )
    if not transactional:
        yield
        return
    request.getfixturevalue("transactional_db")
    yield
    from tests.support.access_log import wipe_access_log

    wipe_access_log()

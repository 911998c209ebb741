"""Security headers on every response: CSP with a per-request nonce and no inline script,
Permissions-Policy, frame/referrer/opener policies; production cookies and admin settings."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.template import engines

from core.middleware import SecurityHeadersMiddleware
from tests.core.test_settings import PRODUCTION_ENV, django_python, manage
from tests.coverletters.conftest import make_letter

ROOT = Path(__file__).resolve().parents[2]


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def nonce_of(response) -> str:
    (source,) = [s for s in policy(response)["script-src"] if s.startswith("'nonce-")]
    return source.removeprefix("'nonce-").removesuffix("'")


@pytest.mark.parametrize(
    "path", ["/", "/privacy/policy/", "/admin/login/", "/no-such-page/", "/healthz"]
)
def test_every_response_carries_a_strict_content_security_policy(client, db, path):
    directives = policy(client.get(path))

    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"][0] == "'self'" and len(directives["script-src"]) == 2
    assert directives["style-src"] == ["'self'"]
    assert directives["img-src"] == ["'self'", "data:"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["form-action"][0] == "'self'"
    header = " ".join(value for values in directives.values() for value in values)
    assert "unsafe-inline" not in header and "unsafe-eval" not in header
    assert "style-src-attr" not in directives


def test_the_nonce_is_fresh_for_every_response(client, db):
    nonces = {nonce_of(client.get("/")) for _ in range(5)}

    assert len(nonces) == 5
    assert all(len(n) >= 22 for n in nonces)  # 128 bits


def test_nonce_is_available_to_templates_as_request_csp_nonce(rf, db):
    # db: the context processors read the policy timeline, from the database when the cache
    # is cold (another test may have just forgotten it).
    def view(request):
        template = engines["django"].from_string('<script nonce="{{ request.csp_nonce }}">')
        return HttpResponse(template.render({}, request))

    response = SecurityHeadersMiddleware(view)(rf.get("/"))

    assert f'<script nonce="{nonce_of(response)}">' == response.content.decode()


def test_sign_in_form_may_post_on_to_kakao(client, db, settings):
    settings.KAKAO_AUTH_BASE_URL = "https://kauth.kakao.com"

    assert policy(client.get("/"))["form-action"] == ["'self'", "https://kauth.kakao.com"]


def test_frame_referrer_opener_and_sniffing_headers(client, db):
    response = client.get("/")

    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_permissions_policy_denies_powerful_features(client, db):
    features = dict(
        item.strip().split("=", 1) for item in client.get("/")["Permissions-Policy"].split(",")
    )

    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "browsing-topics"):
        assert features[feature] == "()"


# --- No inline script, handler or style in our templates ------------------------------------

TEMPLATE_DIRS = [ROOT / "templates", *ROOT.glob("*/templates")]
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
HANDLER = re.compile(r"""<[a-z][^>]*\s(on[a-z]+|hx-on[:\w-]*)\s*=""", re.IGNORECASE | re.DOTALL)
STYLE = re.compile(r"""<style\b|<[a-z][^>]*\sstyle\s*=""", re.IGNORECASE | re.DOTALL)


def templates():
    return sorted(path for folder in TEMPLATE_DIRS for path in folder.rglob("*.html"))


def test_templates_have_no_inline_script_event_handler_or_style_attribute():
    problems = []
    for path in templates():
        text = path.read_text()
        name = path.relative_to(ROOT)
        for match in INLINE_SCRIPT.finditer(text):
            if 'nonce="{{ request.csp_nonce }}"' not in match.group():
                problems.append(f"{name}: inline {match.group()} without nonce")
        problems += [f"{name}: handler {m.group(1)}" for m in HANDLER.finditer(text)]
        problems += [f"{name}: {m.group()!r}" for m in STYLE.finditer(text)]
        if "javascript:" in text:
            problems.append(f"{name}: javascript: URL")

    assert problems == []
    assert len(templates()) > 20  # the scan did look at the templates


class InlineAudit(HTMLParser):
    def __init__(self, nonce: str) -> None:
        super().__init__()
        self.nonce = nonce
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script" and "src" not in a and a.get("nonce") != self.nonce:
            self.problems.append("inline <script> without the response's nonce")
        if tag == "style":
            self.problems.append("<style> element")
        for name in a:
            if name == "style" or name.startswith(("on", "hx-on")):
                self.problems.append(f"<{tag} {name}=...>")


@pytest.fixture
def letter(member):
    return make_letter(member, company="라이프전자", questions=2)


def test_member_pages_render_without_inline_script_or_style(client, member, letter):
    client.force_login(member)
    pages = [
        "/home/",
        "/profile/",
        "/profile/edit/",
        "/experiences/",
        "/experiences/new/",
        f"/coverletters/{letter.pk}/",
        f"/coverletters/{letter.pk}/print/",
        "/accounts/me/",
        "/privacy/policy/",
    ]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        audit = InlineAudit(nonce_of(response))
        audit.feed(response.content.decode())
        assert audit.problems == [], path


# --- Production settings ---------------------------------------------------------------------


def test_production_cookies_are_secure_httponly_samesite_and_host_prefixed():
    code = (
        "from django.conf import settings as s\n"
        "print(s.SESSION_COOKIE_NAME, s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY,"
        " s.SESSION_COOKIE_SAMESITE, s.SESSION_COOKIE_DOMAIN)\n"
        "print(s.CSRF_COOKIE_NAME, s.CSRF_COOKIE_SECURE, s.CSRF_COOKIE_HTTPONLY,"
        " s.CSRF_COOKIE_SAMESITE, s.CSRF_COOKIE_DOMAIN)\n"
        "print(s.SECURE_HSTS_SECONDS >= 31536000, s.SECURE_SSL_REDIRECT, s.X_FRAME_OPTIONS)"
    )

    session, csrf, transport = django_python(code, PRODUCTION_ENV).splitlines()

    assert session.split() == ["__Host-sessionid", "True", "True", "Lax", "None"]
    assert csrf.split() == ["__Host-csrftoken", "True", "True", "Lax", "None"]
    assert transport.split() == ["True", "True", "DENY"]


def test_production_requires_totp_for_staff_and_mounts_the_admin_at_admin_url():
    code = (
        "from django.conf import settings as s\n"
        "from django.urls import resolve, Resolver404\n"
        "print(s.ADMIN_REQUIRE_OTP, s.STAFF_SESSION_IDLE_MINUTES, s.ADMIN_LOCKOUT_FAILURES,"
        " s.ADMIN_LOCKOUT_MINUTES)\n"
        "print(resolve('/staff-7kq2/login/').view_name)\n"
        "try:\n    resolve('/admin/login/'); print('mounted')\n"
        "except Resolver404:\n    print('absent')"
    )

    flags, login, old = django_python(code, PRODUCTION_ENV).splitlines()

    assert flags.split() == ["True", "30", "5", "15"]
    assert login == "admin:login"
    assert old == "absent"


def test_production_without_admin_url_fails_at_start_naming_it():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "ADMIN_URL"}

    result = manage("check", env=env)

    assert result.returncode != 0
    assert "Production setting ADMIN_URL is missing" in result.stderr


def test_admin_url_must_be_a_relative_path_with_a_trailing_slash():
    result = manage("check", env={**PRODUCTION_ENV, "ADMIN_URL": "/staff"})

    assert result.returncode != 0
    assert "ADMIN_URL must be a path like" in result.stderr


def test_development_keeps_password_only_admin_at_admin():
    code = "from django.conf import settings as s; print(s.ADMIN_REQUIRE_OTP, s.ADMIN_URL)"

    assert django_python(code, {}).split() == ["False", "admin/"]

"""Production settings: loud failure on a missing secret, no fake Kakao, clean deploy check."""

import base64
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "lifemento.co.kr",
    "DATABASE_URL": "postgres://lifemento@db.internal:5432/lifemento",
    "REDIS_URL": "redis://cache.internal:6379/0",
    "KAKAO_CLIENT_ID": "rest-api-key",
    "KAKAO_CLIENT_SECRET": "client-secret",
    # NHN Cloud KakaoTalk Bizmessage (messaging.gateways.nhn).
    "KAKAOTALK_APPKEY": "nhn-appkey",
    "KAKAOTALK_SECRET_KEY": secrets.token_urlsafe(24),
    "KAKAOTALK_SENDER_KEY": "s" * 40,
    "KAKAOTALK_WEBHOOK_SECRET": secrets.token_urlsafe(24),
    "KAKAO_ADMIN_KEY": "admin-key",
    "ADVERTISING_SENDER_CONTACT": "고객센터 1588-0000",
    "PRIVACY_OFFICER_NAME": "홍길동",
    "PRIVACY_OFFICER_PHONE": "02-1234-5678",
    "PRIVACY_OFFICER_EMAIL": "privacy@lifemento.co.kr",
    # The admin's path; production has no default (accounts: staff access hardening).
    "ADMIN_URL": "staff-7kq2/",
    "FIELD_ENCRYPTION_KEYS": "prod1:" + base64.b64encode(secrets.token_bytes(32)).decode(),
    "BLIND_INDEX_KEYS": "bi2027:" + base64.b64encode(secrets.token_bytes(32)).decode(),
    "ACCESS_LOG_HMAC_KEY": secrets.token_urlsafe(32),
    # The access log's external witness: S3 Object Lock (issue 17).
    "ACCESS_LOG_WITNESS": "s3://lifemento-access-log-witness/production",
}


def _clean_env(env: dict[str, str]) -> dict[str, str]:
    # A clean environment: nothing from the developer's shell or CI leaks in.
    base = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    return {**base, "DJANGO_SETTINGS_MODULE": "lifemento.settings", **env}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=_clean_env(env),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def django_python(code: str, env: dict[str, str]) -> str:
    """Run `code` after django.setup() in a fresh process; return what it printed."""
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + code],
        cwd=ROOT,
        env=_clean_env(env),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout


def test_check_deploy_is_clean_with_production_environment():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    "missing",
    [
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "DATABASE_URL",
        "REDIS_URL",
        "KAKAO_CLIENT_ID",
        "KAKAO_CLIENT_SECRET",
        "KAKAOTALK_APPKEY",
        "KAKAOTALK_SECRET_KEY",
        "KAKAOTALK_SENDER_KEY",
        "KAKAOTALK_WEBHOOK_SECRET",
        "KAKAO_ADMIN_KEY",
        "ADVERTISING_SENDER_CONTACT",
        "PRIVACY_OFFICER_EMAIL",
        "FIELD_ENCRYPTION_KEYS",
        "BLIND_INDEX_KEYS",
        "ACCESS_LOG_HMAC_KEY",
    ],
)
def test_production_without_a_secret_fails_at_start_naming_it(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}

    result = manage("check", env=env)

    assert result.returncode != 0
    assert f"Production setting {missing} is missing" in result.stderr


def test_production_refuses_the_fake_kakaotalk_provider():
    result = manage("check", env={**PRODUCTION_ENV, "KAKAOTALK_FAKE": "true"})

    assert result.returncode != 0
    assert "KAKAOTALK_FAKE=true is refused in production" in result.stderr


def test_production_refuses_the_fake_kakao():
    result = manage("check", env={**PRODUCTION_ENV, "KAKAO_FAKE": "true"})

    assert result.returncode != 0
    assert "KAKAO_FAKE=true is refused in production" in result.stderr


def test_production_refuses_debug():
    result = manage("check", env={**PRODUCTION_ENV, "DEBUG": "true"})

    assert result.returncode != 0
    assert "DEBUG must be false" in result.stderr


def test_production_does_not_mount_the_fake_kakao():
    code = (
        "from django.urls import resolve, Resolver404\n"
        "try:\n    resolve('/fake-kakao/kauth/oauth/authorize'); print('mounted')\n"
        "except Resolver404:\n    print('absent')"
    )

    assert django_python(code, PRODUCTION_ENV).strip() == "absent"


def test_development_env_file_is_generated_with_secrets_and_kept(tmp_path):
    from scripts import dev_env

    target = tmp_path / ".env"
    original = dev_env.ENV_FILE
    dev_env.ENV_FILE = target
    try:
        dev_env.main()
        first = target.read_text()
        dev_env.main()
        second = target.read_text()
    finally:
        dev_env.ENV_FILE = original
    assert "SECRET_KEY=" in first and "DEV_ADMIN_PASSWORD=" in first
    assert first == second  # idempotent: secrets are not regenerated
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    assert ".env" in (ROOT / ".gitignore").read_text().splitlines()


def test_embedded_default_needs_no_database_server_or_broker():
    code = (
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER,"
        " s.CACHES['default']['BACKEND'].rsplit('.', 1)[-1], s.KAKAO_FAKE, s.TIME_ZONE,"
        " s.LANGUAGE_CODE)"
    )

    assert django_python(code, {}).split() == [
        "django.db.backends.sqlite3",
        "True",
        "LocMemCache",
        "True",
        "Asia/Seoul",
        "ko",
    ]

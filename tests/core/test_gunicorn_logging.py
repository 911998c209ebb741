"""The web server's access log keeps no calendar-feed token and no Kakao sign-in code."""

import datetime
from types import SimpleNamespace

from core.gunicorn_logging import AccessLogger, redact

TOKEN = "q9Zb3kR1x_ExampleFeedToken0123456789"


def line(path: str, query: str = "") -> str:
    from gunicorn.config import Config

    config = Config()
    config.set("accesslog", "-")
    logger = AccessLogger(config)
    raw = path + (f"?{query}" if query else "")
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": raw,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.7",
        "HTTP_USER_AGENT": "Google-Calendar-Importer",
    }
    response = SimpleNamespace(status="200 OK", sent=512, headers=[])
    request = SimpleNamespace(headers=[("USER-AGENT", "Google-Calendar-Importer")])
    atoms = logger.atoms(response, request, environ, datetime.timedelta(milliseconds=12))
    return config.access_log_format % atoms


def test_a_calendar_refresh_is_logged_without_the_feed_token():
    logged = line(f"/recruiting/calendar/feed/{TOKEN}.ics")

    assert TOKEN not in logged
    assert "GET /recruiting/calendar/feed/[redacted].ics HTTP/1.1" in logged
    assert '" 200 512 ' in logged  # status and size are still there for operators


def test_kakaos_one_time_code_and_state_are_not_logged():
    logged = line("/accounts/kakao/login/callback/", "code=SECRETCODE123&state=STATE456&x=1")

    assert "SECRETCODE123" not in logged and "STATE456" not in logged
    assert "code=[redacted]&state=[redacted]&x=1" in logged


def test_other_addresses_are_unchanged():
    assert redact("/coverletters/12/?page=2") == "/coverletters/12/?page=2"
    assert redact("code=abc") == "code=[redacted]"


def test_gunicorn_uses_this_logger_from_the_repository_config():
    import runpy
    from pathlib import Path

    config = runpy.run_path(str(Path(__file__).resolve().parents[2] / "gunicorn.conf.py"))
    assert config["logger_class"] == "core.gunicorn_logging.AccessLogger"

"""Benchmarks for the foundation: page and sign-in costs as ratios to a baseline request.

The machines are shared and noisy, so absolute times mean little; each figure is reported
against a baseline measured in the same run (GET of the static privacy policy page, which
renders a template and touches no database). Run with `make bench`.

Uses its own throwaway SQLite database unless DATABASE_URL is set.
"""

import os
import re
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from wsgiref.simple_server import WSGIRequestHandler, make_server

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lifemento.settings")
_tmp = tempfile.TemporaryDirectory()
os.environ.setdefault("DATABASE_URL", f"sqlite:///{_tmp.name}/bench.sqlite3")
os.environ.setdefault("KAKAO_FAKE", "true")

import django  # noqa: E402

django.setup()

import requests  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "30"))
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def serve() -> str:
    from socketserver import ThreadingMixIn
    from wsgiref.simple_server import WSGIServer

    class Server(ThreadingMixIn, WSGIServer):
        daemon_threads = True

    server = make_server("127.0.0.1", 0, get_wsgi_application(), Server, Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}"


def timed(fn, rounds: int = ROUNDS) -> float:
    fn()  # warm up
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def join_and_withdraw(base: str, person: int) -> None:
    s = requests.Session()
    token = CSRF.search(s.get(base + "/").text).group(1)
    r = s.post(base + "/accounts/kakao/login/", data={"csrfmiddlewaretoken": token})
    r.raise_for_status()
    q = {k: v[0] for k, v in parse_qs(urlsplit(r.url).query).items()}
    token = CSRF.search(r.text).group(1)
    r = s.post(
        r.url.split("?")[0],
        data={
            "csrfmiddlewaretoken": token,
            "client_id": q["client_id"],
            "redirect_uri": q["redirect_uri"],
            "state": q["state"],
            "scope": q["scope"],
            "person": "custom",
            "custom_name": "벤치",
            "custom_phone": f"010-{person // 10000 % 10000:04d}-{person % 10000:04d}",
            "share_phone": "on",
            "agree": "1",
        },
    )
    token = CSRF.search(r.text).group(1)
    r = s.post(
        base + "/accounts/3rdparty/signup/",
        data={"csrfmiddlewaretoken": token, "agree_membership": "on"},
    )
    assert r.url.endswith("/home/"), r.url
    token = CSRF.search(s.get(base + "/accounts/withdraw/").text).group(1)
    r = s.post(base + "/accounts/withdraw/", data={"csrfmiddlewaretoken": token, "confirm": "on"})
    assert r.url == base + "/", r.url


def main() -> None:
    call_command("migrate", verbosity=0)
    base = serve()
    settings.KAKAO_AUTH_BASE_URL = f"{base}/fake-kakao/kauth"
    settings.KAKAO_API_BASE_URL = f"{base}/fake-kakao/kapi"
    http = requests.Session()
    counter = iter(range(10_000_000))

    baseline = timed(lambda: http.get(base + "/privacy/policy/").raise_for_status())
    results = {
        "landing page": timed(lambda: http.get(base + "/").raise_for_status()),
        "healthz": timed(lambda: http.get(base + "/healthz").raise_for_status()),
        "Kakao join + consent + withdrawal (11 requests)": timed(
            lambda: join_and_withdraw(base, next(counter)), rounds=max(5, ROUNDS // 3)
        ),
    }
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"database: {engine}; rounds: {ROUNDS}; median of each")
    print(f"{'baseline: GET /privacy/policy/':55s} {baseline * 1000:8.2f} ms   1.00x")
    for name, value in results.items():
        print(f"{name:55s} {value * 1000:8.2f} ms {value / baseline:6.2f}x")


if __name__ == "__main__":
    main()

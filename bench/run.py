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

import support

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


def encryption_cost() -> list[tuple[str, float, float]]:
    """Profile and cover-letter pages for a member whose data is encrypted, against the same
    pages for an identical member written and read with the cipher bypassed. In-process test
    client: the bypass is a context variable of this thread."""
    from django.test import Client

    from accounts.models import Role, User, new_member_username
    from coverletters.models import CoverLetter, Question
    from privacy.keys import sealing
    from profiles.models import Career, Education, Profile

    answer = ("저는 물류 인턴으로 일하며 재고 관리 방식을 바꿨습니다. " * 40)[:1500]

    def populate() -> User:
        user = User.objects.create_user(
            new_member_username(), role=Role.MEMBER, name="김지원", phone="010-2846-1357"
        )
        profile = Profile.objects.create(
            member=user,
            name="김지원",
            desired_job="마케팅",
            desired_industry="IT·인터넷",
            situation="첫 취업 준비 중이에요. " * 20,
            birth_date="1999-07-31",
        )
        for i in range(3):
            Education.objects.create(
                profile=profile,
                school=f"한국대학교 {i}",
                major="경영학",
                status="graduated",
                position=i,
            )
            Career.objects.create(
                profile=profile,
                company=f"라이프물류 {i}",
                role="인턴",
                description="재고 관리 자동화 " * 30,
                position=i,
            )
        letter = CoverLetter.objects.create(
            member=user, title="라이프전자 공채", job_title="마케팅"
        )
        for i in range(5):
            Question.objects.create(
                cover_letter=letter, position=i, prompt=f"문항 {i}", limit=1500, answer=answer
            )
        user.bench_letter = letter.pk
        return user

    encrypted = populate()
    with sealing.bypass():
        plain = populate()

    results = []
    for name, url in (("profile page", "/profile/"), ("cover-letter editor", "/coverletters/{}/")):
        calls = []
        for user in (encrypted, plain):
            client = Client(HTTP_HOST="127.0.0.1")
            client.force_login(user)
            calls.append((client, url.format(user.bench_letter)))
        enc, byp = timed_pair(
            lambda c=calls[0]: c[0].get(c[1]),
            lambda c=calls[1]: _bypassed(c[0].get, c[1]),
        )
        results.append((name, enc, byp))
    return results


def binding_cost() -> list[tuple[str, float, float]]:
    """The v2 binding (issue 17: subject resolved from the row, table, column, pk, version,
    key-subject check) against the v1 reading it replaced (column only, no subject), on the
    cover-letter editor and the experience list, alternating in the same run. Two identical
    members; the second one's rows and keys are rewritten as the previous release stored
    them and read the way it read them (privacy.keys.fields.Sealed._decrypt as before)."""
    from django.db import connection
    from django.test import Client

    from accounts.models import Role, User, new_member_username
    from coverletters.models import CoverLetter, Question
    from experiences.models import Experience
    from privacy.keys import datakeys, fields, masters, sealing
    from privacy.keys.models import DataKey
    from privacy.keys.rows import bound_subject, sealed_fields

    answer = ("저는 물류 인턴으로 일하며 재고 관리 방식을 바꿨습니다. " * 40)[:1500]

    def populate() -> tuple[User, list]:
        user = User.objects.create_user(
            new_member_username(), role=Role.MEMBER, name="김지원", phone="010-2846-1357"
        )
        rows = [user]
        letter = CoverLetter.objects.create(
            member=user, title="라이프전자 공채", job_title="마케팅", duties="기획 " * 50
        )
        rows.append(letter)
        for i in range(5):
            rows.append(
                Question.objects.create(
                    cover_letter=letter, position=i, prompt=f"문항 {i}", limit=1500, answer=answer
                )
            )
        for i in range(30):
            rows.append(
                Experience.objects.create(
                    member=user,
                    title=f"경험 {i}",
                    kind="intern",
                    summary="재고 관리 자동화로 입고 시간을 줄였어요",
                    details="상황과 행동 " * 40,
                    tags=["협업", "문제 해결"],
                )
            )
        user.bench_letter = letter.pk
        return user, rows

    def as_v1(rows) -> None:
        for obj in rows:
            model = type(obj)
            row = model._base_manager.get(pk=obj.pk)
            subject = bound_subject(row)
            values = {}
            for f in sealed_fields(model):
                value = getattr(row, f.attname)
                if not f.is_blank(value):
                    values[f.column] = sealing.encrypt(subject, f.aad(), f.to_plaintext(value))
            sets = ", ".join(f'"{c}" = %s' for c in values)
            with connection.cursor() as cursor:
                cursor.execute(
                    f'UPDATE "{model._meta.db_table}" SET {sets}, sealed_version = 0 '  # noqa: S608
                    "WHERE id = %s",
                    [*values.values(), obj.pk],
                )
        subject = rows[0].subject
        for key in DataKey.objects.filter(subject=subject):
            _, wrapped = datakeys.wrap(datakeys.load_dek(key.pk), masters.master(key.kek_id))
            DataKey.objects.filter(pk=key.pk).update(wrapped_key=wrapped, wrap_format=1)
        datakeys.clear_key_cache()

    v2_user, _ = populate()
    v1_user, v1_rows = populate()
    as_v1(v1_rows)

    def v1_decrypt(self, row):  # what main read: column-bound, any key the token names
        return sealing._open(self.field.aad(), self.token, None)

    def v1_unwrap(kek_id, wrapped, subject, key_id, wrap_format):
        return datakeys.unwrap(kek_id, wrapped)

    def as_v1_reader(fn, *args):
        saved = fields.Sealed._decrypt, datakeys.unwrap_bound
        fields.Sealed._decrypt, datakeys.unwrap_bound = v1_decrypt, v1_unwrap
        try:
            return fn(*args)
        finally:
            fields.Sealed._decrypt, datakeys.unwrap_bound = saved

    results = []
    pages = (("cover-letter editor", "/coverletters/{}/"), ("experience list", "/experiences/"))
    for name, url in pages:
        calls = []
        for user in (v2_user, v1_user):
            client = Client(HTTP_HOST="127.0.0.1")
            client.force_login(user)
            calls.append((client, url.format(user.bench_letter)))
        for client, path in calls:  # both must show the member's text
            page = as_v1_reader(client.get, path) if client is calls[1][0] else client.get(path)
            text = page.content.decode()
            assert page.status_code == 200 and fields.UNREADABLE not in text, (name, path)
        v2, v1 = timed_pair(
            lambda c=calls[0]: c[0].get(c[1]),
            lambda c=calls[1]: as_v1_reader(c[0].get, c[1]),
        )
        results.append((name, v2, v1))
    return results


def _bypassed(fn, *args):
    from privacy.keys import sealing

    with sealing.bypass():
        return fn(*args)


def timed_pair(a, b, rounds: int = ROUNDS * 2) -> tuple[float, float]:
    return support.timed_pair(a, b, rounds)


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
    cipher = encryption_cost()
    bound = binding_cost()
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"database: {engine}; rounds: {ROUNDS}; median of each")
    print(f"{'baseline: GET /privacy/policy/':55s} {baseline * 1000:8.2f} ms   1.00x")
    for name, value in results.items():
        print(f"{name:55s} {value * 1000:8.2f} ms {value / baseline:6.2f}x")
    print()
    print("field encryption: the same page, encrypted vs. cipher bypassed (same run)")
    for name, enc, plain in cipher:
        print(
            f"{name:30s} encrypted {enc * 1000:7.2f} ms  bypassed {plain * 1000:7.2f} ms  "
            f"ratio {enc / plain:5.2f}x"
        )
    print()
    print("ciphertext binding: the same page, v2 binding vs. v1 (column only), alternating")
    for name, v2, v1 in bound:
        print(
            f"{name:30s} v2 {v2 * 1000:7.2f} ms  v1 {v1 * 1000:7.2f} ms  "
            f"ratio {v2 / v1:5.3f}x ({(v2 / v1 - 1) * 100:+.1f} %)"
        )


if __name__ == "__main__":
    main()

"""Page costs as issue 16 measures them: CPU time per request against a bare view, in one run.

PostgreSQL with the connection pool, DEBUG off, requests through the whole middleware in this
process (Django's test client; the fake Kakao answers allauth's server-side calls from a server
thread, so its CPU time is not counted: `time.thread_time` counts this thread only). Every
figure is the median of alternating runs A B A B against the bare view of pages_urls.py:
member pages against the bare view behind `member_required`, the public pages against the
anonymous one. The member has issue 16's realistic workspace (tests/workspace.py); the query
counts are read for members with 1 and with 50 items in every list.

    .venv/bin/python bench/pages.py          # PAGES_ROUNDS=40 pairs per page by default
    .venv/bin/python bench/pages.py --profile "cover-letter editor" [--n 50]
                                             # cProfile of one page (a name above), 50 requests

Needs PostgreSQL; its own database (PAGES_DATABASE_URL, default lifemento_bench_pages), dropped
and created afresh.
"""

from __future__ import annotations

import os
import statistics
import sys
import threading
import time
from pathlib import Path

import support

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
URL = os.environ.get(
    "PAGES_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/lifemento_bench_pages"
)
problem = support.postgres_bench_database(URL, "PAGES_DATABASE_URL", fresh=True)
if problem:
    print(f"pages bench skipped: {problem}")
    sys.exit(0)
os.environ["DATABASE_URL"] = URL
os.environ["DEBUG"] = "false"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lifemento.settings")
os.environ.setdefault("KAKAO_FAKE", "true")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

ROUNDS = int(os.environ.get("PAGES_ROUNDS", "40"))
HOST = "127.0.0.1"

# (name, path of a Workspace); the member pages, each measured with the realistic workspace
# and counted at N=1 and N=50.
MEMBER_PAGES = [
    ("empty page on base.html", lambda w: "/bench/base-member/"),
    ("member home", lambda w: "/home/"),
    ("profile", lambda w: "/profile/"),
    ("profile edit", lambda w: "/profile/edit/"),
    ("experience list", lambda w: "/experiences/"),
    ("experience detail", lambda w: f"/experiences/{w.experiences[0].pk}/"),
    ("cover-letter list", lambda w: "/coverletters/"),
    ("cover-letter editor", lambda w: f"/coverletters/{w.letter.pk}/"),
    ("answer library", lambda w: "/coverletters/library/"),
    ("letter versions", lambda w: f"/coverletters/{w.letter.pk}/versions/"),
    ("privacy centre", lambda w: "/privacy/me/"),
    ("rights requests", lambda w: "/privacy/requests/"),
    ("notifications", lambda w: "/notifications/"),
    ("notification settings", lambda w: "/notifications/settings/"),
    ("KakaoTalk messages", lambda w: "/notifications/kakaotalk/"),
    ("account settings", lambda w: "/accounts/me/"),
    ("postings", lambda w: "/recruiting/postings/"),
    ("applications", lambda w: "/recruiting/applications/"),
    ("offers", lambda w: "/recruiting/offers/"),
    ("tracker", lambda w: "/recruiting/tracker/"),
    ("calendar", lambda w: "/recruiting/calendar/"),
    ("my consulting", lambda w: "/consulting/my/"),
]
# (name, path, goal): issue 16 sets 1.2x for the landing and the policy page; the notices are a
# list with a query, held to the member pages' 2x.
PUBLIC_PAGES = [
    ("landing", "/", 1.2),
    ("policy page", "/privacy/policy/", 1.2),
    ("notices", "/notices/", 2.0),
]


def cpu_ms(fn) -> float:
    start = time.thread_time_ns()
    fn()
    return (time.thread_time_ns() - start) / 1e6


def alternating(a, b, rounds: int = ROUNDS) -> tuple[float, float]:
    """Medians of a's and b's CPU time, run A B B A A B ..., so drift hits both alike."""
    a(), b()
    samples_a, samples_b = [], []
    for i in range(rounds):
        order = ((a, samples_a), (b, samples_b)) if i % 2 else ((b, samples_b), (a, samples_a))
        for fn, samples in order:
            samples.append(cpu_ms(fn))
    return statistics.median(samples_a), statistics.median(samples_b)


def ok(client: Client, path: str):
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code, response.get("Location"))
    return response


def queries(client: Client, path: str) -> int:
    ok(client, path)  # the second visit, as every visit after the first one is
    with CaptureQueriesContext(connection) as captured:
        ok(client, path)
    return len(captured)


def member_client(member) -> Client:
    client = Client(HTTP_HOST=HOST)
    client.force_login(member)
    return client


class Autosave:
    """The editor's autosave as the page's script sends it: the next text, the revision the
    page holds, JSON back."""

    def __init__(self, client: Client, question):
        self.client, self.question, self.n = client, question, 0
        self.revision = question.revision

    def __call__(self):
        self.n += 1
        response = self.client.post(
            f"/coverletters/questions/{self.question.pk}/answer/",
            {
                "answer": f"{self.question.answer[:900]} 고쳐 쓴 문장 {self.n}",
                "revision": self.revision,
            },
            HTTP_ACCEPT="application/json",
        )
        assert response.status_code == 200, response.content
        self.revision = response.json()["revision"]
        return response


def sign_in(base_host: str, counter):
    """A new member's first sign-in as a browser walks it: landing, 카카오로 시작하기, (Kakao's
    consent screen, not counted), callback, 회원가입 동의 page, its POST, the home. Returns the
    CPU time of the service's own requests."""
    from urllib.parse import parse_qs, urlsplit

    client = Client(HTTP_HOST=HOST)
    person = next(counter)
    spent = cpu_ms(lambda: ok(client, "/"))
    holder = {}
    spent += cpu_ms(lambda: holder.update(r=client.post("/accounts/kakao/login/")))
    query = {k: v[0] for k, v in parse_qs(urlsplit(holder["r"]["Location"]).query).items()}
    response = client.post(  # Kakao's side: not counted
        "/fake-kakao/kauth/oauth/authorize",
        {
            "client_id": query["client_id"],
            "redirect_uri": query["redirect_uri"],
            "state": query["state"],
            "scope": query.get("scope", ""),
            "person": "custom",
            "custom_name": "벤치",
            "custom_phone": f"010-{person // 10000 % 10000:04d}-{person % 10000:04d}",
            "share_phone": "on",
            "agree": "1",
        },
    )
    callback = urlsplit(response["Location"])
    spent += cpu_ms(
        lambda: holder.update(
            r=client.get(callback.path, {k: v[0] for k, v in parse_qs(callback.query).items()})
        )
    )
    assert holder["r"]["Location"].endswith("/accounts/3rdparty/signup/"), holder["r"]
    spent += cpu_ms(lambda: ok(client, "/accounts/3rdparty/signup/"))
    spent += cpu_ms(
        lambda: holder.update(
            r=client.post("/accounts/3rdparty/signup/", {"agree_membership": "on"})
        )
    )
    assert holder["r"]["Location"].endswith("/home/"), holder["r"]
    spent += cpu_ms(lambda: ok(client, "/home/"))
    return spent


def profile(target: str, client: Client, workspace, anonymous: Client) -> None:
    import cProfile
    import pstats

    pages = {name: (client, path(workspace)) for name, path in MEMBER_PAGES}
    pages.update({name: (anonymous, path) for name, path, _ in PUBLIC_PAGES})
    if target == "autosave (POST)":
        call = Autosave(client, workspace.question)
    else:
        who, path = pages[target]
        call = lambda: ok(who, path)  # noqa: E731
    call()
    profiler = cProfile.Profile(time.thread_time)
    profiler.enable()
    for _ in range(50):
        call()
    profiler.disable()
    stats = pstats.Stats(profiler).strip_dirs()
    stats.sort_stats("cumulative").print_stats(45)
    stats.sort_stats("tottime").print_stats(25)


def serve_fake_kakao() -> str:
    from socketserver import ThreadingMixIn
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

    from django.core.wsgi import get_wsgi_application

    class Server(ThreadingMixIn, WSGIServer):
        daemon_threads = True

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    server = make_server("127.0.0.1", 0, get_wsgi_application(), Server, Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}/fake-kakao"


def main() -> None:
    from recruiting.models import Company, Posting
    from tests.workspace import realistic_workspace, workspace_member, workspace_of

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    settings.ROOT_URLCONF = "pages_urls"
    fake = serve_fake_kakao()
    settings.KAKAO_AUTH_BASE_URL = f"{fake}/kauth"
    settings.KAKAO_API_BASE_URL = f"{fake}/kapi"

    company = Company.objects.create(name="라이프전자", description="가전 회사")
    for i in range(50):
        Posting.objects.create(company=company, title=f"2026 하반기 신입 {i + 1}", job="마케팅")
    real = realistic_workspace(workspace_member("010-2846-1357"))
    small = workspace_of(1, workspace_member("010-2846-1001", name="박서준"))
    large = workspace_of(50, workspace_member("010-2846-1050", name="이서연"))

    anonymous = Client(HTTP_HOST=HOST)
    clients = {w: member_client(w.member) for w in (real, small, large)}
    if "--profile" in sys.argv:
        target = sys.argv[sys.argv.index("--profile") + 1]
        workspace = large if "--n" in sys.argv else real
        profile(target, clients[workspace], workspace, anonymous)
        return
    bare_member = clients[real]

    def bare_signed_in():
        return ok(bare_member, "/bench/bare-member/")

    rows = []
    for name, path_of in MEMBER_PAGES:
        path = path_of(real)
        page, bare = alternating(lambda p=path: ok(clients[real], p), bare_signed_in)
        rows.append(
            (
                name,
                page,
                bare,
                queries(clients[small], path_of(small)),
                queries(clients[large], path_of(large)),
                2.0,
            )
        )
    autosave = Autosave(clients[real], real.question)
    page, bare = alternating(autosave, bare_signed_in)
    counts = []
    for w in (small, large):
        save = Autosave(clients[w], w.question)
        save()
        with CaptureQueriesContext(connection) as captured:
            save()
        counts.append(len(captured))
    rows.append(("autosave (POST)", page, bare, *counts, 2.0))

    public = []
    for name, path, goal in PUBLIC_PAGES:
        page, bare = alternating(
            lambda p=path: ok(anonymous, p), lambda: ok(anonymous, "/bench/bare/")
        )
        public.append((name, page, bare, queries(anonymous, path), goal))
    _, bare_anonymous = alternating(lambda: None, lambda: ok(anonymous, "/bench/bare/"))
    bare_member_ms, _ = alternating(bare_signed_in, lambda: None)

    counter = iter(range(1, 10_000_000))
    home, _ = alternating(lambda: ok(clients[real], "/home/"), lambda: None)
    sign_ins = [sign_in(HOST, counter) for _ in range(max(5, ROUNDS // 4))]
    signin = statistics.median(sign_ins)

    editor_small = len(ok(clients[large], f"/coverletters/{large.letter.pk}/").content)
    answers = sum(len(q.answer.encode()) for q in large.letter.questions.all())

    print(
        f"pages (issue 16): CPU time per request, median of {ROUNDS} alternating pairs; "
        f"PostgreSQL, pool, DEBUG off"
    )
    print(f"bare view, anonymous            {bare_anonymous:7.2f} ms")
    print(
        f"bare view behind member_required {bare_member_ms:6.2f} ms "
        f"({bare_member_ms / bare_anonymous:.2f}x the anonymous one)"
    )
    print()
    print(f"{'member page':28s} {'ms':>7s} {'ratio':>6s} {'goal':>5s}  queries N=1  N=50")
    for name, page, bare, q1, q50, goal in rows:
        flag = "" if page / bare <= goal else "  over"
        print(f"{name:28s} {page:7.2f} {page / bare:5.2f}x {goal:4.1f}x  {q1:11d} {q50:5d}{flag}")
    print()
    print(f"{'public page':28s} {'ms':>7s} {'ratio':>6s} {'goal':>5s}  queries")
    for name, page, bare, q, goal in public:
        flag = "" if page / bare <= goal else "  over"
        print(f"{name:28s} {page:7.2f} {page / bare:5.2f}x {goal:4.1f}x  {q:7d}{flag}")
    print()
    print(
        f"sign-in, new member (6 requests, Kakao's side excluded): {signin:.2f} ms = "
        f"{signin / home:.2f}x the member home ({home:.2f} ms); goal 5x"
    )
    print(
        f"editor with 50 questions of 1,000 characters: {editor_small / 1024:.0f} KB of HTML, "
        f"of which the answers' own text {answers / 1024:.0f} KB and the rest "
        f"{(editor_small - answers) / 1024:.0f} KB; goal 150 KB"
    )
    print(f"({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()

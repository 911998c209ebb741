"""Growth benchmark: the data download ZIP and the admin's member lists at two sizes.

Issue 10, "Growth": the ZIP made a query per row (28 for a member with 1 item, 2,527 with 50)
and every loaded encrypted row fetched its member's data key even when no encrypted field was
shown (113 queries for the admin member list of 100 rows). This reports, for each path, the
number of queries and the time at a small and a large size, as ratios to a baseline measured in
the same run (GET of the static privacy policy page), so a reader sees whether a path grows:
- 개인정보 다운로드 (POST /privacy/me/download/) for a member with 1 item and with 50 items.
  An item is one of each thing a member writes: an experience, a 학력 and a 경력, a cover letter
  with two questions (each linked to an experience, each with an answer version), an
  application (with its snapshots) and an offer;
- the admin lists of accounts (/admin/accounts/user/) and experiences
  (/admin/experiences/experience/) with 10 and 100 rows, each row another member's.

Sizes alternate within each measurement (bench/run.py's timed_pair) so the shared machine's
drift hits both alike. Every request goes through the whole middleware stack (test client), so
the data-key cache is scoped per request exactly as in production.

PostgreSQL: BENCH_EXPORT_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/
lifemento_bench_export, dropped and created afresh, so its name must start with
"lifemento_bench"). When PostgreSQL is not reachable it runs on a throwaway SQLite
database and says so. DATABASE_URL is ignored.

    .venv/bin/python bench/growth_export.py     # about a minute; BENCH_ROUNDS=20 by default
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import support
from support import designated_officer, postgres_bench_database

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATABASE_URL = os.environ.get(
    "BENCH_EXPORT_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/lifemento_bench_export"
)
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "20"))
SMALL_ITEMS, LARGE_ITEMS = 1, 50
SMALL_ROWS, LARGE_ROWS = 10, 100


def postgres_ready() -> bool:
    """True when the bench database can be used; created afresh (the access log refuses
    TRUNCATE, so the database is dropped rather than flushed)."""
    try:
        return (
            postgres_bench_database(DATABASE_URL, "BENCH_EXPORT_DATABASE_URL", fresh=True) is None
        )
    except ImportError:
        return False


_tmp = tempfile.TemporaryDirectory()
ON_POSTGRES = postgres_ready()
os.environ["DATABASE_URL"] = (
    DATABASE_URL if ON_POSTGRES else f"sqlite:///{_tmp.name}/bench-export.sqlite3"
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lifemento.settings")
os.environ.setdefault("KAKAO_FAKE", "true")
# Served in-process by the test client: no broker, tasks eager.
os.environ["REDIS_URL"] = ""

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

ANSWER = ("저는 물류 인턴으로 일하며 재고 관리 방식을 바꿨습니다. " * 20)[:600]


def make_member(i: int):
    from accounts.models import Role, User, new_member_username
    from privacy.consents.services import consents_record_signup

    member = User.objects.create_user(
        new_member_username(),
        role=Role.MEMBER,
        name=f"김지원{i}",
        phone=f"010-{i // 10000 % 10000:04d}-{i % 10000:04d}",
    )
    consents_record_signup(member=member, optional={})
    return member


def add_items(member, count: int, tag: str) -> None:
    from coverletters.models import AnswerVersion, CoverLetter, Question
    from experiences.models import Experience
    from profiles.models import Career, Education, Profile
    from recruiting.models import Application, Company, Offer, Posting

    profile = Profile.objects.create(
        member=member, name="김지원", desired_job="마케팅", situation="첫 취업 준비 중이에요."
    )
    company = Company.objects.create(name=f"라이프전자 {tag}")
    for i in range(count):
        Education.objects.create(
            profile=profile, school=f"한국대학교 {i}", major="경영학", status="graduated"
        )
        Career.objects.create(
            profile=profile, company=f"라이프물류 {i}", role="인턴", description=ANSWER
        )
        experience = Experience.objects.create(
            member=member,
            title=f"재고 관리 자동화 {i}",
            kind="intern",
            summary="엑셀 매크로로 재고 관리를 바꿨어요",
            details=ANSWER,
            star_situation=ANSWER[:200],
            star_action=ANSWER[:200],
            tags=["문제해결", "협업"],
        )
        letter = CoverLetter.objects.create(
            member=member, title=f"라이프전자 공채 {i}", job_title="마케팅", duties=ANSWER
        )
        for position in range(2):
            question = Question.objects.create(
                cover_letter=letter, position=position, prompt="지원 동기", answer=ANSWER
            )
            question.experiences.add(experience)
            AnswerVersion.objects.create(
                question=question, text=ANSWER, revision=1, reason="autosave"
            )
        posting = Posting.objects.create(company=company, title=f"공채 {i}", job="마케팅")
        Application.objects.create(
            member=member,
            posting=posting,
            letter_snapshot={"title": letter.title, "questions": [{"answer": ANSWER}]},
            profile_snapshot={"name": "김지원", "desired_job": "마케팅"},
        )
        Offer.objects.create(member=member, company=company, message=ANSWER)


def populate():
    from experiences.models import Experience

    small = make_member(1)
    add_items(small, SMALL_ITEMS, "small")
    large = make_member(2)
    add_items(large, LARGE_ITEMS, "large")
    # Other members for the admin lists: one experience each.
    others = []
    for i in range(LARGE_ROWS):
        other = make_member(100 + i)
        Experience.objects.create(member=other, title=f"경험 {i}", kind="project")
        others.append(other)
    staff = designated_officer("bench-root", "bench-root-password-1")
    return small, large, others, staff


def queries(fn) -> int:
    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured)


def timed(fn) -> float:
    fn()
    samples = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def timed_pair(a, b, rounds: int = ROUNDS) -> tuple[float, float]:
    return support.timed_pair(a, b, rounds)


def get_ok(client: Client, url: str, data=None):
    def call():
        response = client.get(url, data)
        assert response.status_code == 200, (url, response.status_code)
        assert b"errornote" not in response.content, url

    return call


def download(client: Client):
    def call():
        response = client.post("/privacy/me/download/")
        assert response.status_code == 200, response.status_code
        assert response["Content-Type"] == "application/zip"

    return call


def main() -> None:
    call_command("migrate", verbosity=0)
    from experiences.models import Experience

    small, large, others, staff = populate()

    clients = {}
    for key, user in (("small", small), ("large", large), ("staff", staff)):
        clients[key] = Client(HTTP_HOST="127.0.0.1")
        clients[key].force_login(user)
    anonymous = Client(HTTP_HOST="127.0.0.1")
    admin = "/" + settings.ADMIN_URL

    paths = [
        (
            f"개인정보 다운로드 ZIP ({SMALL_ITEMS} vs {LARGE_ITEMS} items)",
            download(clients["small"]),
            download(clients["large"]),
        ),
    ]
    # Both sizes through the same filter (a local field lookup the admin allows), each row
    # another member's: what a page of a list the size of the member base costs.
    accounts = [m.pk for m in others]
    experiences = [e.pk for e in Experience.objects.filter(member__in=others).order_by("pk")]
    for label, url, ids in (
        ("admin accounts list", f"{admin}accounts/user/", accounts),
        ("admin experiences list", f"{admin}experiences/experience/", experiences),
    ):
        small_ids, large_ids = ids[:SMALL_ROWS], ids[:LARGE_ROWS]
        paths.append(
            (
                f"{label} ({SMALL_ROWS} vs {LARGE_ROWS} rows)",
                get_ok(clients["staff"], url, data={"id__in": ",".join(map(str, small_ids))}),
                get_ok(clients["staff"], url, data={"id__in": ",".join(map(str, large_ids))}),
            )
        )

    baseline = timed(get_ok(anonymous, "/privacy/policy/"))
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"database: {engine}; rounds: {ROUNDS}; median of each; sizes alternate")
    print(f"{'baseline: GET /privacy/policy/':52s} {baseline * 1000:8.2f} ms  1.00x")
    print(f"{'path':52s} {'queries':>13s} {'small':>17s} {'large':>17s} {'large/small':>11s}")
    for label, small_call, large_call in paths:
        q_small, q_large = queries(small_call), queries(large_call)
        t_small, t_large = timed_pair(small_call, large_call)
        print(
            f"{label:52s} {q_small:5d} → {q_large:5d} "
            f"{t_small * 1000:8.1f} ms {t_small / baseline:5.1f}x "
            f"{t_large * 1000:8.1f} ms {t_large / baseline:5.1f}x "
            f"{t_large / t_small:10.2f}x"
        )
    if not ON_POSTGRES:
        print("PostgreSQL not reachable: measured on SQLite.")


if __name__ == "__main__":
    main()

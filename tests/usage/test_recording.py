"""서비스 이용기록: recorded only with the member's statistics-cookie consent, as URL names."""

import datetime

from django.utils import timezone

from privacy.notices.services import cookie_choice_record
from privacy.withdrawal.runner import member_withdraw
from tests.conftest import make_staff
from tests.coverletters.conftest import make_letter
from usage.models import UsageEvent

GALAXY = (
    "Mozilla/5.0 (Linux; Android 14; SM-S918N Build/UP1A.231005.007; wv) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Version/4.0 Chrome/120.0.6099.193 Mobile Safari/537.36 KAKAOTALK 10.4.5"
)


def allow_statistics(member, allowed=True):
    cookie_choice_record(member=member, statistics=allowed, marketing=False)


def test_member_use_is_recorded_with_statistics_consent(client, member):
    allow_statistics(member)
    client.force_login(member)

    assert client.get("/home/", headers={"user-agent": GALAXY}).status_code == 200

    event = UsageEvent.objects.get()
    assert (event.member_id, event.page, event.method) == (member.pk, "home:home", "GET")
    assert (event.os, event.device) == ("Android 14", "SM-S918N")
    assert event.withdrawn_at is None


def test_nothing_is_recorded_without_statistics_consent(client, member):
    client.force_login(member)
    client.get("/home/")
    allow_statistics(member, allowed=False)
    client.get("/home/")

    assert not UsageEvent.objects.exists()


def test_visitors_are_never_recorded_even_with_the_statistics_cookie(client, db):
    client.post("/notices/cookies/choice/", {"choice": "all"})
    client.get("/")

    assert not UsageEvent.objects.exists()


def test_staff_are_never_recorded(client, db):
    admin = make_staff("boss", "boss-password-123", superuser=True)
    client.force_login(admin)
    client.get("/admin/")
    client.get("/home/")

    assert not UsageEvent.objects.exists()


def test_recorded_page_has_no_ids_or_query_strings(client, member):
    letter = make_letter(member)
    allow_statistics(member)
    client.force_login(member)

    assert client.get(f"/coverletters/{letter.pk}/?tab=secret&q=삼성").status_code == 200

    assert list(UsageEvent.objects.values_list("page", flat=True)) == ["coverletters:detail"]
    row = UsageEvent.objects.values().get()
    stored = " ".join(str(v) for v in row.values())
    assert "secret" not in stored and "삼성" not in stored and "?" not in stored


def test_withdrawal_starts_the_records_clock_and_keeps_the_rows(client, member):
    allow_statistics(member)
    client.force_login(member)
    client.get("/home/")
    member_pk = member.pk

    member_withdraw(member=member)

    event = UsageEvent.objects.get()
    assert event.member_id == member_pk
    assert timezone.now() - event.withdrawn_at < datetime.timedelta(minutes=1)


def test_visits_recorded_before_the_home_app_count_as_the_same_pages(db):
    """The member home's URL name moved with it (core:home → home:home); usage migration 0002
    renames what was recorded before, so a page's statistics do not split in two."""
    import importlib

    from django.apps import apps

    renames = importlib.import_module("usage.migrations.0002_home_url_names")
    for page in ("core:home", "core:landing", "experiences:list"):
        UsageEvent.objects.create(member_id=1, page=page, method="GET")

    renames.forwards(apps, None)

    pages = sorted(UsageEvent.objects.values_list("page", flat=True))
    assert pages == ["experiences:list", "home:home", "home:landing"]

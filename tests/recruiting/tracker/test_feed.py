"""The private calendar feed: a phone's calendar reads it without a session, at a secret
address the member can replace or revoke; it carries company, role and time, nothing else."""

import datetime

import icalendar
import pytest
from django.utils import timezone

from recruiting.tracker.feed import feed_create
from recruiting.tracker.models import CalendarFeed
from tests.coverletters.conftest import make_letter
from tests.recruiting.tracker.conftest import make_outside

pytestmark = pytest.mark.django_db


def feed_path(token: str) -> str:
    return f"/recruiting/calendar/feed/{token}.ics"


@pytest.fixture
def dated(member, letter):
    """A letter closing at 18:00, one closing on a day, and an outside interview."""
    today = timezone.localdate()
    timed = make_letter(
        member,
        title="비밀 제목 라이프전자 공채",
        job_title="마케팅",
        company="라이프전자",
        deadline=today + datetime.timedelta(days=3),
        deadline_time=datetime.time(18, 0),
    )
    question = timed.questions.create(position=1, prompt="지원 동기", answer="제 답변의 본문")
    allday = make_letter(
        member,
        title="종일 마감 자소서",
        job_title="재무",
        company="미래상사",
        deadline=today + datetime.timedelta(days=5),
    )
    outside = make_outside(
        member,
        company="한빛은행",
        role="디지털 기획",
        next_date=today + datetime.timedelta(days=4),
        next_time=datetime.time(10, 30),
        next_what="임원 면접 준비물 확인",
        memo="아무에게도 말하지 않은 메모",
    )
    return timed, allday, outside, question


def parse(response) -> icalendar.Calendar:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def events(calendar) -> dict[str, icalendar.Event]:
    return {str(e["summary"]): e for e in calendar.walk("VEVENT")}


def test_feed_needs_no_session_and_puts_times_in_seoul(client, member, dated):
    token = feed_create(member=member)
    calendar = parse(client.get(feed_path(token)))  # the client never signed in

    found = events(calendar)
    deadline = found["라이프전자 마케팅 마감"]
    start = deadline.decoded("dtstart")
    assert start.tzinfo is not None and str(deadline["dtstart"].params["TZID"]) == "Asia/Seoul"
    assert start.astimezone(datetime.UTC).time() == datetime.time(9, 0)  # 18:00 KST
    interview = found["한빛은행 디지털 기획 일정"]
    assert interview.decoded("dtstart").astimezone(datetime.UTC).time() == datetime.time(1, 30)
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Seoul"]
    # A deadline without a time is an all-day event.
    allday = found["미래상사 재무 마감"]
    assert type(allday.decoded("dtstart")) is datetime.date
    assert allday.decoded("dtend") - allday.decoded("dtstart") == datetime.timedelta(days=1)


def test_feed_carries_no_other_personal_data(client, member, dated):
    token = feed_create(member=member)
    text = client.get(feed_path(token)).content.decode()
    for secret in (
        "비밀 제목",
        "종일 마감 자소서",
        "제 답변의 본문",
        "지원 동기",
        "임원 면접 준비물",
        "아무에게도 말하지 않은 메모",
        member.name,
        member.phone,
        member.username,
    ):
        assert secret not in text, secret
    assert "X-WR-CALNAME:라이프멘토 지원 일정" in text


def test_uids_are_stable_between_fetches(client, member, dated):
    token = feed_create(member=member)
    first = {str(e["uid"]) for e in parse(client.get(feed_path(token))).walk("VEVENT")}
    second = {str(e["uid"]) for e in parse(client.get(feed_path(token))).walk("VEVENT")}
    timed, _allday, outside, _ = dated
    assert first == second
    assert f"coverletter-{timed.pk}-deadline@lifemento" in first
    assert f"outside-{outside.pk}-next@lifemento" in first


def test_wrong_or_revoked_secret_is_404(client, member, dated, caplog):
    old = feed_create(member=member)
    new = feed_create(member=member)  # a new address revokes the old
    assert CalendarFeed.objects.filter(member=member).count() == 1
    assert client.get(feed_path(old)).status_code == 404
    assert client.get(feed_path(new[:-1] + ("A" if new[-1] != "A" else "B"))).status_code == 404
    assert client.get(feed_path("x")).status_code == 404
    assert client.get(feed_path(new)).status_code == 200
    # Not even a 404 writes the secret into the logs (which do see other 404s).
    assert old not in caplog.text and "feed/" not in caplog.text
    client.get("/recruiting/calendar/no-such-page/")
    assert "Not Found: /recruiting/calendar/no-such-page/" in caplog.text

    client.force_login(member)
    client.post("/recruiting/calendar/feed/revoke/")
    client.logout()
    assert client.get(feed_path(new)).status_code == 404
    assert not CalendarFeed.objects.exists()


def test_only_a_hash_of_the_secret_is_stored(member):
    token = feed_create(member=member)
    stored = CalendarFeed.objects.get(member=member).token_hash
    assert token not in stored and len(stored) == 64


def test_the_page_shows_a_new_address_once(client, member):
    client.force_login(member)
    response = client.post("/recruiting/calendar/feed/")
    html = response.content.decode()
    assert response.status_code == 200 and "한 번만 보여 드려요" in html
    url = html.split('id="feed-url" type="text" readonly value="')[1].split('"')[0]
    assert url.startswith("http://testserver/recruiting/calendar/feed/") and url.endswith(".ics")
    client.logout()
    assert client.get(url.removeprefix("http://testserver")).status_code == 200
    client.force_login(member)
    again = client.get("/recruiting/calendar/").content.decode()
    assert "한 번만 보여 드려요" not in again and url not in again
    assert "새 주소 만들기" in again


def test_a_withdrawing_members_address_stops_at_once(client, member, dated):
    token = feed_create(member=member)
    member.withdrawn_at = timezone.now()
    member.save(update_fields=["withdrawn_at"])
    assert client.get(feed_path(token)).status_code == 404


def test_head_is_answered_like_get(client, member):
    token = feed_create(member=member)
    assert client.head(feed_path(token)).status_code == 200
    assert client.post(feed_path(token)).status_code == 405

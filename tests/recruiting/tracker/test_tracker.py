"""The tracker list and its forms: every application in one list, sortable and filterable,
outside ones added, changed and removed by the member, with Korean messages that keep what
was typed."""

import datetime

import pytest
from django.db import connection

from recruiting.models import ApplicationStatus
from recruiting.tracker.models import OutsideApplication, Stage
from tests.coverletters.conftest import make_letter
from tests.recruiting.tracker.conftest import make_outside

pytestmark = pytest.mark.django_db

TRACKER = "/recruiting/tracker/"


def page(client, url=TRACKER) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_outside_application_is_recorded_sealed_and_listed(client, member):
    letter = make_letter(member, title="한빛은행 자소서")
    client.force_login(member)
    response = client.post(
        "/recruiting/tracker/new/",
        {
            "company": "한빛은행",
            "role": "디지털 기획",
            "stage": "aptitude",
            "applied_on": "2026-11-20",
            "next_date": "2026-12-10",
            "next_time": "14:00",
            "next_what": "인적성 검사",
            "cover_letter": letter.pk,
            "memo": "온라인 응시",
        },
    )
    assert response.status_code == 302
    entry = OutsideApplication.objects.get(member=member)
    assert (entry.company, entry.stage, entry.cover_letter) == ("한빛은행", "aptitude", letter)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT company, role, memo FROM recruiting_outsideapplication WHERE id = %s",
            [entry.pk],
        )
        stored = " ".join(str(v) for v in cursor.fetchone())
    assert "한빛은행" not in stored and "온라인 응시" not in stored
    html = page(client)
    assert "한빛은행" in html and "인적성 검사" in html and "14:00" in html
    assert "한빛은행 자소서" in html


def test_bad_input_gets_korean_messages_and_keeps_what_was_typed(client, member):
    client.force_login(member)
    response = client.post(
        "/recruiting/tracker/new/",
        {
            "company": "",
            "role": "디지털 기획",
            "stage": "nonsense",
            "next_time": "25:99",
            "next_what": "최종 면접",
            "memo": "꼭 기억할 메모",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "회사명을 입력해 주세요." in html
    assert "목록에 있는 항목을 골라 주세요." in html
    assert "시각을 14:00처럼 적어 주세요." in html
    assert "다음 일정의 날짜를 적어 주세요." in html
    assert "디지털 기획" in html and "꼭 기억할 메모" in html and "최종 면접" in html
    assert not OutsideApplication.objects.exists()


def test_a_time_without_a_date_is_refused(client, member):
    client.force_login(member)
    response = client.post(
        "/recruiting/tracker/new/",
        {"company": "가", "role": "나", "stage": "documents", "next_time": "10:00"},
    )
    assert "시각을 적으려면 다음 일정 날짜도 함께 적어 주세요." in response.content.decode()


def test_another_members_letter_cannot_be_linked(client, member, other_member):
    theirs = make_letter(other_member, title="남의 자소서")
    client.force_login(member)
    response = client.post(
        "/recruiting/tracker/new/",
        {"company": "가", "role": "나", "stage": "documents", "cover_letter": theirs.pk},
    )
    assert "목록에 있는 항목을 골라 주세요." in response.content.decode()
    assert "남의 자소서" not in response.content.decode()
    assert not OutsideApplication.objects.exists()


def test_edit_and_delete(client, member, outside):
    client.force_login(member)
    assert "한빛은행" in page(client, f"/recruiting/tracker/{outside.pk}/")
    response = client.post(
        f"/recruiting/tracker/{outside.pk}/",
        {"company": "한빛은행", "role": "IT 기획", "stage": "interview", "memo": ""},
    )
    assert response.status_code == 302
    outside.refresh_from_db()
    assert (outside.role, outside.stage, outside.next_date, outside.memo) == (
        "IT 기획",
        "interview",
        None,
        "",
    )
    assert "지울까요?" in page(client, f"/recruiting/tracker/{outside.pk}/delete/")
    client.post(f"/recruiting/tracker/{outside.pk}/delete/")
    assert not OutsideApplication.objects.exists()


def test_inline_stage_change_keeps_the_lists_sort_and_filter(client, member, outside):
    client.force_login(member)
    response = client.post(
        f"/recruiting/tracker/{outside.pk}/stage/",
        {"stage": "final", "sort": "company", "stage_filter": "x"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/recruiting/tracker/?sort=company"
    outside.refresh_from_db()
    assert outside.stage == Stage.FINAL
    html = page(client, TRACKER + "?stage=final&sort=company")
    assert 'name="in_stage" value="final"' in html and 'name="sort" value="company"' in html
    bad = client.post(f"/recruiting/tracker/{outside.pk}/stage/", {"stage": "hacked"}, follow=True)
    assert "진행 단계를 목록에서 골라 주세요." in bad.content.decode()
    outside.refresh_from_db()
    assert outside.stage == Stage.FINAL


def test_partner_applications_show_the_stage_staff_set(client, member, application):
    application.status = ApplicationStatus.DOCUMENTS_PASSED
    application.interview_at = datetime.datetime(2026, 12, 9, 1, 30, tzinfo=datetime.UTC)
    application.save()
    client.force_login(member)
    html = page(client)
    assert "라이프전자" in html and "서류 합격" in html
    assert "10:30" in html  # 01:30 UTC is 10:30 in Seoul
    assert (
        f"/recruiting/tracker/{application.pk}/stage/" not in html
    )  # staff move it, not the member


NAMES = ("가온전자", "나라상사", "다온제약", "라온물산")


def test_sort_filter_and_counts(client, member):
    make_outside(
        member, company="나라상사", stage=Stage.INTERVIEW, next_date=datetime.date(2026, 12, 20)
    )
    make_outside(
        member, company="가온전자", stage=Stage.DOCUMENTS, next_date=datetime.date(2026, 12, 25)
    )
    make_outside(
        member, company="다온제약", stage=Stage.PASSED, next_date=datetime.date(2026, 12, 5)
    )
    client.force_login(member)

    def order(url):
        html = page(client, url)
        cards = html.split('class="tracker-cards"')[1].split("</ul>")[0]
        return sorted((n for n in NAMES if n in cards), key=cards.index)

    assert order(TRACKER) == ["다온제약", "나라상사", "가온전자"]  # next date first
    assert order(TRACKER + "?sort=company") == ["가온전자", "나라상사", "다온제약"]
    assert order(TRACKER + "?sort=company&dir=desc") == ["다온제약", "나라상사", "가온전자"]
    make_outside(member, company="라온물산", stage=Stage.FINAL)  # no next date: always last
    assert order(TRACKER + "?dir=desc")[-1] == "라온물산"
    assert order(TRACKER + "?sort=stage") == ["가온전자", "나라상사", "라온물산", "다온제약"]
    filtered = page(client, TRACKER + "?stage=interview")
    assert "나라상사" in filtered and "가온전자" not in filtered
    # The counts cover every application, whatever the filter.
    assert (
        "전체 <b>4</b>" in filtered and "면접 <b>1</b>" in filtered and "합격 <b>1</b>" in filtered
    )


@pytest.mark.parametrize("url", [TRACKER, "/recruiting/calendar/?month=2026-12"])
def test_query_count_is_the_same_for_1_and_50_entries(
    client, member, django_assert_max_num_queries, url
):
    from django.test.utils import CaptureQueriesContext

    client.force_login(member)

    def add(n, start):
        for i in range(start, start + n):
            letter = make_letter(
                member,
                title=f"자소서 {i}",
                company=f"회사{i}",
                deadline=datetime.date(2026, 12, 1 + i % 28),
            )
            make_outside(
                member,
                company=f"회사{i}",
                next_date=datetime.date(2026, 12, 1 + i % 28),
                cover_letter=letter,
            )

    add(1, 0)
    client.get(url)  # warm the member's key cache like any later page
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    add(49, 1)
    with CaptureQueriesContext(connection) as fifty:
        html = client.get(url).content.decode()
    assert "회사49" in html
    assert len(fifty) == len(one), [q["sql"] for q in fifty.captured_queries]

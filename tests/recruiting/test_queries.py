"""The member's recruiting pages cost the same queries with 1 and with 50 of everything they
list (issue 16): postings, applications with their interviews, offers, applications recorded
by hand with their next dates and letters, and letters with deadlines (tests/workspace.py)."""

import datetime

import pytest
from django.utils import timezone

from recruiting.models import Application, Company, Offer, Posting
from recruiting.services import offer_send
from recruiting.tracker.models import OutsideApplication
from tests.workspace import workspace_member, workspace_of

pytestmark = pytest.mark.django_db

# Every member page: the session, the member, the unread notifications (base.html).
MEMBER_PAGE = 3


def _member_with(n: int):
    workspace = workspace_of(n, workspace_member("010-2846-1050", name="이서연"))
    member = workspace.member
    company = Company.objects.create(name="라이프전자", description="가전 회사")
    today = timezone.localdate()
    soon = timezone.now() + datetime.timedelta(hours=1)
    for i in range(n):
        posting = Posting.objects.create(
            company=company,
            title=f"2026 하반기 신입 {i + 1}",
            job="마케팅",
            description="브랜드 캠페인을 기획하고 운영해요. " * 20,
            deadline=today + datetime.timedelta(days=i % 20),
            deadline_time=datetime.time(18, 0) if i % 2 else None,
        )
        Application.objects.create(
            member=member,
            posting=posting,
            letter_snapshot={"title": "자소서", "job_title": "마케팅", "questions": []},
            profile_snapshot={"name": member.name},
            interview_at=soon + datetime.timedelta(minutes=i),
        )
        offer_send(offer=Offer(member=member, company=company, posting=posting, message="제안"))
        OutsideApplication.objects.create(
            member=member,
            company=f"한빛은행 {i + 1}",
            role="디지털 기획",
            next_date=today,
            next_time=datetime.time(14, 0),
            next_what="1차 면접",
            memo="인사 담당자 이름은 박민지",
            cover_letter=workspace.letters[i],
        )
    return member


@pytest.mark.parametrize("n", [1, 50])
@pytest.mark.parametrize(
    ("path", "queries", "row", "per_item"),
    [
        ("/recruiting/postings/", MEMBER_PAGE + 1, 'href="/recruiting/postings/', 1),
        ("/recruiting/applications/", MEMBER_PAGE + 1, 'href="/recruiting/applications/', 1),
        # The offers' messages are sealed under the member's key: its data key once.
        ("/recruiting/offers/", MEMBER_PAGE + 2, 'id="offer-', 1),
        # Partner applications, and those recorded by hand (sealed: the data key); each row
        # as a card and as a table row.
        ("/recruiting/tracker/", MEMBER_PAGE + 3, 'data-row="', 4),
        # Deadlines, the data key, interviews, recorded next dates, the feed's existence;
        # today's interviews and recorded dates in the grid and in the agenda.
        ("/recruiting/calendar/", MEMBER_PAGE + 5, "한빛은행", 2),
    ],
)
def test_recruiting_page_queries_do_not_grow_with_the_rows(
    client, n, path, queries, row, per_item, django_assert_num_queries
):
    client.force_login(_member_with(n))
    client.get(path)  # the second visit, as every visit after the first one is
    with django_assert_num_queries(queries):
        page = client.get(path).content.decode()
    assert page.count(row) >= n * per_item

"""The member home's and the landing page's query counts, constant in the number of items
(issue 16): the same with 1 and with 50 of everything a member keeps."""

import datetime

import pytest
from django.utils import timezone

from coverletters.models import CoverLetter
from experiences.models import Experience
from home.selectors import _status_news, home_counts
from notifications.models import Notification
from recruiting.models import Application, ApplicationStatus, Company, Offer, OfferStatus
from recruiting.selectors import offers_waiting
from tests.recruiting.conftest import make_posting
from tests.workspace import workspace_member, workspace_of

pytestmark = pytest.mark.django_db

# The session, the member, the profile, the member's data key, every count in one statement,
# the recent letters, the unread notifications, the rights-notice badge.
HOME_QUERIES = 8


@pytest.mark.parametrize("n", [1, 50])
def test_member_home_queries_do_not_grow_with_the_workspace(client, n, django_assert_num_queries):
    workspace = workspace_of(n, workspace_member(f"010-2846-10{n:02d}"))
    client.force_login(workspace.member)
    client.get("/home/")

    with django_assert_num_queries(HOME_QUERIES):
        page = client.get("/home/").content.decode()

    assert f"<strong>{n}</strong><span>자기소개서</span>" in page
    assert f"<strong>{n}</strong><span>경험</span>" in page
    # The header counts every unread notification; the home lists the newest five.
    assert f'data-notifications-unread="{n}"' in page
    assert f'data-home-unread="{min(n, 5)}"' in page


def test_landing_runs_no_query(client, django_assert_num_queries):
    client.get("/")
    with django_assert_num_queries(0):
        assert client.get("/").status_code == 200


def test_the_counts_statement_counts_what_the_lists_show(member, other_member):
    """home_counts is SQL for speed; its conditions are those of the querysets the lists use."""
    company = Company.objects.create(name="미래상사")
    old = timezone.now() - datetime.timedelta(days=30)
    for who in (member, other_member):
        Experience.objects.create(member=who, title="인턴", kind="intern")
        CoverLetter.objects.create(member=who, title="자소서", job_title="마케팅")
        Offer.objects.create(member=who, company=company, message="제안")
        Offer.objects.create(
            member=who, company=company, message="제안", status=OfferStatus.DECLINED
        )
        postings = [make_posting(company, title=f"공고 {i}") for i in range(7)]
        for posting, status in zip(postings, ApplicationStatus.values, strict=False):
            Application.objects.create(
                member=who,
                posting=posting,
                status=status,
                letter_snapshot={},
                profile_snapshot={},
            )
        stale = Application.objects.create(
            member=who,
            posting=postings[-1],
            status=ApplicationStatus.HIRED,
            letter_snapshot={},
            profile_snapshot={},
        )
        Application.objects.filter(pk=stale.pk).update(updated_at=old)
        for i, read_at in enumerate((None, None, timezone.now())):
            Notification.objects.create(
                recipient=who, kind="t", text="알림", key=f"t:{who.pk}:{i}", read_at=read_at
            )

    counts = home_counts(member)

    assert counts.experiences == Experience.objects.filter(member=member).count() == 1
    assert counts.cover_letters == CoverLetter.objects.filter(member=member).count() == 1
    assert counts.offers_waiting == offers_waiting(member).count() == 1
    assert counts.status_news == _status_news(member).count() == 4
    assert counts.unread == 2

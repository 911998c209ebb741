"""Who may open the consultant's workspace, and when: the assigned consultant only, while the
member's grant, consent and processing allow it; every view is in the access log."""

import datetime

import pytest
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from consulting.catalog import ServiceKind
from consulting.feedback import comment_add
from consulting.models import Comment, Engagement, Rating
from privacy.accesslog.models import AccessLogEntry
from privacy.api import CONSULTANT_VIEW, sharing_withdraw_consent
from privacy.rights import steps
from privacy.rights.models import RightsKind
from privacy.sharing.models import SharingGrant
from tests.conftest import make_member
from tests.consulting.workspace_support import make_consultant, share, signed_in
from tests.privacy.rights_support import file_request, in_progress

pytestmark = pytest.mark.django_db


def _urls(shared, comment_pk: int) -> list[tuple[str, str, dict]]:
    """(method, url, data) of every workspace URL."""
    base = shared.url
    item = shared.questions[0].pk
    return [
        ("get", base, {}),
        ("post", f"{base}accept/", {}),
        ("post", f"{base}decline/", {}),
        ("post", f"{base}review/", {}),
        ("post", f"{base}sessions/", {"time_1": "2030-01-01T10:00", "minutes": "60"}),
        ("post", f"{base}questions/{item}/comments/", {"start": 0, "end": 2, "body": "의견"}),
        ("post", f"{base}comments/{comment_pk}/replies/", {"body": "답글"}),
        ("post", f"{base}deliver/", {"summary": "총평"}),
        ("get", f"{base}rating/", {}),
        ("post", f"{base}rating/", {"reply": "감사합니다"}),
    ]


@pytest.fixture
def setting(member, consultant):
    shared = share(member, consultant, state="in_review")
    comment = comment_add(
        shared.engagement,
        item=shared.questions[0],
        author=consultant,
        start=0,
        end=2,
        body="첫 의견",
        now=timezone.now(),
    )
    Rating.objects.create(engagement=shared.engagement, score=5, line="좋았어요")
    return shared, comment


def _unchanged(shared):
    engagement = Engagement.objects.get(pk=shared.engagement.pk)
    assert engagement.state == "in_review"
    assert Comment.objects.filter(engagement=engagement).count() == 1
    assert Rating.objects.get(engagement=engagement).replied_at is None


@pytest.mark.parametrize(
    "who", ["other_consultant", "deactivated", "other_member", "own_member", "staff", "anonymous"]
)
def test_only_the_assigned_consultant_gets_in(setting, who, member, consultant, staff):
    shared, comment = setting
    users = {
        "other_consultant": lambda: make_consultant(),
        "deactivated": lambda: consultant,
        "other_member": lambda: make_member("박민수", "010-1111-2222"),
        "own_member": lambda: member,
        "staff": lambda: staff,
        "anonymous": lambda: None,
    }
    user = users[who]()
    client = signed_in(user) if user is not None else None
    if who == "deactivated":
        User.objects.filter(pk=consultant.pk).update(is_active=False)
    if client is None:
        from django.test import Client

        client = Client()
    before = AccessLogEntry.objects.count()

    for method, url, data in _urls(shared, comment.pk):
        response = getattr(client, method)(url, data)
        if who in ("anonymous", "deactivated"):
            # Not signed in (an inactive account's session no longer authenticates).
            assert response.status_code == 302, (method, url)
            assert response["Location"].startswith("/consulting/login/"), (method, url)
        else:
            assert response.status_code in (403, 404), (who, method, url, response.status_code)
        assert "첫 의견" not in response.content.decode()

    _unchanged(shared)
    assert AccessLogEntry.objects.count() == before  # nobody was shown anything


def test_the_assigned_consultant_gets_in(setting, consultant):
    shared, _ = setting
    client = signed_in(consultant)

    assert client.get(shared.url).status_code == 200
    assert client.get(f"{shared.url}rating/").status_code == 200


def test_another_engagements_objects_are_refused(setting, consultant, other_member):
    shared, _ = setting
    # The same consultant works for another member too: that member's ids do not open here.
    theirs = share(other_member, consultant, state="in_review")
    their_comment = comment_add(
        theirs.engagement,
        item=theirs.questions[0],
        author=consultant,
        start=0,
        end=2,
        body="다른 회원 의견",
        now=timezone.now(),
    )
    client = signed_in(consultant)
    their_item = theirs.questions[0].pk

    response = client.post(
        f"{shared.url}questions/{their_item}/comments/", {"start": 0, "end": 2, "body": "x"}
    )
    assert response.status_code == 404
    response = client.post(f"{shared.url}comments/{their_comment.pk}/replies/", {"body": "x"})
    assert response.status_code == 404
    assert Comment.objects.filter(engagement=shared.engagement).count() == 1
    assert Comment.objects.filter(engagement=theirs.engagement).count() == 1
    # A letter's heading or a profile item of this very snapshot is not a question either.
    heading = shared.snapshot.items.get(kind="cover_letter").pk
    response = client.post(
        f"{shared.url}questions/{heading}/comments/", {"start": 0, "end": 2, "body": "x"}
    )
    assert response.status_code == 404


def test_another_consultants_engagement_id_is_not_found(member, consultant, other_member):
    other = make_consultant()
    theirs = share(other_member, other, state="in_review")

    response = signed_in(consultant).get(theirs.url)

    assert response.status_code == 404
    assert "지원 동기 1" not in response.content.decode()


def test_withdrawn_consent_ends_access_with_a_korean_message(setting, consultant):
    shared, _ = setting
    client = signed_in(consultant)
    assert client.get(shared.url).status_code == 200

    sharing_withdraw_consent(shared.snapshot.grant_id)

    response = client.get(shared.url)
    assert response.status_code == 404
    page = response.content.decode()
    assert "회원이 공유한 정보가 없거나 공유 기간이 끝났어요" in page
    assert "지원 동기 1" not in page
    # Writes stop too.
    response = client.post(f"{shared.url}deliver/", {"summary": "총평"})
    assert response.status_code == 404
    assert Engagement.objects.get(pk=shared.engagement.pk).state == "in_review"


@pytest.mark.parametrize("kind", ["suspension", "correction"])
def test_a_processing_hold_blocks_and_lifting_it_restores(setting, consultant, member, kind):
    shared, _ = setting
    client = signed_in(consultant)
    if kind == "suspension":
        request = in_progress(
            member,
            RightsKind.SUSPENSION,
            now=timezone.now(),
            suspend_purposes=[CONSULTANT_VIEW],
        )
    else:
        request = file_request(member, RightsKind.CORRECTION, now=timezone.now())

    response = client.get(shared.url)
    assert response.status_code == 404
    assert "지금은 이 회원의 정보를 볼 수 없어요" in response.content.decode()
    assert "정정" not in response.content.decode()  # the member's request is not told
    response = client.post(
        f"{shared.url}questions/{shared.questions[0].pk}/comments/",
        {"start": 0, "end": 2, "body": "보류 중 의견"},
    )
    assert response.status_code == 404
    assert client.get(f"{shared.url}rating/").status_code == 404

    steps.rights_request_refuse(request=request, actor=None, grounds="사유", objection="방법")

    assert client.get(shared.url).status_code == 200
    assert Comment.objects.filter(engagement=shared.engagement).count() == 1


def test_a_withdrawn_member_ends_access(setting, consultant, member):
    shared, _ = setting
    User.objects.filter(pk=member.pk).update(withdrawn_at=timezone.now())

    response = signed_in(consultant).get(shared.url)

    assert response.status_code == 404


def test_an_ended_engagement_is_refused_with_its_reason(member, consultant):
    shared = share(member, consultant)
    client = signed_in(consultant)
    client.post(f"{shared.url}decline/")

    response = client.get(shared.url)

    assert response.status_code == 404
    assert "거절한 요청이에요" in response.content.decode()


def test_each_view_is_in_the_access_log(setting, consultant, member):
    shared, comment = setting
    client = signed_in(consultant)
    before = AccessLogEntry.objects.count()

    client.get(shared.url)
    client.post(f"{shared.url}comments/{comment.pk}/replies/", {"body": "답글이에요"})

    entries = list(AccessLogEntry.objects.order_by("seq")[before:])
    assert len(entries) == 2  # the page, and the reply's check (the redirect's GET not followed)
    for entry in entries:
        assert entry.actor_id == consultant.pk
        assert entry.subjects == f",{member.pk},"
        assert entry.target_id == str(shared.snapshot.grant_id)
        assert "consulting.snapshot" in entry.detail["shown"]


def test_a_new_engagement_with_the_same_member_does_not_open_the_old_one(member, consultant):
    first = share(member, consultant, service=ServiceKind.CAREER_COACHING)
    client = signed_in(consultant)
    client.post(f"{first.url}decline/")
    second = share(member, consultant)

    assert client.get(second.url).status_code == 200
    assert client.get(first.url).status_code == 404


def test_an_expired_grant_ends_access(setting, consultant):
    shared, _ = setting
    # The grant's access period ends a moment after it began (its constraint wants it after).
    SharingGrant.objects.filter(pk=shared.snapshot.grant_id).update(
        expires_at=F("granted_at") + datetime.timedelta(microseconds=1)
    )

    response = signed_in(consultant).get(shared.url)

    assert response.status_code == 404
    assert "공유 기간이 끝났어요" in response.content.decode()

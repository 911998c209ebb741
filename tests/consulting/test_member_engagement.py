"""The member's engagement page and what it lets them do, by state: cancel, stop sharing
(withdraw the consent), share again under a new consent, confirm a 모의면접 time, ask for a
revision, close, rate once. Only the engagement's member sees any of it."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consulting.catalog import ServiceKind
from consulting.models import (
    Delivery,
    Engagement,
    EngagementState,
    Rating,
    SessionProposal,
    Snapshot,
)
from consulting.services import (
    engagement_accept,
    engagement_deliver,
    engagement_start_review,
)
from consulting.snapshots import Selection
from experiences.models import Experience
from notifications.models import Notification
from privacy.api import CONSULTANT_VIEW, Actor, SharingPurpose, SharingRefused, shared_view
from privacy.consents.models import ConsentRecord
from privacy.rights.models import RightsKind
from tests.conftest import make_member
from tests.consulting.member_support import (
    make_consultant,
    make_workspace,
    request_directly,
    shown_digest,
    shown_notice,
)
from tests.privacy.rights_support import in_progress

pytestmark = pytest.mark.django_db
S = EngagementState


@pytest.fixture
def profile(db):
    return make_consultant("cons-a", "이서연", jobs=["planning"])


@pytest.fixture
def workspace(member):
    return make_workspace(member)


@pytest.fixture
def engagement(member, profile, workspace):
    letter, _ = workspace
    return request_directly(
        member, profile, Selection(profile=("이름",), cover_letters=(letter.pk,))
    )


def _deliver(engagement, summary="전체적으로 좋아요. 두 번째 문단을 줄여 보세요."):
    now = timezone.now()
    engagement_accept(engagement, now=now)
    engagement_start_review(engagement, now=now)
    Delivery.objects.create(engagement=engagement, round=1, summary=summary)
    engagement_deliver(engagement, now=now)
    engagement.refresh_from_db()
    return engagement


def _view(profile, member):
    return shared_view(
        viewer=profile.consultant,
        member=member,
        request_or_actor=Actor(account_id=profile.consultant_id, role="consultant", ip="::1"),
        purpose=SharingPurpose.CONSULTANT,
    )


def test_the_page_shows_state_due_time_what_was_shared_and_the_summaries(
    client, member, profile, engagement
):
    client.force_login(member)
    page = client.get(f"/consulting/my/{engagement.pk}/").content.decode()
    assert "자기소개서 첨삭" in page and "요청됨" in page
    assert f'href="/consulting/my/consultants/{profile.pk}/"' in page
    assert "수락하면 정해져요" in page
    assert 'data-snapshot="1"' in page and "1차 공유" in page
    assert "이름: 김지원" not in page  # titles, not values: 이름's row is titled by its label
    assert "자기소개서: 한빛은행 2026 하반기" in page and "문항: 지원 동기" in page
    assert "교내 창업 동아리" not in page  # not shared
    assert "요청 취소하기" in page and "공유 중단(동의 철회)" in page
    assert "평가 남기기" not in page and "컨설팅 끝내기" not in page

    _deliver(engagement)
    page = client.get(f"/consulting/my/{engagement.pk}/").content.decode()
    assert "피드백 전달" in page
    assert "1회차 총평" in page and "두 번째 문단을 줄여 보세요" in page
    assert "기한" in page and "까지" in page
    assert "수정 요청하기" in page and "컨설팅 끝내기" in page and "평가 남기기" in page
    assert "요청 취소하기" not in page


def test_the_home_lists_engagements_with_state_and_next_step(client, member, engagement):
    client.force_login(member)
    page = client.get("/consulting/my/").content.decode()
    assert f'data-engagement="{engagement.pk}"' in page
    assert "자기소개서 첨삭 · 이서연 컨설턴트" in page
    assert "요청됨" in page and "컨설턴트가 요청을 확인하고 있어요" in page
    assert "컨설팅 받기" in page
    assert 'href="/consulting/my/"' in client.get("/home/").content.decode()


def test_open_engagements_come_first_then_the_most_recently_ended(
    client, member, profile, engagement
):
    ended = Engagement.objects.create(
        member=member,
        consultant=profile.consultant,
        service=ServiceKind.CAREER_COACHING,
        state=S.CLOSED,
        ended_at=timezone.now(),
    )
    client.force_login(member)
    page = client.get("/consulting/my/").content.decode()
    assert page.index(f'data-engagement="{engagement.pk}"') < page.index(
        f'data-engagement="{ended.pk}"'
    )


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_home_runs_the_same_queries_for_1_and_50_engagements(client, member, engagement):
    client.force_login(member)
    one = _queries(client, "/consulting/my/")
    for i in range(49):
        Engagement.objects.create(
            member=member,
            consultant=engagement.consultant,
            service=ServiceKind.CAREER_COACHING,
            state=S.CLOSED,
            request_note=f"요청 {i}",
        )
    assert _queries(client, "/consulting/my/") == one


def test_another_members_engagement_is_404_on_every_url(
    client, member, other_member, consultant, staff, engagement
):
    urls = [
        f"/consulting/my/{engagement.pk}/{tail}"
        for tail in (
            "",
            "cancel/",
            "stop-sharing/",
            "revision/",
            "close/",
            "rate/",
            "share/",
            "share/consent/",
        )
    ]
    client.force_login(other_member)
    for url in urls:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"score": 5}).status_code == 404, url
    assert client.post(f"/consulting/my/{engagement.pk}/schedule/").status_code == 404
    for user in (consultant, staff, engagement.consultant):
        client.force_login(user)
        assert client.get(urls[0]).status_code == 403
        assert client.get("/consulting/my/").status_code == 403
    client.logout()
    response = client.get(urls[0])
    assert response.status_code == 302 and "next=" in response["Location"]
    engagement.refresh_from_db()
    assert engagement.state == S.REQUESTED
    assert not Rating.objects.exists()


def test_stopping_the_sharing_withdraws_the_consent_and_the_consultant_is_refused(
    client, member, profile, engagement
):
    client.force_login(member)
    assert _view(profile, member)
    page = client.get(f"/consulting/my/{engagement.pk}/stop-sharing/").content.decode()
    assert "동의 철회" in page
    response = client.post(f"/consulting/my/{engagement.pk}/stop-sharing/", follow=True)
    assert "공유를 중단했어요" in response.content.decode()
    with pytest.raises(SharingRefused):
        _view(profile, member)
    withdrawal = ConsentRecord.objects.get(member=member, channel="provision", granted=False)
    assert withdrawal.grant_ref == engagement.snapshots.get().grant_id
    engagement.refresh_from_db()
    assert engagement.state == S.REQUESTED  # the engagement itself goes on
    assert "공유 중단(동의 철회)" not in response.content.decode()


def test_sharing_again_takes_a_new_snapshot_under_a_new_consent(
    client, member, profile, engagement, workspace
):
    _, experience = workspace
    client.force_login(member)
    client.post(f"/consulting/my/{engagement.pk}/stop-sharing/")
    page = client.get(f"/consulting/my/{engagement.pk}/share/").content.decode()
    assert 'type="checkbox"' in page and " checked" not in page
    response = client.post(
        f"/consulting/my/{engagement.pk}/share/", {"experiences": [str(experience.pk)]}
    )
    assert response["Location"] == f"/consulting/my/{engagement.pk}/share/consent/"
    page = client.get(response["Location"]).content.decode()
    shown = shown_notice(page)
    # The request note travels with what is shared, and the screen says so.
    assert shown["items"] == ["요청 내용 (직접 쓴 메모)", "경험: 교내 창업 동아리"]
    assert "동의하고 공유하기" in page

    client.post(
        f"/consulting/my/{engagement.pk}/share/consent/",
        {"notice_digest": "f" * 64, "agree": "1"},
    )
    assert Snapshot.objects.filter(engagement=engagement).count() == 1
    client.post(
        f"/consulting/my/{engagement.pk}/share/consent/",
        {"notice_digest": shown_digest(page), "agree": "1"},
    )
    second = Snapshot.objects.get(engagement=engagement, number=2)
    record = ConsentRecord.objects.get(grant_ref=second.grant_id, granted=True)
    assert {k: v for k, v in record.details.items() if k != "grant"} == shown
    (copy,) = _view(profile, member).records
    assert [child.get("title") for child in copy.children] == ["요청 내용", "교내 창업 동아리"]
    assert Notification.objects.filter(key=f"consulting.reshared:{second.pk}").exists()
    page = client.get(f"/consulting/my/{engagement.pk}/").content.decode()
    assert 'data-snapshot="2"' in page and 'data-snapshot="1"' in page


def test_refusing_to_share_again_changes_nothing(client, member, profile, engagement, workspace):
    _, experience = workspace
    client.force_login(member)
    client.post(f"/consulting/my/{engagement.pk}/share/", {"experiences": [str(experience.pk)]})
    response = client.post(
        f"/consulting/my/{engagement.pk}/share/consent/", {"refuse": "1"}, follow=True
    )
    assert "다른 기능은 그대로 쓸 수 있어요" in response.content.decode()
    assert Snapshot.objects.filter(engagement=engagement).count() == 1
    assert _view(profile, member)  # the first sharing is untouched


def test_cancelling_ends_the_consultants_access(client, member, profile, engagement):
    client.force_login(member)
    response = client.post(f"/consulting/my/{engagement.pk}/cancel/", follow=True)
    assert "요청을 취소했어요" in response.content.decode()
    engagement.refresh_from_db()
    assert engagement.state == S.CANCELLED
    with pytest.raises(SharingRefused):
        _view(profile, member)
    assert Notification.objects.filter(key=f"consulting.cancelled:{engagement.pk}").exists()
    # Nothing more can be done with it.
    response = client.post(f"/consulting/my/{engagement.pk}/cancel/", follow=True)
    assert "지금 상태에서는 할 수 없는 일이에요" in response.content.decode()
    assert client.get(f"/consulting/my/{engagement.pk}/share/").status_code == 302


def test_a_revision_then_closing(client, member, profile, engagement):
    _deliver(engagement)
    client.force_login(member)
    client.post(f"/consulting/my/{engagement.pk}/revision/")
    engagement.refresh_from_db()
    assert engagement.state == S.REVISION and engagement.revisions_used == 1
    assert Notification.objects.filter(kind="consulting.revision_requested").count() == 1
    Delivery.objects.create(engagement=engagement, round=2, summary="수정본 좋아요")
    engagement_deliver(engagement, now=timezone.now())
    page = client.get(f"/consulting/my/{engagement.pk}/").content.decode()
    assert "수정 요청하기" not in page  # the one included round is used
    response = client.post(f"/consulting/my/{engagement.pk}/revision/", follow=True)
    assert "지금 상태에서는 할 수 없는 일이에요" in response.content.decode()
    client.post(f"/consulting/my/{engagement.pk}/close/")
    engagement.refresh_from_db()
    assert engagement.state == S.CLOSED
    with pytest.raises(SharingRefused):
        _view(profile, member)


def test_rating_once_after_delivery(client, member, profile, engagement):
    client.force_login(member)
    response = client.post(f"/consulting/my/{engagement.pk}/rate/", {"score": 5}, follow=True)
    assert "피드백을 받은 뒤에 평가할 수 있어요" in response.content.decode()
    assert not Rating.objects.exists()

    _deliver(engagement)
    page = client.get(f"/consulting/my/{engagement.pk}/rate/").content.decode()
    assert " checked" not in page
    response = client.post(f"/consulting/my/{engagement.pk}/rate/", {"line": "좋았어요"})
    assert "평점을 골라 주세요" in response.content.decode()
    assert "좋았어요" in response.content.decode()
    client.post(f"/consulting/my/{engagement.pk}/rate/", {"score": 4, "line": "꼼꼼했어요"})
    rating = Rating.objects.get(engagement=engagement)
    assert (rating.score, rating.line) == (4, "꼼꼼했어요")

    response = client.post(
        f"/consulting/my/{engagement.pk}/rate/", {"score": 1, "line": "다시"}, follow=True
    )
    assert "평가는 컨설팅마다 한 번만 남길 수 있어요" in response.content.decode()
    assert Rating.objects.get(engagement=engagement).score == 4
    assert client.get(f"/consulting/my/{engagement.pk}/rate/").status_code == 302
    card = client.get(f"/consulting/my/consultants/{profile.pk}/").content.decode()
    assert "꼼꼼했어요" in card


def test_a_mock_interview_time_is_confirmed_by_the_member(client, member, profile, workspace):
    engagement = request_directly(
        member, profile, Selection(profile=("이름",)), service=ServiceKind.MOCK_INTERVIEW
    )
    engagement_accept(engagement, now=timezone.now())
    soon = timezone.now() + datetime.timedelta(days=2)
    past = SessionProposal.objects.create(
        engagement=engagement, starts_at=timezone.now() - datetime.timedelta(hours=1)
    )
    first = SessionProposal.objects.create(engagement=engagement, starts_at=soon, where="줌")
    second = SessionProposal.objects.create(
        engagement=engagement, starts_at=soon + datetime.timedelta(days=1)
    )
    client.force_login(member)
    page = client.get(f"/consulting/my/{engagement.pk}/").content.decode()
    assert "면접 시간을 제안하면" in page
    assert f'value="{first.pk}"' in page and f'value="{second.pk}"' in page
    assert f'value="{past.pk}"' not in page
    assert " checked" not in page

    response = client.post(
        f"/consulting/my/{engagement.pk}/schedule/", {"proposal": past.pk}, follow=True
    )
    assert "이미 지난 시간이에요" in response.content.decode()
    client.post(f"/consulting/my/{engagement.pk}/schedule/", {"proposal": first.pk})
    engagement.refresh_from_db()
    first.refresh_from_db()
    assert engagement.state == S.SCHEDULED and first.confirmed_at is not None
    note = Notification.objects.get(kind="consulting.session_confirmed")
    assert note.recipient == profile.consultant
    response = client.post(
        f"/consulting/my/{engagement.pk}/schedule/", {"proposal": second.pk}, follow=True
    )
    second.refresh_from_db()
    assert second.confirmed_at is None


def test_someone_elses_proposal_cannot_be_confirmed(client, member, profile, workspace):
    other = make_member("최유나", "010-9999-1111")
    make_workspace(other)
    mine = request_directly(
        member, profile, Selection(profile=("이름",)), service=ServiceKind.MOCK_INTERVIEW
    )
    theirs = request_directly(
        other, profile, Selection(profile=("이름",)), service=ServiceKind.MOCK_INTERVIEW
    )
    for e in (mine, theirs):
        engagement_accept(e, now=timezone.now())
    their_time = SessionProposal.objects.create(
        engagement=theirs, starts_at=timezone.now() + datetime.timedelta(days=1)
    )
    client.force_login(member)
    client.post(f"/consulting/my/{mine.pk}/schedule/", {"proposal": their_time.pk})
    mine.refresh_from_db()
    their_time.refresh_from_db()
    assert mine.state == S.ACCEPTED and their_time.confirmed_at is None


def test_the_engagement_page_runs_the_same_queries_for_1_and_50_shared_items(
    client, member, profile, workspace
):
    _, experience = workspace
    one = request_directly(member, profile, Selection(experiences=(experience.pk,)))
    extra = [
        Experience.objects.create(member=member, title=f"경험 {i}", kind="club") for i in range(49)
    ]
    other = make_consultant("cons-b", "박도윤")
    many = request_directly(
        member, other, Selection(experiences=(experience.pk, *(e.pk for e in extra)))
    )
    for engagement in (one, many):
        Delivery.objects.create(engagement=engagement, round=1, summary="총평")
    client.force_login(member)
    assert _queries(client, f"/consulting/my/{one.pk}/") == _queries(
        client, f"/consulting/my/{many.pk}/"
    )
    assert "경험: 경험 48" in client.get(f"/consulting/my/{many.pk}/").content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/consulting/my/",
        "/consulting/my/services/",
        "/consulting/my/consultants/",
        "/consulting/my/request/",
        "/consulting/my/request/consultant/",
        "/consulting/my/request/share/",
        "/consulting/my/request/consent/",
        "/consulting/my/request/refused/",
    ],
)
def test_the_member_pages_are_for_members_only(client, member, consultant, staff, url):
    client.force_login(member)
    assert client.get(url).status_code in (200, 302)
    for user in (consultant, staff):
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/?next=")


def test_a_processing_hold_is_told_to_the_member_on_their_own_pages(
    client, member, profile, engagement
):
    """처리정지 of the consultant purpose: the consultant is refused (privacy's shared_view),
    and the member's pages say why the consultant cannot see what was shared."""

    client.force_login(member)
    assert "상태라서" not in client.get(f"/consulting/my/{engagement.pk}/").content.decode()
    in_progress(member, RightsKind.SUSPENSION, suspend_purposes=[CONSULTANT_VIEW])
    with pytest.raises(SharingRefused):
        _view(profile, member)
    page = client.get(f"/consulting/my/{engagement.pk}/").content.decode()
    assert "처리정지 요구" in page and "컨설턴트가 공유한 정보를 볼 수 없어요" in page

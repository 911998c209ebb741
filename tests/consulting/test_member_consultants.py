"""The services page and the consultants' public cards: only listed, active consultants;
ratings from delivered engagements only, never hidden ones; never the staff's credential
note; the list's queries do not grow with the number of consultants."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consulting.catalog import SERVICES
from consulting.models import EngagementState, Rating
from tests.conftest import make_member
from tests.consulting.conftest import make_engagement
from tests.consulting.member_support import CREDENTIAL, make_consultant

pytestmark = pytest.mark.django_db


def _rate(member, profile, score, line, *, state=EngagementState.DELIVERED, **fields):
    engagement = make_engagement(member, profile.consultant, state=state)
    return Rating.objects.create(engagement=engagement, score=score, line=line, **fields)


def test_services_page_states_turnaround_revisions_and_what_the_member_receives(client, member):
    client.force_login(member)
    page = client.get("/consulting/my/services/").content.decode()
    for service in SERVICES.values():
        assert service.label in page
        assert service.turnaround_text in page
        assert service.deliverable in page
    assert "1회" in page  # 자기소개서 첨삭's included revision


def test_a_card_shows_delivered_ratings_and_replies_never_the_credential_note(client, member):
    profile = make_consultant(
        "cons-a", "이서연", jobs=["planning", "marketing"], industries=["finance"]
    )
    raters = [make_member(f"회원{i}", f"010-5555-{1000 + i}") for i in range(5)]
    _rate(raters[0], profile, 5, "문장이 확 달라졌어요", reply="도움이 되어 기뻐요")
    _rate(raters[1], profile, 3, "무난했어요", state=EngagementState.CLOSED)
    _rate(raters[2], profile, 1, "숨긴 평가", hidden_at=timezone.now())
    _rate(raters[3], profile, 1, "진행 중 평가", state=EngagementState.REVISION)
    _rate(raters[4], profile, 1, "취소된 평가", state=EngagementState.CANCELLED)
    client.force_login(member)

    page = client.get(f"/consulting/my/consultants/{profile.pk}/").content.decode()
    assert "이서연" in page and "이서연의 한 줄 소개" in page and "대기업 인사팀 10년" in page
    assert "기획·전략" in page and "마케팅·광고" in page and "금융" in page
    assert "문장이 확 달라졌어요" in page and "도움이 되어 기뻐요" in page
    assert "무난했어요" in page
    for hidden in ("숨긴 평가", "진행 중 평가", "취소된 평가"):
        assert hidden not in page
    assert "평점 4.0 / 5 · 평가 2개" in page
    assert CREDENTIAL not in page
    assert "회원0" not in page  # the rater's name is never on the card

    listing = client.get("/consulting/my/consultants/").content.decode()
    assert "평점 4.0 / 5 · 평가 2개" in listing
    assert CREDENTIAL not in listing


def test_only_listed_active_consultants_are_shown(client, member):
    make_consultant("cons-a", "공개된")
    hidden = make_consultant("cons-h", "비공개", listed=False)
    gone = make_consultant("cons-g", "비활성", active=False)
    client.force_login(member)
    listing = client.get("/consulting/my/consultants/").content.decode()
    assert "공개된" in listing
    assert "비공개" not in listing and "비활성" not in listing
    for profile in (hidden, gone):
        assert client.get(f"/consulting/my/consultants/{profile.pk}/").status_code == 404


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_consultant_lists_run_the_same_queries_for_1_and_50(client, member):
    """The list page and the request's consultant step (which reads the same list)."""
    rater = make_member("평가자", "010-4444-0000")
    first = make_consultant("cons-0", "컨설턴트0", jobs=["data"])
    _rate(rater, first, 4, "좋아요")
    client.force_login(member)
    client.post("/consulting/my/request/", {"service": "career_coaching"})
    step = "/consulting/my/request/consultant/"
    one = _queries(client, "/consulting/my/consultants/"), _queries(client, step)
    for i in range(1, 50):
        profile = make_consultant(f"cons-{i}", f"컨설턴트{i}", jobs=["data"], industries=["it"])
        _rate(rater, profile, 5, "최고예요")
    fifty = _queries(client, "/consulting/my/consultants/"), _queries(client, step)
    assert fifty == one
    page = client.get("/consulting/my/consultants/").content.decode()
    assert page.count("소개 보기") == 50

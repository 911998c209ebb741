"""The member's request, page by page: service → consultant → what to share → the consent
screen of 개인정보 보호법 제17조 제2항, on its own, nothing pre-ticked; the ledger keeps exactly
what the screen showed, a changed notice is refused, and refusing leaves everything else
usable."""

import re

import pytest

from consulting.catalog import ServiceKind
from consulting.member.views.requesting import DRAFT
from consulting.models import Engagement, Snapshot
from consulting.snapshots import Selection
from coverletters.models import CoverLetter
from notifications.models import Notification
from privacy.api import SharingPurpose, shared_view
from privacy.consents.models import ConsentRecord
from privacy.sharing.models import SharingGrant
from tests.consulting.member_support import (
    make_consultant,
    make_workspace,
    request_directly,
    shown_digest,
    shown_notice,
    walk_to_consent,
)

pytestmark = pytest.mark.django_db

CHECKED = re.compile(r"<input[^>]*\bchecked\b")


@pytest.fixture
def setup(client, member, other_member):
    letter, experience = make_workspace(member)
    make_workspace(other_member)
    profile = make_consultant("cons-a", "이서연", jobs=["planning"], industries=["it"])
    client.force_login(member)
    return profile, letter, experience


def _selection(letter):
    return {"profile": ["이름", "희망 직무"], "cover_letters": [str(letter.pk)]}


def test_each_step_starts_with_nothing_ticked(client, setup):
    profile, letter, _ = setup
    for url in ("/consulting/my/request/",):
        page = client.get(url).content.decode()
        assert not CHECKED.search(page)
    client.post("/consulting/my/request/", {"service": ServiceKind.COVER_LETTER_REVIEW})
    page = client.get("/consulting/my/request/consultant/").content.decode()
    assert not CHECKED.search(page)
    client.post("/consulting/my/request/consultant/", {"consultant": str(profile.pk)})
    page = client.get("/consulting/my/request/share/").content.decode()
    assert "한빛은행 2026 하반기" in page and "교내 창업 동아리" in page
    assert 'name="profile" value="이름"' in page
    assert not CHECKED.search(page)

    consent = walk_to_consent(
        client,
        service=ServiceKind.COVER_LETTER_REVIEW,
        consultant=str(profile.pk),
        selection=_selection(letter),
    ).content.decode()
    assert not CHECKED.search(consent)
    assert "동의하고 요청하기" in consent and "동의하지 않아요" in consent
    # Nothing exists before the member agrees.
    assert not Engagement.objects.exists()
    assert not SharingGrant.objects.exists()


def test_agreeing_records_exactly_what_the_screen_showed(client, member, setup):
    profile, letter, _ = setup
    response = walk_to_consent(
        client,
        service=ServiceKind.COVER_LETTER_REVIEW,
        consultant=str(profile.pk),
        selection=_selection(letter),
        note="지원 동기를 봐 주세요",
    )
    page = response.content.decode()
    shown = shown_notice(page)
    assert shown["recipient"].startswith("이서연 컨설턴트")
    assert shown["items"] == [
        "요청 내용 (직접 쓴 메모)",
        "본인 프로필: 이름",
        "본인 프로필: 희망 직무",
        "자기소개서: 한빛은행 2026 하반기",
    ]
    assert "동의하지 않으면 이 컨설팅만 받을 수 없고" in shown["refusal"]

    response = client.post(
        "/consulting/my/request/consent/", {"notice_digest": shown_digest(page), "agree": "1"}
    )
    engagement = Engagement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/consulting/my/{engagement.pk}/"
    assert engagement.member == member and engagement.consultant == profile.consultant
    assert engagement.request_note == "지원 동기를 봐 주세요"
    assert not engagement.matched

    record = ConsentRecord.objects.get(member=member, channel="provision", granted=True)
    details = dict(record.details)
    snapshot = Snapshot.objects.get(engagement=engagement)
    assert record.grant_ref == snapshot.grant_id
    assert details == shown
    assert record.policy_version

    # The consultant is told, once, and sees exactly what was chosen.
    note = Notification.objects.get(recipient=profile.consultant)
    assert note.kind == "consulting.requested"
    assert note.key == f"consulting.requested:{engagement.pk}"
    view = shared_view(
        viewer=profile.consultant,
        member=member,
        request_or_actor=_actor(profile.consultant),
        purpose=SharingPurpose.CONSULTANT,
    )
    titles = [child.get("title") for record in view.records for child in record.children]
    assert titles == ["요청 내용", "이름", "희망 직무", "한빛은행 2026 하반기", "지원 동기"]
    # The draft is gone: a second POST makes nothing new.
    assert DRAFT not in client.session
    client.post("/consulting/my/request/consent/", {"notice_digest": shown_digest(page)})
    assert Engagement.objects.count() == 1


def _actor(viewer):
    from privacy.api import Actor

    return Actor(account_id=viewer.pk, role="consultant", ip="127.0.0.1")


def test_a_tampered_notice_is_refused_and_nothing_is_shared(client, member, setup):
    profile, letter, _ = setup
    walk_to_consent(
        client,
        service=ServiceKind.COVER_LETTER_REVIEW,
        consultant=str(profile.pk),
        selection=_selection(letter),
    )
    response = client.post(
        "/consulting/my/request/consent/", {"notice_digest": "0" * 64, "agree": "1"}
    )
    assert response.status_code == 409
    assert "동의 내용이 바뀌었어요" in response.content.decode()
    assert not Engagement.objects.exists()
    assert not ConsentRecord.objects.filter(channel="provision").exists()
    assert not SharingGrant.objects.exists()


def test_a_notice_that_changed_after_it_was_shown_is_refused(client, member, setup):
    """The member renamed the letter in another tab: the screen showed the old title, so the
    agreement to it is not an agreement to the new one."""
    profile, letter, _ = setup
    page = walk_to_consent(
        client,
        service=ServiceKind.COVER_LETTER_REVIEW,
        consultant=str(profile.pk),
        selection=_selection(letter),
    ).content.decode()
    letter.title = "한빛은행 최종본"
    letter.save()
    response = client.post(
        "/consulting/my/request/consent/", {"notice_digest": shown_digest(page), "agree": "1"}
    )
    assert response.status_code == 409
    fresh = response.content.decode()
    assert "자기소개서: 한빛은행 최종본" in shown_notice(fresh)["items"]
    assert not Engagement.objects.exists()
    # Agreeing to the screen as it is now works.
    client.post(
        "/consulting/my/request/consent/", {"notice_digest": shown_digest(fresh), "agree": "1"}
    )
    record = ConsentRecord.objects.get(channel="provision", granted=True)
    assert "자기소개서: 한빛은행 최종본" in record.details["items"]


def test_refusing_creates_nothing_and_every_other_feature_still_works(client, member, setup):
    profile, letter, _ = setup
    page = walk_to_consent(
        client,
        service=ServiceKind.COVER_LETTER_REVIEW,
        consultant=str(profile.pk),
        selection=_selection(letter),
    ).content.decode()
    response = client.post(
        "/consulting/my/request/consent/", {"notice_digest": shown_digest(page), "refuse": "1"}
    )
    assert response.status_code == 302
    refused = client.get(response["Location"]).content.decode()
    assert "다른 기능은 모두 그대로 쓸 수 있어요" in refused
    assert not Engagement.objects.exists()
    assert not SharingGrant.objects.exists()
    assert not ConsentRecord.objects.filter(channel="provision").exists()
    assert not Notification.objects.exists()
    for url in (
        "/home/",
        "/profile/",
        "/profile/edit/",
        "/coverletters/",
        f"/coverletters/{letter.pk}/",
        "/experiences/",
        "/consulting/my/",
    ):
        assert client.get(url).status_code == 200, url


def test_another_members_letter_in_the_post_is_refused(client, member, other_member, setup):
    profile, letter, _ = setup
    theirs = CoverLetter.objects.get(member=other_member)
    client.post("/consulting/my/request/", {"service": ServiceKind.COVER_LETTER_REVIEW})
    client.post("/consulting/my/request/consultant/", {"consultant": str(profile.pk)})
    response = client.post(
        "/consulting/my/request/share/",
        {"cover_letters": [str(letter.pk), str(theirs.pk)], "note": "남기는 말"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "고를 수 없는 항목이 있어요" in page
    assert "한빛은행 2026 하반기" in page  # their title is not what shows: ours is
    assert "남기는 말" in page  # nothing typed is lost
    assert "selection" not in client.session[DRAFT]

    # Even a draft forged to name it never reaches the consent screen or the ledger.
    session = client.session
    session[DRAFT] = {
        **session[DRAFT],
        "selection": {"profile": [], "cover_letters": [theirs.pk], "experiences": []},
    }
    session.save()
    response = client.get("/consulting/my/request/consent/")
    assert response.status_code == 302
    response = client.post("/consulting/my/request/consent/", {"notice_digest": "x", "agree": "1"})
    assert response.status_code == 302
    assert not Engagement.objects.exists()
    assert not ConsentRecord.objects.filter(channel="provision").exists()


def test_a_validation_error_keeps_everything_typed(client, setup):
    profile, _, _ = setup
    client.post("/consulting/my/request/", {"service": ServiceKind.COVER_LETTER_REVIEW})
    client.post("/consulting/my/request/consultant/", {"consultant": str(profile.pk)})
    response = client.post("/consulting/my/request/share/", {"note": "면접 준비 중이에요"})
    page = response.content.decode()
    assert "공유할 정보를 하나 이상 골라 주세요" in page
    assert "면접 준비 중이에요" in page
    # Going back from the consent screen shows the earlier choice again.
    client.post(
        "/consulting/my/request/share/",
        {"profile": ["이름"], "note": "면접 준비 중이에요"},
    )
    page = client.get("/consulting/my/request/share/").content.decode()
    assert re.search(r'value="이름"[^>]*checked', page)
    assert "면접 준비 중이에요" in page
    assert client.get("/consulting/my/request/consultant/").status_code == 200


def test_matching_picks_the_consultant_and_says_why_before_the_consent(client, member, setup):
    profile, _, _ = setup  # planning + it: the member wants 서비스 기획 in IT
    make_consultant("cons-b", "박도윤", jobs=["development"], industries=["it"])
    client.post("/consulting/my/request/", {"service": ServiceKind.CAREER_COACHING})
    client.post("/consulting/my/request/consultant/", {"consultant": "match"})
    page = client.get("/consulting/my/request/share/").content.decode()
    assert "이서연 컨설턴트를 찾았어요" in page
    assert "전문 직무(기획·전략)가 희망 직무와 맞아서 2점" in page
    client.post("/consulting/my/request/share/", {"profile": ["희망 직무"]})
    page = client.get("/consulting/my/request/consent/").content.decode()
    assert "이서연 컨설턴트를 찾았어요" in page
    client.post(
        "/consulting/my/request/consent/", {"notice_digest": shown_digest(page), "agree": "1"}
    )
    engagement = Engagement.objects.get()
    assert engagement.consultant == profile.consultant and engagement.matched


def test_an_unlisted_or_deactivated_consultant_cannot_be_asked(client, setup):
    hidden = make_consultant("cons-h", "숨은", listed=False)
    gone = make_consultant("cons-g", "떠난", active=False)
    client.post("/consulting/my/request/", {"service": ServiceKind.COVER_LETTER_REVIEW})
    page = client.get("/consulting/my/request/consultant/").content.decode()
    assert "숨은" not in page and "떠난" not in page
    for profile in (hidden, gone):
        response = client.post("/consulting/my/request/consultant/", {"consultant": profile.pk})
        assert response.status_code == 200
        assert "목록에 있는 항목을 골라 주세요" in response.content.decode()


def test_a_consultant_deactivated_during_the_flow_is_refused_in_korean(client, setup):
    profile, letter, _ = setup
    page = walk_to_consent(
        client,
        service=ServiceKind.COVER_LETTER_REVIEW,
        consultant=str(profile.pk),
        selection=_selection(letter),
    ).content.decode()
    profile.consultant.is_active = False
    profile.consultant.save(update_fields=["is_active"])
    response = client.post(
        "/consulting/my/request/consent/",
        {"notice_digest": shown_digest(page), "agree": "1"},
        follow=True,
    )
    assert "지금은 이 컨설턴트에게 요청할 수 없어요" in response.content.decode()
    assert not Engagement.objects.exists()


def test_a_consultant_with_an_open_engagement_cannot_be_picked_again(client, member, setup):
    profile, _, _ = setup
    request_directly(member, profile, Selection(profile=("이름",)))
    client.post("/consulting/my/request/", {"service": ServiceKind.CAREER_COACHING})
    page = client.get("/consulting/my/request/consultant/").content.decode()
    assert "이 컨설턴트와 진행 중인 컨설팅이 있어요." in page
    response = client.post("/consulting/my/request/consultant/", {"consultant": str(profile.pk)})
    assert response.status_code == 200
    assert "다른 컨설턴트를 골라 주세요" in response.content.decode()
    # Asking to be matched finds nobody else here, and says so.
    response = client.post("/consulting/my/request/consultant/", {"consultant": "match"})
    assert "지금 새 요청을 받을 수 있는 컨설턴트가 없어요" in response.content.decode()
    assert Engagement.objects.count() == 1

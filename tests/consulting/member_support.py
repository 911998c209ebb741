"""Helpers for the member-side consulting tests: listed consultants, a member's workspace,
the request walked through the pages, and the consent screen read back from its HTML."""

import html
import re

from django.utils import timezone

from accounts.models import Role, User
from consulting.catalog import ServiceKind
from consulting.models import ConsultantProfile
from consulting.services import ACCESS_DAYS, engagement_request, provision_notice
from consulting.snapshots import Selection, load
from coverletters.models import CoverLetter, Question
from experiences.models import Experience
from profiles.models import Profile

CREDENTIAL = "재직증명서 원본 확인 — 운영진 전용 메모"


def make_consultant(
    username: str,
    name: str,
    *,
    jobs=(),
    industries=(),
    listed: bool = True,
    active: bool = True,
) -> ConsultantProfile:
    user = User.objects.create_user(username, "consultant-pw-123", role=Role.CONSULTANT)
    if not active:
        user.is_active = False
        user.save(update_fields=["is_active"])
    return ConsultantProfile.objects.create(
        consultant=user,
        display_name=name,
        headline=f"{name}의 한 줄 소개",
        job_families=list(jobs),
        industries=list(industries),
        career_summary="대기업 인사팀 10년",
        credential_note=CREDENTIAL,
        is_listed=listed,
    )


def make_workspace(member, *, job="서비스 기획(PM·PO)", industry="IT·인터넷"):
    Profile.objects.create(
        member=member, name=member.name, desired_job=job, desired_industry=industry
    )
    letter = CoverLetter.objects.create(
        member=member, title="한빛은행 2026 하반기", job_title="기획"
    )
    Question.objects.create(
        cover_letter=letter, position=0, prompt="지원 동기", answer="첫 문장. 둘째 문장.", limit=500
    )
    experience = Experience.objects.create(member=member, title="교내 창업 동아리", kind="project")
    return letter, experience


def request_directly(member, profile: ConsultantProfile, selection: Selection, **kwargs):
    """An engagement made by the service, as the pages make it."""
    now = kwargs.pop("now", None) or timezone.now()
    service = kwargs.pop("service", ServiceKind.COVER_LETTER_REVIEW)
    notice = provision_notice(
        consultant_name=profile.display_name,
        service=service,
        chosen=load(member, selection, "봐 주세요"),
        expires_at=now + timezone.timedelta(days=ACCESS_DAYS),
    )
    return engagement_request(
        member=member,
        consultant=profile.consultant,
        service=service,
        note="봐 주세요",
        selection=selection,
        notice=notice,
        now=now,
        **kwargs,
    )


def walk_to_consent(client, *, service, consultant, selection: dict, note=""):
    """Service → consultant → what to share, as a browser posts them; returns the consent
    screen's response."""
    response = client.post("/consulting/my/request/", {"service": service})
    assert response.status_code == 302, response.content.decode()
    response = client.post("/consulting/my/request/consultant/", {"consultant": consultant})
    assert response.status_code == 302, response.content.decode()
    response = client.post("/consulting/my/request/share/", {**selection, "note": note})
    assert response.status_code == 302, response.content.decode()
    assert response["Location"] == "/consulting/my/request/consent/"
    return client.get("/consulting/my/request/consent/")


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def shown_notice(page: str) -> dict:
    """The five items as the consent screen rendered them."""
    notice = {}
    for key in ("recipient", "purpose", "period", "refusal"):
        match = re.search(rf'data-notice-item="{key}">(.*?)</dd>', page, re.S)
        assert match, key
        notice[key] = _text(match.group(1))
    items = re.search(r'data-notice-item="items">(.*?)</dd>', page, re.S).group(1)
    notice["items"] = [_text(li) for li in re.findall(r"<li>(.*?)</li>", items, re.S)]
    return notice


def shown_digest(page: str) -> str:
    return re.search(r'name="notice_digest" value="([0-9a-f]+)"', page).group(1)

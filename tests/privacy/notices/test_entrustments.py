"""The entrustment table (처리 위탁): data staff keep. The policy page shows the table of the
version in force; a change goes into the next version's draft, announced when that version is
published and shown from its effective date (처리방침 변경: 시행 7일 전부터 공지)."""

import datetime
import re

import pytest

from privacy.notices.document import with_effective_date
from privacy.notices.models import Entrustment, Notice, NoticeKind, PolicyVersion
from privacy.notices.selectors import policy_version_in_force_row
from privacy.notices.services import policy_draft_save
from tests.conftest import make_staff
from tests.core.test_html import audit

KAKAO = ("카카오비즈니스", "메신저 기능을 통한 메시지 발송", "회원 탈퇴 또는 위탁 계약 종료 시까지")
# The dealer every KakaoTalk message goes through on its way to Kakao (notices 0004): the
# 수탁자 개인정보 보호법 제26조② asks the policy to name.
NHN_CLOUD = (
    "엔에이치엔클라우드 주식회사 (NHN Cloud)",
    "카카오톡 알림톡·브랜드 메시지 발송 대행",
    "회원 탈퇴 또는 위탁 계약 종료 시까지",
)


def entrustment_rows(html: str) -> list[list[str]]:
    table = html.split('class="policy entrustments"', 1)[1].split("</table>", 1)[0]
    body = table.split("<tbody>", 1)[1]
    return [
        re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr, re.S)
        for tr in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def test_seeded_entrustment_is_rendered_as_the_policy_states_it(client, db):
    page = client.get("/privacy/policy/").content.decode()

    assert entrustment_rows(page) == [list(KAKAO), list(NHN_CLOUD)]
    assert "개인정보 보호법 제26조" in page
    assert audit(page) == []


@pytest.fixture
def officer(client, db):
    client.force_login(make_staff("officer", superuser=True))
    return client


def test_a_change_in_admin_goes_into_the_next_draft_not_onto_the_live_page(officer, client, db):
    kakao = Entrustment.objects.get(trustee="카카오비즈니스")
    before = entrustment_rows(client.get("/privacy/policy/").content.decode())

    response = officer.post(
        f"/admin/notices/entrustment/{kakao.pk}/change/",
        {"trustee": "카카오비즈니스", "task": "알림톡 발송", "retention": KAKAO[2], "order": 1},
    )

    assert response.status_code == 302
    assert entrustment_rows(client.get("/privacy/policy/").content.decode()) == before
    draft = PolicyVersion.objects.get(published_at__isnull=True)
    assert draft.snapshot["entrustments"][0] == {
        "trustee": "카카오비즈니스",
        "task": "알림톡 발송",
        "retention": KAKAO[2],
    }
    assert "메신저 기능을 통한 메시지 발송" in draft.summary and "알림톡 발송" in draft.summary
    # Nothing is announced until the draft is published (with its 7 days of notice).
    assert not Notice.objects.filter(kind=NoticeKind.ENTRUSTMENT).exists()
    assert not Notice.objects.filter(policy_version=draft).exists()


def test_adding_and_ending_an_entrustment_land_in_one_draft(officer, db):
    officer.post(
        "/admin/notices/entrustment/add/",
        {
            "trustee": "클라우드사",
            "task": "서버 운영",
            "retention": "위탁 계약 종료 시까지",
            "order": 3,
        },
    )
    added = Entrustment.objects.get(trustee="클라우드사")
    officer.post(f"/admin/notices/entrustment/{added.pk}/delete/", {"post": "yes"})

    draft = PolicyVersion.objects.get(published_at__isnull=True)
    assert "위탁 추가: 수탁자: 클라우드사" in draft.summary
    assert "위탁 종료: 수탁자: 클라우드사" in draft.summary
    assert [row["trustee"] for row in draft.snapshot["entrustments"]] == [KAKAO[0], NHN_CLOUD[0]]
    assert not Entrustment.objects.filter(trustee="클라우드사").exists()


def test_saving_without_a_change_drafts_nothing(officer, db):
    kakao = Entrustment.objects.get(trustee="카카오비즈니스")

    officer.post(
        f"/admin/notices/entrustment/{kakao.pk}/change/",
        {"trustee": KAKAO[0], "task": KAKAO[1], "retention": KAKAO[2], "order": 1},
    )

    assert not PolicyVersion.objects.filter(published_at__isnull=True).exists()
    assert not Notice.objects.filter(kind=NoticeKind.ENTRUSTMENT).exists()


def test_a_version_without_entrustments_says_so_in_its_own_text(client, db):
    """The words are the version's: a version that entrusts nothing says so in its text, and
    an empty table at its marker draws no empty table on the page."""
    Entrustment.objects.all().delete()
    in_force = policy_version_in_force_row()
    text = in_force.text.replace(
        "[[표:위탁]]", "크루베이션(‘라이프멘토’)는 현재 개인정보 처리업무를 위탁하고 있지 않습니다."
    )
    PolicyVersion.objects.filter(pk=in_force.pk).update(
        text=text, snapshot={**in_force.snapshot, "entrustments": []}
    )

    page = client.get("/privacy/policy/").content.decode()

    assert "위탁하고 있지 않습니다" in page
    assert 'class="policy entrustments"' not in page
    assert audit(page) == []


def test_an_empty_table_at_its_marker_is_not_drawn_and_the_preview_says_so(client, db):
    Entrustment.objects.all().delete()
    in_force = policy_version_in_force_row()
    PolicyVersion.objects.filter(pk=in_force.pk).update(
        snapshot={**in_force.snapshot, "entrustments": []}
    )
    draft = policy_draft_save(
        version="2027-01-15",
        effective_date=datetime.date(2027, 1, 15),
        summary="위탁 없음",
        text=with_effective_date(in_force.text, datetime.date(2027, 1, 15)),
        reconsent_required=False,
    )

    assert 'class="policy entrustments"' not in client.get("/privacy/policy/").content.decode()
    client.force_login(make_staff("officer", superuser=True))
    preview = client.get(f"/notices/policy/drafts/{draft.pk}/preview/").content.decode()
    assert "‘[[표:위탁]]’ 자리의 표(개인정보 처리 위탁)가 비어 있어요" in preview

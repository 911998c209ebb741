"""The entrustment table (처리 위탁): data staff keep; a change shows on the policy page at once
and is announced on the notice board (처리방침: 변경 시 지체 없이 공개)."""

import re

import pytest

from privacy.notices.models import Entrustment, Notice, NoticeKind
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
def officer(client, admin_user):
    client.force_login(admin_user)
    return client


def test_a_change_in_admin_shows_at_once_and_is_announced(officer, client, db):
    kakao = Entrustment.objects.get(trustee="카카오비즈니스")

    response = officer.post(
        f"/admin/notices/entrustment/{kakao.pk}/change/",
        {"trustee": "카카오비즈니스", "task": "알림톡 발송", "retention": KAKAO[2], "order": 1},
    )

    assert response.status_code == 302
    assert entrustment_rows(client.get("/privacy/policy/").content.decode()) == [
        ["카카오비즈니스", "알림톡 발송", KAKAO[2]],
        list(NHN_CLOUD),
    ]
    notice = Notice.objects.get(kind=NoticeKind.ENTRUSTMENT)
    assert "변경" in notice.title
    assert "메신저 기능을 통한 메시지 발송" in notice.body and "알림톡 발송" in notice.body


def test_adding_and_ending_an_entrustment_are_announced(officer, db):
    officer.post(
        "/admin/notices/entrustment/add/",
        {
            "trustee": "클라우드사",
            "task": "서버 운영",
            "retention": "위탁 계약 종료 시까지",
            "order": 2,
        },
    )
    added = Entrustment.objects.get(trustee="클라우드사")
    officer.post(f"/admin/notices/entrustment/{added.pk}/delete/", {"post": "yes"})

    titles = list(
        Notice.objects.filter(kind=NoticeKind.ENTRUSTMENT)
        .order_by("id")
        .values_list("title", flat=True)
    )
    assert titles == [
        "개인정보 처리 위탁 추가 안내 (클라우드사)",
        "개인정보 처리 위탁 종료 안내 (클라우드사)",
    ]
    assert not Entrustment.objects.filter(trustee="클라우드사").exists()


def test_saving_without_a_change_announces_nothing(officer, db):
    kakao = Entrustment.objects.get(trustee="카카오비즈니스")

    officer.post(
        f"/admin/notices/entrustment/{kakao.pk}/change/",
        {"trustee": KAKAO[0], "task": KAKAO[1], "retention": KAKAO[2], "order": 1},
    )

    assert not Notice.objects.filter(kind=NoticeKind.ENTRUSTMENT).exists()


def test_no_entrustment_says_so(client, db):
    Entrustment.objects.all().delete()

    page = client.get("/privacy/policy/").content.decode()

    assert "위탁하고 있지 않습니다" in page
    assert audit(page) == []

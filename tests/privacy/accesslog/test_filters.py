"""The officer narrows the access log by member (a phone number, found through the blind index
and itself logged, or a member id from a link), by staff account, by action and by KST dates;
a wrong phone number gets a clear Korean message and shows nothing else; the page is titled
접속기록; every screen of it passes the designation check first."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from privacy.accesslog.append import Actor, access_log_append
from privacy.accesslog.models import AccessLogAction, AccessLogEntry
from tests.conftest import make_member, make_staff

KST = datetime.timezone(datetime.timedelta(hours=9))
LIST_URL = reverse("admin:privacy_accesslogentry_changelist")


@pytest.fixture
def officer(client, root):
    client.force_login(root)
    return client


def shown(client, query: str, root) -> list[AccessLogEntry]:
    response = client.get(LIST_URL + query)
    assert response.status_code == 200, response
    # (Reading the log is an access of its own, the officer's: left out here.)
    return [e for e in response.context["cl"].result_list if e.actor_id != root.pk]


def test_finding_a_member_by_phone_shows_their_entries_and_logs_the_search(officer, root):
    kim = make_member(name="김지원", phone="010-2846-1357")
    lee = make_member(name="이서연", phone="010-1111-2222")
    helper = make_staff("helper1")
    theirs = access_log_append(
        actor=Actor(helper.pk, "staff", ""), action="view", subjects=[kim.pk]
    )
    access_log_append(actor=Actor(helper.pk, "staff", ""), action="view", subjects=[lee.pk])

    response = officer.get(LIST_URL + "?phone=01028461357")

    assert [e.pk for e in response.context["cl"].result_list if e.actor_id != root.pk] == [
        theirs.pk
    ]
    assert "찾은 회원: 김** (010-****-1357)" in response.content.decode()
    search = AccessLogEntry.objects.filter(action=AccessLogAction.SEARCH).get()
    assert search.actor_id == root.pk and search.subject_ids == [kim.pk]
    assert search.detail["purpose"] == "접속기록 조회"


@pytest.mark.parametrize(
    ("phone", "message"),
    [
        ("010-12", "전화번호를 확인해 주세요"),
        ("전화번호", "전화번호를 확인해 주세요"),
        ("010-9999-9999", "이 전화번호로 가입한 회원을 찾지 못했어요"),
    ],
)
def test_a_phone_that_finds_no_one_says_so_in_korean_and_shows_nothing(
    officer, root, phone, message
):
    kim = make_member()
    access_log_append(actor=Actor(None, "", ""), action="view", subjects=[kim.pk])

    response = officer.get(LIST_URL, {"phone": phone})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert [e for e in response.context["cl"].result_list if e.actor_id != root.pk] == []
    # The box keeps what was typed, to correct it.
    assert f'value="{phone}"' in response.content.decode()


def test_filters_by_staff_account_action_and_member_link(officer, root):
    kim, lee = make_member(), make_member(name="이서연", phone="010-1111-2222")
    one, two = make_staff("helper1"), make_staff("helper2")
    a = access_log_append(actor=Actor(one.pk, "staff", ""), action="view", subjects=[kim.pk])
    b = access_log_append(actor=Actor(two.pk, "staff", ""), action="reveal", subjects=[lee.pk])
    c = access_log_append(actor=Actor(two.pk, "staff", ""), action="view", subjects=[kim.pk])

    page = officer.get(LIST_URL).content.decode()

    assert "관리자 helper1" in page and "관리자 helper2" in page  # the staff account choices
    assert [e.pk for e in shown(officer, f"?actor={two.pk}", root)] == [c.pk, b.pk]
    assert [e.pk for e in shown(officer, "?action__exact=reveal", root)] == [b.pk]
    assert [e.pk for e in shown(officer, f"?subject={kim.pk}", root)] == [c.pk, a.pk]
    assert [e.pk for e in shown(officer, f"?subject={kim.pk}&actor={one.pk}", root)] == [a.pk]


def test_date_filters_are_kst_days(client, root):
    kim = make_member()
    with time_machine.travel(datetime.datetime(2027, 3, 2, 23, 30, tzinfo=KST), tick=False) as t:
        late = access_log_append(actor=Actor(None, "", ""), action="view", subjects=[kim.pk])
        t.move_to(datetime.datetime(2027, 3, 3, 0, 30, tzinfo=KST))
        early = access_log_append(actor=Actor(None, "", ""), action="view", subjects=[kim.pk])
        client.force_login(root)

        assert [e.pk for e in shown(client, "?date_to=2027-03-02", root)][:1] == [late.pk]
        assert early.pk not in {e.pk for e in shown(client, "?date_to=2027-03-02", root)}
        assert [e.pk for e in shown(client, "?date_from=2027-03-03", root)] == [early.pk]


def test_the_page_is_titled_in_korean(officer):
    page = officer.get(LIST_URL).content.decode()

    assert "<h1>접속기록</h1>" in page and "<title>접속기록" in page
    assert "를(을)" not in page and "보기위한" not in page
    # Filters are titled by their names, without the admin's "… (으)로".
    assert "(으)로" not in page
    for title in ("목록 조회", "수행 업무", "회원 (전화번호)", "계정 (직원)", "기간", "기록 구분"):
        assert f"<summary>{title}</summary>" in page, title


def test_every_log_screen_passes_the_designation_check_first(officer, monkeypatch):
    entry = access_log_append(actor=Actor(None, "", ""), action="view", subjects=[5])
    asked = []

    def refuse(request, *, model=None, subjects=()):
        asked.append(model)
        raise PermissionDenied

    monkeypatch.setattr("privacy.accesslog.admin.staff_access_check", refuse)

    assert officer.get(LIST_URL).status_code == 403
    assert (
        officer.get(reverse("admin:privacy_accesslogentry_change", args=[entry.pk])).status_code
        == 403
    )
    assert officer.post(reverse("admin:privacy_accesslogentry_verify")).status_code == 403
    assert officer.get(reverse("admin:privacy_accesslogentry_review")).status_code == 403
    assert len(asked) == 4

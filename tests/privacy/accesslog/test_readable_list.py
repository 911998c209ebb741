"""The access log as the privacy officer reads it: who (role and masked name, in Korean), whose
data (masked names, '외 N명'), which category (the registry's names), what was done (with the
reason), when (KST); runs of list views folded; never a raw label, role code or Django's
"를(을) 선택" heading."""

import datetime
import html
import re

import pytest
import time_machine
from django.apps import apps
from django.db import connection
from django.urls import reverse

from privacy.accesslog.append import Actor, access_log_append
from privacy.accesslog.display import target_label
from privacy.accesslog.models import AccessLogAction, AccessLogEntry
from privacy.keys.datakeys import destroy_subject_keys
from privacy.registry.registry import registry
from tests.conftest import make_member, make_staff

KST = datetime.timezone(datetime.timedelta(hours=9))
LIST_URL = reverse("admin:privacy_accesslogentry_changelist")
# After the real clock, so the entries appended here run forward from the fixtures' own.
MORNING = datetime.datetime(2027, 1, 5, 9, 10, tzinfo=KST)
ROLE_CODES = ("staff", "consultant", "member", "system")


def result_table(page: str) -> str:
    match = re.search(r'<table id="result_list".*?</table>', page, re.S)
    assert match, "no result list on the page"
    return match.group(0)


def text_of(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", fragment))


def rows_of(page: str) -> list[str]:
    body = result_table(page).split("<tbody>", 1)[1]
    return [text_of(row) for row in re.findall(r"<tr.*?</tr>", body, re.S)]


@pytest.fixture
def cast(db, root, consultant):
    """Everyone an entry can name: a staff member, a consultant, members (one withdrawn, one
    whose key was shredded, one whose stored name no longer opens, one deleted)."""
    helper = make_staff("helper1")
    kim = make_member(name="김지원", phone="010-2846-1357")
    lee = make_member(name="이서연", phone="010-1111-2222")
    park = make_member(name="박하늘", phone="010-3333-4444")
    gone = make_member(name="최탈퇴", phone="010-5555-6666")
    shredded = make_member(name="정파기", phone="010-7777-8888")
    garbled = make_member(name="한깨짐", phone="010-9999-0000")
    type(gone).objects.filter(pk=gone.pk).update(withdrawn_at=MORNING - datetime.timedelta(days=1))
    destroy_subject_keys(shredded.subject)
    with connection.cursor() as cursor:
        # Another member's ciphertext moved into this row: it opens under no key of this row.
        cursor.execute(
            "UPDATE accounts_user SET name = (SELECT name FROM accounts_user WHERE id = %s) "
            "WHERE id = %s",
            [kim.pk, garbled.pk],
        )
    return {
        "root": root,
        "helper": helper,
        "consultant": consultant,
        "kim": kim,
        "lee": lee,
        "park": park,
        "gone": gone,
        "shredded": shredded,
        "garbled": garbled,
    }


def every_target() -> list[str]:
    """A target of every kind: every model the project has (registered or not), a target that
    is no model, and none."""
    return [m._meta.label_lower for m in apps.get_models()] + ["privacy.centre.export", ""]


@pytest.fixture
def filled(cast):
    """The entries, with the clock left at 09:40 KST that morning for the officer's requests."""
    yield from fill(cast)


def fill(cast):
    staff = Actor(cast["helper"].pk, "staff", "10.0.0.5")
    members = [cast[k].pk for k in ("kim", "lee", "park")]
    made = {}
    with time_machine.travel(MORNING, tick=False) as clock:
        yield from _fill(cast, clock, staff, members, made)


def _fill(cast, clock, staff, members, made):
    # 12 list views in a row by one account on one target, 09:10 to 09:14.
    for i in range(12):
        clock.move_to(MORNING + datetime.timedelta(seconds=i * 22))
        made["last_list"] = access_log_append(
            actor=staff, action="list", subjects=members, target_type="profiles.profile"
        )
    clock.move_to(MORNING + datetime.timedelta(minutes=5))
    for action in AccessLogAction.values:
        made[action] = access_log_append(
            actor=staff,
            action=action,
            subjects=[cast["kim"].pk],
            target_type="profiles.profile",
            reason="정정 요구 처리 (요청 #12)" if action in ("reveal", "export") else "",
            detail={"purpose": "입사 제안 작성"} if action == "search" else {},
        )
    for target in every_target():
        access_log_append(
            actor=Actor(cast["consultant"].pk, "consultant", ""),
            action="view",
            subjects=[cast["lee"].pk],
            target_type=target,
        )
    for key in ("gone", "shredded", "garbled"):
        made[key] = access_log_append(
            actor=staff, action="view", subjects=[cast[key].pk], target_type="accounts.user"
        )
    made["deleted"] = access_log_append(
        actor=staff, action="view", subjects=[987654], target_type="accounts.user"
    )
    made["system"] = access_log_append(
        actor=Actor(None, "", ""), action="delete", subjects=[cast["park"].pk]
    )
    made["unknown"] = access_log_append(actor=Actor(None, "", "10.9.9.9"), action="sign_in_failed")
    made["member"] = access_log_append(
        actor=Actor(cast["kim"].pk, "member", ""),
        action="view",
        subjects=[cast["lee"].pk],
        target_type="consulting.engagement",
    )
    made["old_account"] = access_log_append(
        actor=Actor(876543, "staff", ""), action="view", subjects=[cast["kim"].pk]
    )
    clock.move_to(MORNING + datetime.timedelta(minutes=30))
    yield made


@pytest.fixture
def big_pages(monkeypatch):
    # Every entry of the test on one page.
    monkeypatch.setattr("privacy.accesslog.admin.AccessLogEntryAdmin.list_per_page", 1000)


def assert_no_raw_labels(page: str) -> None:
    labels = {m._meta.label_lower for m in apps.get_models()}
    for label in labels:
        assert label not in page, label
    table = text_of(result_table(page))
    assert not re.search(r"\b[a-z_]+\.[a-z_]+\b", table), re.findall(r"\b[a-z_]+\.[a-z_]+\b", table)
    for code in ROLE_CODES:
        assert not re.search(rf"\b{code}\b", table), code
    for code in AccessLogAction.values:
        assert not re.search(rf"\b{code}\b", table), code
    assert "를(을)" not in page and "보기위한" not in page
    assert "<h1>접속기록</h1>" in page


@pytest.mark.parametrize("query", ["", "?fold=0"])
def test_every_row_reads_in_korean_folded_or_not(client, cast, filled, big_pages, query):
    client.force_login(cast["root"])

    page = client.get(LIST_URL + query).content.decode()

    assert_no_raw_labels(page)
    assert "[파기된 정보]" not in page and "[복구할 수 없는 내용]" not in page


def test_rows_say_who_whose_which_category_what_and_when(client, cast, filled, big_pages):
    made = filled
    client.force_login(cast["root"])

    rows = rows_of(client.get(LIST_URL).content.decode())

    def row(fragment: str) -> str:
        found = [r for r in rows if fragment in r]
        assert len(found) == 1, (fragment, found)
        return found[0]

    reveal = row("마스킹 해제 조회")
    assert "관리자 helper1" in reveal and "김**" in reveal and "본인 프로필" in reveal
    assert "사유: 정정 요구 처리 (요청 #12)" in reveal
    assert "2027-01-05 09:15:00" in reveal  # KST, to the second
    assert "사유: 정정 요구 처리 (요청 #12)" in row("내보내기")
    assert "목적: 입사 제안 작성" in row("회원 검색")
    folded = row("목록 조회 12회")
    assert "(09:10–09:14)" in folded and "김** 외 2명" in folded
    joined = "\n".join(rows)
    assert "컨설턴트 " in joined and "삭제" in row("시스템")
    assert "로그인 실패" in row("확인되지 않은 계정")
    assert "관리자 (삭제된 계정)" in joined
    assert joined.count("탈퇴한 회원") >= 3  # withdrawn, shredded, deleted account
    assert "이름 확인 불가" in joined
    # Models outside the registry: a Korean label from their verbose_name, or a Korean stand-in.
    assert "접속기록" in joined and "내 정보 내려받기" in joined
    assert made["reveal"].pk


def test_list_views_fold_into_one_row_and_unfold_on_request(client, cast, filled, big_pages):
    client.force_login(cast["root"])

    folded = client.get(LIST_URL).content.decode()
    unfolded = client.get(LIST_URL + "?fold=0").content.decode()

    assert len([r for r in rows_of(folded) if "목록 조회 12회" in r]) == 1
    assert len([r for r in rows_of(unfolded) if "목록 조회" in r and "본인 프로필" in r]) == 12 + 1
    assert "하나씩 모두 보기" in folded
    assert "한 줄로 묶어 보기" in unfolded
    # The entries that matter each keep a row of their own.
    for label in (
        "상세 조회",
        "마스킹 해제 조회",
        "내보내기",
        "수정",
        "삭제",
        "회원 검색",
        "접근 거부",
    ):
        assert any(label in r for r in rows_of(folded)), label


def test_a_folded_row_exports_every_entry_it_stands_for(client, cast, filled, big_pages):
    made = filled
    client.force_login(cast["root"])
    page = client.get(LIST_URL).content.decode()
    (value,) = re.findall(r'name="_selected_action" value="([0-9,]+,[0-9,]+)"', page)

    sent = client.post(
        LIST_URL,
        {
            "action": "export_csv",
            "_selected_action": [value],
            "index": 0,
            "confirm_export": "yes",
            "reason": "분기 점검 보관용 사본",
        },
    )

    assert sent["Content-Type"].startswith("text/csv")
    lines = sent.content.decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 1 + 12
    assert str(made["last_list"].pk) in value.split(",")


def test_targets_read_as_registry_categories_or_korean_labels():
    for model, entry in registry.entries.items():
        assert target_label(model._meta.label_lower) == entry.category.name
    for model in apps.get_models():
        label = target_label(model._meta.label_lower)
        assert label and "." not in label and re.search(r"[가-힣]", label), model
    assert target_label("privacy.centre.export") == "내 정보 내려받기"
    assert target_label("nothing.here") == "기타 대상"
    assert target_label("") == "-"


def test_an_entry_page_reads_in_korean_and_is_logged(client, cast, filled):
    made = filled
    client.force_login(cast["root"])
    entry = made["reveal"]

    page = client.get(reverse("admin:privacy_accesslogentry_change", args=[entry.pk]))

    text = page.content.decode()
    assert page.status_code == 200
    assert "김** (1명)" in text and "본인 프로필" in text and "관리자 helper1" in text
    assert "profiles.profile" not in text and "를(을)" not in text
    assert 'name="_save"' not in text
    logged = AccessLogEntry.objects.filter(action="view", actor_id=cast["root"].pk).latest("seq")
    assert logged.target_type == "privacy.accesslogentry" and logged.subject_ids == [cast["kim"].pk]

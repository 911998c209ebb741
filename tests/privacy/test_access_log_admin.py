"""Staff screens over members' data: masked by default, every list and record view recorded in
the access log, plaintext only through a reveal with a reason; the privacy officer's log
screens (read-only list with filters, chain verification, monthly review, CSV export)."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from coverletters.models import AnswerVersion, CoverLetter, Question
from privacy.accesslog.append import Actor, access_log_append, member_ids
from privacy.accesslog.models import AccessLogAction, AccessLogChain, AccessLogEntry
from privacy.consents.models import ConsentRecord
from privacy.retention.models import RetainedRecord
from tests.conftest import make_member, make_staff
from tests.profiles.factories import add_career, add_education, make_profile


@pytest.fixture
def officer_client(client, root):
    client.force_login(root)
    return client


def entries(action: str) -> list[AccessLogEntry]:
    return list(AccessLogEntry.objects.filter(action=action).order_by("seq"))


def change_url(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def reveal_url(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_reveal", args=[obj.pk])


# --- Lists and record pages -----------------------------------------------------------------


def test_profile_list_records_which_members_rows_were_shown(officer_client, member, other_member):
    make_profile(member)
    make_profile(other_member)

    response = officer_client.get(reverse("admin:profiles_profile_changelist"))

    assert response.status_code == 200
    (entry,) = entries(AccessLogAction.LIST)
    assert entry.subject_ids == sorted([member.pk, other_member.pk])
    assert entry.target_type == "profiles.profile" and entry.detail["rows"] == 2
    assert entry.actor_role == "staff" and entry.ip == "127.0.0.1"


def test_profile_page_is_masked_by_default_and_recorded(officer_client, root, member):
    profile = make_profile(member, name="독고진", birth_date=datetime.date(1999, 3, 14))
    add_education(profile, school="한국대학교")
    add_career(profile, company="라이프컴퍼니")

    page = officer_client.get(change_url(profile)).content.decode()

    assert "독고진" not in page and "독**" in page
    assert "1999" not in page and "****-**-**" in page
    assert "한국대학교" not in page and "라이프컴퍼니" not in page
    assert reveal_url(profile) in page  # the superuser holds the reveal permission
    (entry,) = entries(AccessLogAction.VIEW)
    assert (entry.actor_id, entry.subject_ids, entry.target_id) == (
        root.pk,
        [member.pk],
        str(profile.pk),
    )


def test_account_page_masks_name_and_phone(officer_client, member):
    page = officer_client.get(change_url(member)).content.decode()

    assert "김지원" not in page and "김**" in page
    assert "2846-1357" not in page and "010-****-1357" in page
    assert entries(AccessLogAction.VIEW)[0].subject_ids == [member.pk]


def test_experience_and_cover_letter_pages_are_masked_and_recorded(officer_client, member):
    from tests.experiences.conftest import make_experience

    experience = make_experience(member, title="교내 앱 공모전 대상", summary="5명 팀을 이끌었어요")
    letter = CoverLetter.objects.create(member=member, title="2026 하반기 공채", job_title="마케팅")
    Question.objects.create(cover_letter=letter, prompt="지원 동기를 쓰세요.", answer="저는 늘")

    experience_page = officer_client.get(change_url(experience)).content.decode()
    letter_page = officer_client.get(change_url(letter)).content.decode()

    assert "교내 앱 공모전 대상" not in experience_page and "교내 …(11자)" in experience_page
    assert "2026 하반기 공채" not in letter_page and "지원 동기를 쓰세요" not in letter_page
    assert [e.target_type for e in entries(AccessLogAction.VIEW)] == [
        "experiences.experience",
        "coverletters.coverletter",
    ]


def test_staff_own_account_page_is_not_an_access_to_someone_elses_data(officer_client, root):
    officer_client.get(change_url(root))

    assert entries(AccessLogAction.VIEW) == []


def test_consent_ledger_list_is_recorded(officer_client, member):
    officer_client.get(reverse("admin:privacy_consentrecord_changelist"))

    (entry,) = entries(AccessLogAction.LIST)
    assert (
        entry.subject_ids == [member.pk] and entry.detail["rows"] == ConsentRecord.objects.count()
    )


def test_rows_of_nested_models_resolve_to_their_member(member, other_member):
    letter = CoverLetter.objects.create(member=other_member, title="t", job_title="j")
    question = Question.objects.create(cover_letter=letter, prompt="p")
    version = AnswerVersion.objects.create(question=question, text="a", revision=1, reason="save")
    profile = make_profile(member)
    education = add_education(profile)

    assert member_ids(Question, [question]) == {question.pk: other_member.pk}
    assert member_ids(AnswerVersion, [version]) == {version.pk: other_member.pk}
    assert member_ids(type(education), [education]) == {education.pk: member.pk}
    assert member_ids(User, [member]) == {member.pk: member.pk}
    # A retention-store record belongs to no account (its member withdrew).
    record = RetainedRecord(pk=member.pk, subject=member.subject)
    assert member_ids(RetainedRecord, [record]) == {member.pk: None}


def test_list_page_logging_costs_the_same_for_1_and_50_rows(officer_client, db):
    url = reverse("admin:profiles_profile_changelist")
    make_profile(make_member())
    officer_client.get(url)  # warm caches (content types, permissions)
    with CaptureQueriesContext(connection) as one:
        officer_client.get(url)
    for i in range(49):
        make_profile(make_member(phone=f"010-1000-{i:04d}"))
    with CaptureQueriesContext(connection) as fifty:
        response = officer_client.get(url)

    def counted(queries) -> list[str]:
        # Loading each row's data key is the encryption layer's (one per member on the page);
        # everything else, the access log's append included, must not grow with the rows.
        return [q["sql"] for q in queries if "privacy_datakey" not in q["sql"]]

    assert response.status_code == 200
    assert len(counted(fifty)) == len(counted(one))
    # Head locked; then the entry, its subject index rows and the head's move in one statement
    # (docs/decisions/0025-access-log-append.md; 4 statements before issue 16).
    assert len([q for q in counted(fifty) if "privacy_accesslog" in q]) == 2
    assert entries(AccessLogAction.LIST)[-1].detail["rows"] == 50


# --- Reveal ---------------------------------------------------------------------------------


def test_reveal_asks_for_a_reason_and_shows_nothing_before(officer_client, member):
    profile = make_profile(member, name="독고진")

    form = officer_client.get(reveal_url(profile)).content.decode()
    refused = officer_client.post(reveal_url(profile), {"reason": "  "}).content.decode()

    assert "열람 사유" in form and "독고진" not in form
    assert "독고진" not in refused and "열람 사유를 확인해 주세요" in refused
    assert entries(AccessLogAction.REVEAL) == []


def test_reveal_with_a_reason_records_it_and_shows_that_record_in_plaintext(
    officer_client, root, member
):
    profile = make_profile(member, name="독고진")
    add_education(profile, school="한국대학교")

    response = officer_client.post(reveal_url(profile), {"reason": "정정 요구 처리 (요청 #12)"})

    page = response.content.decode()
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert "독고진" in page and "한국대학교" in page
    (entry,) = entries(AccessLogAction.REVEAL)
    assert entry.reason_text == "정정 요구 처리 (요청 #12)"
    assert (entry.actor_id, entry.subject_ids, entry.target_id) == (
        root.pk,
        [member.pk],
        str(profile.pk),
    )
    assert "name" in entry.detail["fields"]
    # The masked page is back to masked afterwards.
    assert "독고진" not in officer_client.get(change_url(profile)).content.decode()


def test_reveal_needs_its_own_permission(client, member):
    profile = make_profile(member, name="독고진")
    viewer = make_staff("viewer", "viewer-password-123")
    viewer.user_permissions.add(Permission.objects.get(codename="view_profile"))
    client.force_login(viewer)

    page = client.get(change_url(profile)).content.decode()
    refused = client.post(reveal_url(profile), {"reason": "궁금해서 열어 봄"})

    assert "독**" in page and reveal_url(profile) not in page
    assert refused.status_code == 403
    viewer.user_permissions.add(Permission.objects.get(codename="reveal_personal_data"))
    viewer = User.objects.get(pk=viewer.pk)  # fresh permission cache
    client.force_login(viewer)
    allowed = client.post(reveal_url(profile), {"reason": "정정 요구 처리 (요청 #13)"})
    assert allowed.status_code == 200 and "독고진" in allowed.content.decode()


def test_member_cannot_open_a_reveal_page(client, member, other_member):
    profile = make_profile(other_member)
    client.force_login(member)

    response = client.post(reveal_url(profile), {"reason": "다른 사람 프로필 보기"})

    assert response.status_code == 302 and "login" in response["Location"]
    assert entries(AccessLogAction.REVEAL) == []


# --- The privacy officer's log screens ------------------------------------------------------


def test_access_log_is_read_only_in_the_admin_even_for_a_superuser(officer_client):
    entry = access_log_append(actor=Actor(1, "staff", "10.0.0.1"), action=AccessLogAction.VIEW)

    assert officer_client.get(reverse("admin:privacy_accesslogentry_changelist")).status_code == 200
    assert officer_client.get(reverse("admin:privacy_accesslogentry_add")).status_code == 403
    assert (
        officer_client.post(
            reverse("admin:privacy_accesslogentry_delete", args=[entry.pk])
        ).status_code
        == 403
    )
    page = officer_client.get(change_url(entry)).content.decode()
    assert 'name="reason"' not in page  # view-only page, no form fields


def test_staff_without_the_view_permission_cannot_read_the_log(client, staff):
    client.force_login(staff)

    assert client.get(reverse("admin:privacy_accesslogentry_changelist")).status_code == 403
    assert client.post(reverse("admin:privacy_accesslogentry_verify")).status_code == 403
    assert client.get(reverse("admin:privacy_accesslogentry_review")).status_code == 403


def test_log_list_filters_by_actor_subject_and_dates(officer_client, root):
    a = access_log_append(actor=Actor(11, "staff", ""), action="view", subjects=[501, 502])
    b = access_log_append(actor=Actor(12, "staff", ""), action="view", subjects=[5010])
    url = reverse("admin:privacy_accesslogentry_changelist")
    today = timezone.localdate().isoformat()

    def shown(query: str) -> set[int]:
        response = officer_client.get(f"{url}?{query}")
        assert response.status_code == 200, response
        # (Reading the log names the members on its page: those entries are the officer's.)
        return {e.pk for e in response.context["cl"].result_list if e.actor_id != root.pk}

    assert shown("actor=11") == {a.pk}
    assert shown("subject=501") == {a.pk}  # not 5010
    assert shown("subject=5010&actor=12") == {b.pk}
    assert {a.pk, b.pk} <= shown(f"date_from={today}&date_to={today}")
    assert shown("date_to=2000-01-01") == set()
    assert officer_client.get(f"{url}?actor=abc").status_code == 302  # admin's ?e=1 redirect


def test_verify_view_reports_success_in_korean(officer_client):
    access_log_append(actor=Actor(1, "staff", ""), action="view", subjects=[9])

    get = officer_client.get(reverse("admin:privacy_accesslogentry_verify")).content.decode()
    page = officer_client.post(reverse("admin:privacy_accesslogentry_verify")).content.decode()

    assert "검증 실행" in get and "검증에 성공했어요" not in get
    assert "검증에 성공했어요" in page


def test_verify_view_names_the_changed_entry(officer_client):
    from tests.privacy.test_access_log import behind_the_apps_back

    for i in range(3):
        access_log_append(actor=Actor(1, "staff", ""), action="view", subjects=[i + 1])
    with behind_the_apps_back() as cursor:
        cursor.execute(
            "UPDATE privacy_accesslogentry SET subjects = ',99,' WHERE chain = 'access' AND seq = 2"
        )

    page = officer_client.post(reverse("admin:privacy_accesslogentry_verify")).content.decode()

    assert "검증 실패" in page and "일련번호 2" in page


def test_export_asks_for_a_reason_then_records_it_and_sends_csv(officer_client, root):
    first = access_log_append(actor=Actor(3, "staff", "10.0.0.3"), action="view", subjects=[41])
    second = access_log_append(
        actor=Actor(3, "staff", ""), action="view", subjects=[42], reason="=HYPERLINK()"
    )
    url = reverse("admin:privacy_accesslogentry_changelist")
    selection = {"action": "export_csv", "_selected_action": [first.pk, second.pk], "index": 0}

    asked = officer_client.post(url, selection)
    refused = officer_client.post(url, {**selection, "confirm_export": "yes", "reason": ""})
    sent = officer_client.post(
        url, {**selection, "confirm_export": "yes", "reason": "분기 점검 보관용 사본"}
    )

    assert "내보내기 사유" in asked.content.decode() and "2건" in asked.content.decode()
    assert refused.status_code == 200 and "text/csv" not in refused["Content-Type"]
    assert sent["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(sent.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["기록 구분", "일련번호", "일시(KST)"] and len(rows) == 3
    assert rows[2][10] == "'=HYPERLINK()"  # no spreadsheet formula
    (export,) = entries(AccessLogAction.EXPORT)
    assert export.reason_text == "분기 점검 보관용 사본" and export.actor_id == root.pk
    assert export.subject_ids == [41, 42] and export.detail == {"rows": 2, "format": "csv"}


def test_monthly_review_lists_heavy_viewers_off_hours_access_and_exports(
    client, root, settings, monkeypatch
):
    settings.ACCESS_LOG_REVIEW_MEMBER_THRESHOLD = 3
    kst = datetime.timezone(datetime.timedelta(hours=9))
    day = datetime.datetime(2026, 3, 10, 14, 0, tzinfo=kst)
    night = datetime.datetime(2026, 3, 11, 23, 30, tzinfo=kst)

    def at(moment, **kwargs):
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return access_log_append(**kwargs)

    at(day, actor=Actor(21, "staff", ""), action="list", subjects=[1, 2, 3, 4, 5])
    at(day, actor=Actor(22, "staff", ""), action="view", subjects=[1])
    late = at(night, actor=Actor(22, "staff", "10.2.2.2"), action="view", subjects=[2])
    export = at(
        night, actor=Actor(23, "staff", ""), action="export", subjects=[1, 2], reason="보관"
    )
    monkeypatch.undo()
    client.force_login(root)  # signs in now: after the March entries, as time runs forward

    response = client.get(reverse("admin:privacy_accesslogentry_review") + "?month=2026-03")

    report = response.context["report"]
    assert [(m.actor_id, m.members) for m in report.many_members] == [(21, 5)]
    assert [e.pk for e in report.off_hours] == [late.pk, export.pk]
    assert [e.pk for e in report.exports] == [export.pk]
    page = response.content.decode()
    assert "업무 시간 외 접근" in page and "10.2.2.2" in page and "보관" in page
    # Accounts read as in the list (role and who), never a bare id; 21–23 were deleted.
    assert "관리자 (삭제된 계정)" in page and "<td>22</td>" not in page


def test_monthly_review_defaults_to_last_month(officer_client):
    response = officer_client.get(reverse("admin:privacy_accesslogentry_review"))

    first_of_this_month = timezone.localdate().replace(day=1)
    assert response.context["report"].month == (
        first_of_this_month - datetime.timedelta(days=1)
    ).replace(day=1)


def test_permission_chain_entries_are_listed_with_their_chain(officer_client):
    access_log_append(
        actor=Actor(1, "staff", ""),
        action=AccessLogAction.PERMISSION_GRANT,
        chain=AccessLogChain.PERMISSION,
        subjects=[5],
    )

    response = officer_client.get(
        reverse("admin:privacy_accesslogentry_changelist") + "?chain__exact=permission"
    )

    assert [e.action for e in response.context["cl"].result_list] == ["permission_grant"]


def test_input_filters_keep_the_other_filters_when_applied(officer_client):
    access_log_append(actor=Actor(11, "staff", ""), action="view", subjects=[501])

    page = officer_client.get(
        reverse("admin:privacy_accesslogentry_changelist") + "?actor=11&action__exact=view&p=1"
    ).content.decode()

    # The subject box's form carries the actor and action filters, not the page number.
    assert '<input type="hidden" name="actor" value="11">' in page
    assert '<input type="hidden" name="action__exact" value="view">' in page
    assert 'name="p"' not in page

"""Reading the separate retention store (분리 보관): only holders of `retention.read_retained`,
only after a ground and a reason, every read in the access log (처리방침: DB로 옮겨진 개인정보는
내부 방침 또는 법률에 의한 경우가 아니고서는 다른 목적으로 이용되지 않습니다)."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from privacy.accesslog.models import AccessLogAction, AccessLogEntry
from privacy.keys import datakeys
from privacy.retention.models import RetainedRecord
from tests.conftest import make_staff
from tests.privacy.retention.test_store import withdraw_after_applying

REASON = {"ground": "dispute", "reason": "지원자 민원 #31 처리: 제출 자기소개서 확인"}
ANSWER = "처음 쓴 답변 1"  # what the withdrawn member sent (tests.recruiting.conftest)


@pytest.fixture
def record(member) -> RetainedRecord:
    withdraw_after_applying(member)
    return RetainedRecord.objects.get(source="recruiting.application")


def read_url(record) -> str:
    return reverse("admin:retention_retainedrecord_read", args=[record.pk])


def reads() -> list[AccessLogEntry]:
    return list(
        AccessLogEntry.objects.filter(
            action=AccessLogAction.REVEAL, target_type="retention.retainedrecord"
        )
    )


def staff_with(*codenames: str) -> User:
    user = make_staff("keeper", "keeper-password-123")
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


@pytest.fixture
def keeper(db) -> User:
    """The retention role: may see the store in the admin and read a record with a reason."""
    return staff_with("view_retainedrecord", "read_retained")


def test_keeper_reads_a_record_after_stating_a_reason_and_the_read_is_logged(
    client, keeper, record
):
    client.force_login(keeper)

    form = client.get(read_url(record))
    response = client.post(read_url(record), REASON)

    assert form.status_code == 200 and ANSWER not in form.content.decode()
    assert "no-store" in form["Cache-Control"]
    page = response.content.decode()
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert ANSWER in page and "라이프컴퍼니" in page  # the letter and the profile's 경력
    # Korean labels, not the snapshot's keys.
    assert "자기소개서 제목" in page and "희망 직무" in page and "입사" in page
    assert "job_title" not in page and "desired_job" not in page
    (entry,) = reads()
    assert entry.reason_text == "분쟁·민원 대응: 지원자 민원 #31 처리: 제출 자기소개서 확인"
    assert (entry.actor_id, entry.target_id) == (keeper.pk, str(record.pk))
    assert entry.detail == {
        "ground": "dispute",
        "source": "recruiting.application",
        "retained_subject": str(record.subject),
    }


def test_an_offer_reads_with_its_label(client, keeper, record):
    offer = RetainedRecord.objects.get(source="recruiting.offer")
    client.force_login(keeper)

    page = client.post(read_url(offer), {**REASON, "ground": "law"}).content.decode()

    assert "입사 제안 메시지쀍" in page and "제안 내용" in page
    assert reads()[0].reason_text.startswith("법령에 따른 요청")


def test_read_permission_without_a_reason_is_refused_in_korean_and_not_logged(
    client, keeper, record
):
    client.force_login(keeper)

    missing = client.post(read_url(record), {"ground": "contract"})
    short = client.post(read_url(record), {"ground": "contract", "reason": "확인     용"})
    no_ground = client.post(read_url(record), {"reason": REASON["reason"]})

    for response in (missing, short, no_ground):
        page = response.content.decode()
        assert ANSWER not in page and "no-store" in response["Cache-Control"]
        assert "내용을 보여 드리지 않아요" in page
    assert "열람 사유를 적어 주세요." in missing.content.decode()
    assert "열람 사유를 10자 이상 적어 주세요." in short.content.decode()
    assert "열람 근거를 골라 주세요." in no_ground.content.decode()
    assert reads() == []


def test_staff_without_the_read_permission_are_refused(client, staff, record):
    client.force_login(staff)

    response = client.post(read_url(record), REASON)

    assert response.status_code == 403 and "권한이 있는 담당자만" in response.content.decode()
    assert ANSWER not in response.content.decode()
    assert reads() == []


def test_view_permission_alone_shows_the_record_but_never_its_content(client, record):
    viewer = staff_with("view_retainedrecord")
    client.force_login(viewer)
    change = reverse("admin:retention_retainedrecord_change", args=[record.pk])

    page = client.get(change).content.decode()
    refused = client.post(read_url(record), REASON)

    assert client.get(change).status_code == 200
    assert ANSWER not in page and read_url(record) not in page
    assert refused.status_code == 403 and ANSWER not in refused.content.decode()
    assert reads() == []


def test_read_permission_alone_does_not_open_the_store(client, record):
    client.force_login(staff_with("read_retained"))

    response = client.post(read_url(record), REASON)

    assert response.status_code == 403 and reads() == []


def test_keeper_sees_the_link_to_the_reading_page(client, keeper, record):
    client.force_login(keeper)

    page = client.get(
        reverse("admin:retention_retainedrecord_change", args=[record.pk])
    ).content.decode()

    assert read_url(record) in page and ANSWER not in page


# The record's own member has withdrawn (no account): another member stands for members.
@pytest.mark.parametrize("who", ["other_member", "consultant", "anonymous"])
def test_members_consultants_and_visitors_cannot_reach_the_reading_page(
    client, request, record, who
):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))

    response = client.post(read_url(record), REASON)

    assert response.status_code == 302 and "login" in response["Location"]
    assert reads() == []


def test_a_record_whose_key_was_destroyed_says_so(client, keeper, record):
    datakeys.destroy_subject_keys(record.subject)
    client.force_login(keeper)

    shown = client.get(read_url(record))
    posted = client.post(read_url(record), REASON)

    for response in (shown, posted):
        assert response.status_code == 410 and "no-store" in response["Cache-Control"]
        assert "파기된 기록이에요" in response.content.decode()
        assert 'name="reason"' not in response.content.decode()
    assert reads() == []


def test_a_record_past_its_keeping_is_not_read_even_before_the_job_runs(client, keeper, record):
    RetainedRecord.objects.filter(pk=record.pk).update(
        destroy_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    client.force_login(keeper)

    response = client.post(read_url(record), REASON)

    assert response.status_code == 410 and "파기 대상" in response.content.decode()
    assert ANSWER not in response.content.decode() and reads() == []


def test_lists_and_record_pages_do_not_decrypt_the_payload(client, keeper, record):
    client.force_login(keeper)
    datakeys.clear_key_cache()

    with CaptureQueriesContext(connection) as queries:
        listing = client.get(reverse("admin:retention_retainedrecord_changelist"))
        detail = client.get(reverse("admin:retention_retainedrecord_change", args=[record.pk]))

    assert listing.status_code == detail.status_code == 200
    # No data key was even loaded to render them.
    assert not [q for q in queries if "privacy_datakey" in q["sql"]]


def test_a_keeper_without_a_current_designation_cannot_read_and_is_logged(client, record):
    """The store's read page decrypts a withdrawn member's kept records: only designated,
    educated staff open it (decision 0022), whatever their permissions."""
    lapsed = make_staff("lapsed", "lapsed-password-123", designated=False)
    lapsed.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_retainedrecord", "read_retained"])
    )
    client.force_login(lapsed)

    response = client.post(read_url(record), REASON)

    assert response.status_code == 403 and ANSWER not in response.content.decode()
    assert reads() == []
    assert AccessLogEntry.objects.filter(action=AccessLogAction.DENIED).count() == 1

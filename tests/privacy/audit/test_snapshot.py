"""What the desk gathers for a quarter's audit: each section, no member's personal data in it,
and a cost that does not grow with the number of staff, requests or entries."""

import datetime
import json

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from privacy.audit.snapshot import NO_DESIGNATION, audit_snapshot
from privacy.consents.models import ConsentRecord
from privacy.notices.models import PolicyVersion
from privacy.notices.selectors import policy_timeline_forget
from privacy.retention.models import DestructionRun, PendingSummary
from privacy.rights.models import RightsRequest, RightsStatus
from tests.conftest import make_member, make_staff
from tests.privacy.audit.support import AFTER_Q3, Q3, clerk, kst, used
from tests.privacy.rights_support import file_request


def test_access_lists_who_holds_which_access_and_when_they_last_used_it(db):
    member = make_member()
    with time_machine.travel(kst(2026, 9, 20, 14, 0), tick=False):
        busy = clerk("busy", "reveal_personal_data", "view_rightsrequest")
        used(busy, members=[member])
    with time_machine.travel(kst(2026, 5, 1, 9, 0), tick=False):
        idle = clerk("idle", "view_profile", designated=False)
        used(idle, members=[member])
    with time_machine.travel(kst(2026, 9, 30, 9, 0), tick=False):
        # Signing in is not using access to personal data.
        used(idle, action="sign_in")
    make_staff("plain")  # staff, but no permission on personal data

    access = audit_snapshot(Q3, now=AFTER_Q3)["access"]
    accounts = {a["username"]: a for a in access["accounts"]}

    assert accounts["busy"]["permissions"] == sorted(
        ["마스킹된 개인정보 열람", f"{RightsRequest._meta.verbose_name} 조회"]
    )
    assert accounts["busy"]["last_use"] == "2026-09-20 14:00"
    assert not accounts["busy"]["idle"]
    assert accounts["idle"]["last_entry"] == "2026-09-30 09:00"
    assert accounts["idle"]["last_use"] == "2026-05-01 09:00"
    assert accounts["idle"]["idle"]
    assert accounts["plain"]["permissions"] == [] and not accounts["plain"]["idle"]
    # Designated (tests.conftest.make_staff) and educated: the audit names the role; an account
    # holding access without a designation is said to have none, and counted.
    assert accounts["busy"]["designation"]["role"] == "개인정보취급자"
    assert accounts["busy"]["designation"]["current"] is True
    assert accounts["busy"]["designation_text"] == "개인정보취급자 (유효)"
    assert accounts["idle"]["designation"] is None
    assert accounts["idle"]["designation_text"] == NO_DESIGNATION
    assert access["holding"] == 2 and access["undesignated"] == 1

    idle_section = audit_snapshot(Q3, now=AFTER_Q3)["idle"]
    assert [a["username"] for a in idle_section["accounts"]] == ["idle"]


def test_rights_requests_answered_late_are_listed_by_id_kind_and_days(member):
    on_time = file_request(member, now=kst(2026, 8, 1))
    late = file_request(member, now=kst(2026, 8, 3))
    still_open = file_request(member, now=kst(2026, 9, 25))
    RightsRequest.objects.filter(pk=on_time.pk).update(
        status=RightsStatus.COMPLETED, closed_at=kst(2026, 8, 10)
    )
    RightsRequest.objects.filter(pk=late.pk).update(
        status=RightsStatus.COMPLETED, closed_at=kst(2026, 8, 16)
    )

    rights = audit_snapshot(Q3, now=AFTER_Q3)["rights"]

    assert rights["closed"] == 2
    assert rights["late"] == [
        {
            "id": late.pk,
            "kind": "정정",
            "due_date": "2026-08-13",
            "closed_on": "2026-08-16",
            "days_late": 3,
        }
    ]
    # Received 25 Sep, due 5 Oct: not yet past due at the quarter's end.
    assert rights["open_overdue"] == []
    RightsRequest.objects.filter(pk=still_open.pk).update(due_date=datetime.date(2026, 9, 28))
    assert [r["id"] for r in audit_snapshot(Q3, now=AFTER_Q3)["rights"]["open_overdue"]] == [
        still_open.pk
    ]


def test_destruction_done_in_the_quarter_and_overdue(db):
    for started, count in ((kst(2026, 7, 2, 3, 0), 4), (kst(2026, 8, 2, 3, 0), 6)):
        DestructionRun.objects.create(
            job="destruction-daily",
            category="회원 가입",
            legal_basis="-",
            method="키 파기",
            count=count,
            started_at=started,
            finished_at=started,
        )
    DestructionRun.objects.create(  # another quarter
        job="destruction-daily",
        category="회원 가입",
        legal_basis="-",
        method="-",
        count=9,
        started_at=kst(2026, 10, 2, 3, 0),
        finished_at=kst(2026, 10, 2, 3, 0),
    )
    PendingSummary.objects.create(
        computed_at=kst(2026, 10, 4, 3, 10),
        days=30,
        rows=[
            {"category": "회원 가입", "due_now": 2, "due_soon": 5},
            {"category": "서비스 이용", "due_now": 0, "due_soon": 1},
        ],
    )

    destruction = audit_snapshot(Q3, now=AFTER_Q3)["destruction"]

    assert destruction["by_category"] == [{"category": "회원 가입", "runs": 2, "count": 10}]
    assert destruction["destroyed"] == 10
    assert destruction["overdue"] == [{"category": "회원 가입", "due_now": 2}]
    assert destruction["overdue_total"] == 2


def test_consents_are_checked_against_the_version_in_force_that_day(db):
    PolicyVersion.objects.create(version="v1", effective_date=datetime.date(2026, 1, 1))
    PolicyVersion.objects.create(version="v2", effective_date=datetime.date(2026, 8, 15))
    policy_timeline_forget()
    member = make_member()
    ConsentRecord.objects.filter(member=member).delete()
    for at, version in (
        (kst(2026, 8, 1), "v1"),  # right
        (kst(2026, 8, 20), "v2"),  # right
        (kst(2026, 8, 20), "v1"),  # asked under the old text after v2 came into force
        (kst(2026, 6, 20), "v1"),  # another quarter
    ):
        ConsentRecord.objects.create(
            member=member,
            purpose="kakaotalk",
            granted=True,
            policy_version=version,
            channel="settings",
            recorded_at=at,
        )

    consents = audit_snapshot(Q3, now=AFTER_Q3)["consents"]

    assert consents["total"] == 3
    assert consents["mismatched"] == 1
    assert consents["versions"] == [
        {"version": "v1", "count": 2, "mismatched": 1, "in_force": ["v1", "v2"]},
        {"version": "v2", "count": 1, "mismatched": 0, "in_force": ["v2"]},
    ]
    assert consents["in_force_during"] == ["v1", "v2"]


def test_access_log_is_verified_and_each_month_of_the_quarter_reviewed(db):
    account = clerk("clerk", "reveal_personal_data")
    with time_machine.travel(kst(2026, 8, 5, 23, 30), tick=False):
        used(account, members=[make_member()])

    log = audit_snapshot(Q3, now=AFTER_Q3)["access_log"]

    assert log["ok"] and log["problems"] == []
    assert [m["month"] for m in log["reviews"]] == ["2026-07", "2026-08", "2026-09"]
    august = log["reviews"][1]
    assert august["entries"] == 1 and august["off_hours"] == 1
    assert not august["recorded"]


def test_keys_show_the_master_key_and_data_keys_age(db):
    with time_machine.travel(kst(2026, 7, 5), tick=False):
        make_member()
    keys = audit_snapshot(Q3, now=AFTER_Q3)["keys"]
    assert keys["master_kid"]
    assert keys["active_data_keys"] >= 1
    assert keys["oldest_active_key_age_days"] >= 92
    assert keys["last_rotation"] is None


def test_the_snapshot_holds_no_members_personal_data(db):
    member = make_member(name="홍길순", phone="010-9876-5432")
    account = clerk("clerk", "reveal_personal_data")
    with time_machine.travel(kst(2026, 8, 5), tick=False):
        used(account, members=[member])
        file_request(member, now=kst(2026, 8, 5))
    text = json.dumps(audit_snapshot(Q3, now=AFTER_Q3), ensure_ascii=False)
    assert "홍길순" not in text
    assert "9876" not in text
    assert member.username not in text
    assert "clerk" in text  # staff accounts are named: who holds access is the point


def _staff_requests_entries(n: int) -> None:
    for i in range(n):
        account = clerk(f"clerk{n}-{i}", "reveal_personal_data", "view_profile")
        member = make_member(phone=f"010-3{n:03d}-{i:04d}")
        with time_machine.travel(kst(2026, 8, 5, 10, 0), tick=False):
            used(account, members=[member])
        request = file_request(member, now=kst(2026, 8, 1))
        RightsRequest.objects.filter(pk=request.pk).update(
            status=RightsStatus.COMPLETED, closed_at=kst(2026, 8, 20)
        )


def test_preparing_costs_the_same_queries_for_1_and_50_staff_requests_and_entries(db):
    _staff_requests_entries(1)
    audit_snapshot(Q3, now=AFTER_Q3)  # warm caches
    with CaptureQueriesContext(connection) as one:
        first = audit_snapshot(Q3, now=AFTER_Q3)
    _staff_requests_entries(50)
    with CaptureQueriesContext(connection) as fifty:
        second = audit_snapshot(Q3, now=AFTER_Q3)
    assert len(first["access"]["accounts"]) == 1
    assert len(second["access"]["accounts"]) == 51
    assert len(second["rights"]["late"]) == 51
    assert len(fifty) == len(one)

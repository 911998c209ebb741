"""Staff screens: usage statistics (aggregates only) and the destruction ledger (read-only,
CSV export)."""

import datetime
import re

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from privacy.retention.models import DestructionRun
from tests.conftest import make_staff
from usage.models import UsageEvent

STATS = "/admin/usage/usageevent/"
LEDGER = "/admin/retention/destructionrun/"


def staff_with(*codenames):
    user = make_staff("officer1", "officer-password-123")
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return user


@pytest.fixture
def events(db):
    now = timezone.now()
    rows = [
        UsageEvent(member_id=777001, page="home:home", method="GET", os="iOS 17.5",
                   device="iPhone", at=now - datetime.timedelta(days=1)),
        UsageEvent(member_id=777001, page="coverletters:detail", method="GET", os="iOS 17.5",
                   device="iPhone", at=now - datetime.timedelta(days=1)),
        UsageEvent(member_id=777002, page="home:home", method="GET", os="Android 14",
                   device="SM-S918N", at=now),
        UsageEvent(member_id=777003, page="home:home", method="GET", os="Android 14",
                   device="SM-S918N", at=now - datetime.timedelta(days=45)),
    ]  # fmt: skip
    return UsageEvent.objects.bulk_create(rows)


def test_statistics_page_shows_aggregates_and_no_member(client, events, settings):
    settings.USAGE_STATS_MIN_GROUP = 1  # the aggregates themselves, nothing withheld
    client.force_login(staff_with("view_usageevent"))

    response = client.get(STATS)

    assert response.status_code == 200
    stats = response.context["stats"]
    assert sum(row["members"] for row in stats.daily) == 2  # 777003 is older than 30 days
    assert {(r["page"], r["uses"], r["members"]) for r in stats.features} == {
        ("home:home", 2, 2),
        ("coverletters:detail", 1, 1),
    }
    page = response.content.decode()
    assert "777001" not in page and "SM-S918N" not in page and "iPhone" not in page
    assert client.get(f"{STATS}{events[0].pk}/change/").status_code == 404


def test_statistics_page_is_closed_to_staff_without_permission_members_and_visitors(
    client, events, member
):
    assert client.get(STATS).status_code == 302
    client.force_login(member)
    assert client.get(STATS).status_code == 302
    client.force_login(make_staff("staff2", "staff-password-123"))
    assert client.get(STATS).status_code == 403


def use(members: int, page: str, *, times: int = 1, at=None) -> None:
    """`members` distinct members, each opening `page` `times` times (a day ago by default)."""
    at = at or timezone.now() - datetime.timedelta(days=1)
    UsageEvent.objects.bulk_create(
        UsageEvent(member_id=880000 + m, page=page, method="GET", at=at)
        for m in range(members)
        for _ in range(times)
    )


def cells(page: str, label: str) -> list[str]:
    """The other cells of the table row whose first cell is `label`."""
    row = re.search(rf"<tr><td>{re.escape(label)}</td>(.*?)</tr>", page)
    assert row, f"no row {label}"
    return re.findall(r"<td>(.*?)</td>", row.group(1))


def test_a_feature_used_by_three_members_shows_fewer_than_five_not_its_counts(client, db):
    use(3, "coverletters:detail", times=7)  # 21 uses by 3 members
    client.force_login(staff_with("view_usageevent"))

    response = client.get(STATS)

    page = response.content.decode()
    assert cells(page, "coverletters:detail") == ["비공개", "5명 미만"]
    day = timezone.localdate(timezone.now() - datetime.timedelta(days=1)).isoformat()
    assert cells(page, day) == ["5명 미만"]
    assert ">21<" not in page and ">3<" not in page and ">7<" not in page
    (feature,) = response.context["stats"].features
    assert (feature["uses"], feature["members"]) == (None, None)  # not even in the context


def test_a_feature_used_by_five_members_shows_its_counts(client, db):
    use(5, "coverletters:detail", times=3)
    client.force_login(staff_with("view_usageevent"))

    page = client.get(STATS).content.decode()

    assert cells(page, "coverletters:detail") == ["15", "5"]
    day = timezone.localdate(timezone.now() - datetime.timedelta(days=1)).isoformat()
    assert cells(page, day) == ["5"]


def test_withheld_features_come_last_in_name_order_so_their_place_tells_nothing(
    client, db, settings
):
    settings.USAGE_STATS_MIN_GROUP = 3
    use(3, "profiles:edit", times=1)
    use(2, "coverletters:detail", times=1)
    use(2, "experiences:list", times=40)
    client.force_login(staff_with("view_usageevent"))

    stats = client.get(STATS).context["stats"]

    assert [(f["page"], f["uses"], f["members"]) for f in stats.features] == [
        ("profiles:edit", 3, 3),
        ("coverletters:detail", None, None),
        ("experiences:list", None, None),
    ]
    assert stats.below_min_group == "3명 미만"


@pytest.mark.parametrize("members", [1, 50])
def test_statistics_page_query_count_does_not_grow_with_records(
    client, db, django_assert_num_queries, members
):
    client.force_login(staff_with("view_usageevent"))
    for n in range(members):
        use(members, f"page:{n}", times=2)

    # Session, user, two permission lookups; the three aggregates; the staff session's idle
    # timestamp saved (savepoint, update, release).
    with django_assert_num_queries(10):
        assert client.get(STATS).status_code == 200


@pytest.fixture
def ledger(db):
    now = timezone.now()
    return DestructionRun.objects.create(
        job="usage-destroy-withdrawn", category="서비스 이용", legal_basis="처리방침",
        method="행 삭제", count=12, started_at=now, finished_at=now,
    )  # fmt: skip


def test_privacy_officer_reads_the_ledger_and_cannot_change_it(client, ledger):
    client.force_login(staff_with("view_destructionrun"))

    page = client.get(LEDGER)
    assert page.status_code == 200 and "서비스 이용" in page.content.decode()
    assert client.get(f"{LEDGER}{ledger.pk}/change/").status_code == 200
    assert client.post(f"{LEDGER}{ledger.pk}/change/", {"count": 0}).status_code == 403
    assert client.get(f"{LEDGER}add/").status_code == 403
    assert client.get(f"{LEDGER}{ledger.pk}/delete/").status_code == 403
    ledger.refresh_from_db()
    assert ledger.count == 12


def test_ledger_exports_as_csv(client, ledger):
    client.force_login(staff_with("view_destructionrun"))

    response = client.post(
        LEDGER, {"action": "export_csv", "_selected_action": [ledger.pk], "index": 0}
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    # The guideline's 파기 관리대장 columns (privacy.retention.admin.CSV_HEADER).
    assert lines[0].startswith("번호,파기 일시,구분,파기 대상 (분류),건수,보관 기한,파기 방법")
    assert ",파기,서비스 이용,12,,행 삭제,usage-destroy-withdrawn,미확인,처리방침," in lines[1]


def test_ledger_is_closed_to_staff_without_permission_and_members(client, ledger, member):
    client.force_login(member)
    assert client.get(LEDGER).status_code == 302
    client.force_login(make_staff("staff2", "staff-password-123"))
    assert client.get(LEDGER).status_code == 403

"""The officer designates the staff who handle personal data and records their education in the
admin. A superuser always reaches these pages, designated or not (nobody is locked out), but
nobody designates themselves; each grant and end is in the access log's permission chain."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from privacy.accesslog.models import AccessLogAction, AccessLogChain, AccessLogEntry
from privacy.staff.designation import staff_may_handle_personal_data
from privacy.staff.models import PrivacyEducation, StaffAccessRule, StaffDesignation, StaffRole
from tests.conftest import designate_staff, make_staff
from tests.profiles.factories import make_profile

pytestmark = pytest.mark.django_db

SCOPE = "열람·정정 요구 처리를 위한 회원 프로필 조회"


@pytest.fixture
def engineer(client):
    """A superuser who is not designated: kept out of members' data, not out of this desk."""
    user = make_staff("engineer", superuser=True, designated=False)
    client.force_login(user)
    client.user = user
    return client


def designate(client, staff, **fields):
    data = {
        "staff": staff.pk,
        "role": StaffRole.HANDLER,
        "scope": SCOPE,
        "designated_on": timezone.localdate().isoformat(),
        "ended_on": "",
        **fields,
    }
    return client.post(reverse("admin:privacy_staffdesignation_add"), data)


def permission_entries():
    return list(AccessLogEntry.objects.filter(chain=AccessLogChain.PERMISSION).order_by("seq"))


def test_an_undesignated_superuser_still_opens_the_designation_desk(engineer):
    for name in ("staffdesignation", "privacyeducation", "managementplan"):
        assert engineer.get(reverse(f"admin:privacy_{name}_changelist")).status_code == 200
    assert engineer.get(reverse("admin:privacy_staffdesignation_add")).status_code == 200


def test_designating_a_colleague_lets_them_open_members_data_and_is_recorded(engineer, member):
    colleague = make_staff("clerk", superuser=True, designated=False)
    PrivacyEducation.objects.create(
        staff=colleague, course="개인정보 보호 교육", completed_on=timezone.localdate(), hours=2
    )

    response = designate(engineer, colleague)

    assert response.status_code == 302
    designation = StaffDesignation.objects.get(staff=colleague)
    assert designation.designated_by == engineer.user and designation.scope == SCOPE
    assert staff_may_handle_personal_data(colleague)
    [entry] = permission_entries()
    assert entry.action == AccessLogAction.PERMISSION_GRANT
    assert entry.actor_id == engineer.user.pk and entry.subject_ids == [colleague.pk]
    assert entry.target_type == "privacy.staffdesignation"
    assert entry.detail["after"]["role"] == StaffRole.HANDLER


def test_nobody_designates_themselves(engineer):
    response = designate(engineer, engineer.user, role=StaffRole.OFFICER)

    assert response.status_code == 200
    assert "본인을 직접 지정할 수는 없습니다" in response.content.decode()
    assert not StaffDesignation.objects.exists()


def test_one_open_designation_per_account_and_an_end_after_the_start(engineer):
    colleague = make_staff("clerk")  # designated by make_staff

    second = designate(engineer, colleague)
    backwards = designate(
        engineer,
        make_staff("other", designated=False),
        designated_on="2026-03-02",
        ended_on="2026-03-01",
    )

    assert "해제되지 않은 지정이 이미 있습니다" in second.content.decode()
    assert "지정 해제일은 지정일과 같거나 그 뒤여야 합니다" in backwards.content.decode()
    assert StaffDesignation.objects.count() == 1


def test_ending_a_designation_closes_members_data_and_is_a_revocation(engineer, member):
    clerk = make_staff("clerk")
    designation = StaffDesignation.objects.get(staff=clerk)
    profile = make_profile(member)
    url = reverse("admin:privacy_staffdesignation_change", args=[designation.pk])

    response = engineer.post(
        url,
        {
            "role": designation.role,
            "scope": designation.scope,
            "ended_on": timezone.localdate().isoformat(),
        },
    )

    assert response.status_code == 302
    assert not staff_may_handle_personal_data(clerk)
    [entry] = permission_entries()
    assert entry.action == AccessLogAction.PERMISSION_REVOKE and entry.subject_ids == [clerk.pk]
    engineer.force_login(clerk)
    page = engineer.get(reverse("admin:profiles_profile_change", args=[profile.pk]))
    assert page.status_code == 403
    engineer.force_login(make_staff("root2", superuser=True, designated=False))
    listing = engineer.get(reverse("admin:privacy_staffdesignation_changelist"))
    assert "해제됨" in listing.content.decode()


def test_a_designated_account_is_kept_not_deleted(engineer):
    clerk = make_staff("clerk")

    engineer.post(reverse("admin:accounts_user_delete", args=[clerk.pk]), {"post": "yes"})

    assert StaffDesignation.objects.filter(staff=clerk).exists()
    assert type(clerk).objects.filter(pk=clerk.pk).exists()
    assert (
        engineer.get(
            reverse(
                "admin:privacy_staffdesignation_delete", args=[StaffDesignation.objects.get().pk]
            )
        ).status_code
        == 403
    )


def test_the_list_shows_who_needs_education(engineer):
    lapsed = make_staff("lapsed")
    lapsed.privacy_educations.update(
        completed_on=timezone.localdate() - datetime.timedelta(days=400)
    )
    make_staff("current")

    page = engineer.get(reverse("admin:privacy_staffdesignation_changelist")).content.decode()

    assert "교육 필요 (열람 불가)" in page and "가능" in page
    assert "개인정보취급자" in page  # the role, in Korean


def test_recording_an_education_names_who_recorded_it_and_refuses_a_future_date(engineer):
    clerk = make_staff("clerk", designated=False)
    url = reverse("admin:privacy_privacyeducation_add")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    refused = engineer.post(
        url,
        {"staff": clerk.pk, "course": "개인정보 보호 교육", "completed_on": tomorrow, "hours": "2"},
    )
    done = engineer.post(
        url,
        {
            "staff": clerk.pk,
            "course": "개인정보 보호 교육 (2026년)",
            "completed_on": timezone.localdate().isoformat(),
            "hours": "2.5",
        },
    )

    assert "이수일은 오늘이나 그 이전 날짜여야 합니다" in refused.content.decode()
    assert done.status_code == 302
    education = PrivacyEducation.objects.get(staff=clerk)
    assert education.recorded_by == engineer.user and str(education.hours) == "2.5"


def test_only_staff_accounts_can_be_designated(engineer, member):
    response = designate(engineer, member)

    assert response.status_code == 200
    assert not StaffDesignation.objects.exists()


def test_the_officer_changes_the_education_rule_in_the_admin_and_it_is_recorded(engineer):
    listing = engineer.get(reverse("admin:privacy_staffaccessrule_changelist"))
    assert listing.status_code == 302
    url = listing["Location"]

    page = engineer.get(url).content.decode()
    too_short = engineer.post(url, {"education_valid_days": "7"})
    assert "교육 유효 기간(일)" in page and 'value="365"' in page
    assert too_short.status_code == 200 and "30 이상" in too_short.content.decode()
    assert StaffAccessRule.objects.get().education_valid_days == 365

    response = engineer.post(url, {"education_valid_days": "180"})

    assert response.status_code == 302
    rule = StaffAccessRule.objects.get()
    assert rule.education_valid_days == 180 and rule.changed_by == engineer.user
    [entry] = permission_entries()
    assert entry.action == AccessLogAction.PERMISSION_CHANGE
    assert entry.detail == {
        "before": {"education_valid_days": 365},
        "after": {"education_valid_days": 180},
    }


def test_staff_who_are_neither_superuser_nor_officer_only_read_the_desk(client):
    from django.contrib.auth.models import Permission

    clerk = make_staff("clerk")
    clerk.user_permissions.add(*Permission.objects.filter(codename__endswith="staffdesignation"))
    client.force_login(clerk)

    assert client.get(reverse("admin:privacy_staffdesignation_changelist")).status_code == 200
    assert client.get(reverse("admin:privacy_staffdesignation_add")).status_code == 403


def test_nobody_changes_their_own_designation(client):
    officer = make_staff("officer", superuser=True, designated=False)
    designation = designate_staff(officer, role=StaffRole.OFFICER, ended_on=timezone.localdate())
    client.force_login(officer)

    response = client.post(
        reverse("admin:privacy_staffdesignation_change", args=[designation.pk]),
        {"role": StaffRole.OFFICER, "scope": designation.scope, "ended_on": ""},
    )

    assert "본인의 지정은 직접 고칠 수 없습니다" in response.content.decode()
    designation.refresh_from_db()
    assert designation.ended_on == timezone.localdate()


def test_the_admin_index_names_the_desk_in_korean(engineer):
    page = engineer.get(reverse("admin:index")).content.decode()

    for label in (
        "내부관리계획",
        "개인정보취급자 지정",
        "개인정보 보호 교육 이수",
        "개인정보취급자 접근 기준",
    ):
        assert label in page
    for raw in ("Management plan", "Staff designation", "Privacy education", "Staff access rule"):
        assert raw not in page

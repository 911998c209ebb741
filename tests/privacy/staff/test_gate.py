"""개인정보처리방침 "개인정보를 처리하는 직원을 지정하고 담당자에 한정시켜 최소화": only staff
designated to handle personal data, whose privacy education is current under the officer's rule,
open members' data in the admin. Being a superuser is not a designation. A refused attempt is
in the access log (접근 거부), naming the account, the model and the member when known."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from privacy.accesslog.models import AccessLogAction, AccessLogEntry
from privacy.staff.designation import (
    Refusal,
    staff_designations,
    staff_may_handle_personal_data,
)
from privacy.staff.models import StaffAccessRule, StaffDesignation, StaffRole
from tests.conftest import designate_staff, make_member, make_staff
from tests.profiles.factories import make_profile

pytestmark = pytest.mark.django_db

REASON = "정정 요구 처리를 위한 확인 (요청 #12)"


def today() -> datetime.date:
    return timezone.localdate()


def undesignated():
    return make_staff("engineer", superuser=True, designated=False)


def education_366_days_old():
    user = make_staff("lapsed", superuser=True, designated=False)
    designate_staff(user, educated_on=today() - datetime.timedelta(days=366))
    return user


def designation_ended():
    user = make_staff("former", superuser=True, designated=False)
    designate_staff(user, ended_on=today())  # ended_on is the first day without it
    return user


REFUSED = {
    "undesignated": (undesignated, Refusal.NOT_DESIGNATED),
    "education_366_days_old": (education_366_days_old, Refusal.EDUCATION_EXPIRED),
    "designation_ended": (designation_ended, Refusal.NOT_DESIGNATED),
}


@pytest.fixture
def profile(member):
    return make_profile(member, name="홍길동")


def denied_entries():
    return list(AccessLogEntry.objects.filter(action=AccessLogAction.DENIED).order_by("seq"))


@pytest.mark.parametrize("kind", REFUSED)
def test_staff_without_current_designation_or_education_cannot_open_a_members_profile(
    client, profile, member, kind
):
    make, why = REFUSED[kind]
    user = make()
    client.force_login(user)
    change = reverse("admin:profiles_profile_change", args=[profile.pk])
    reveal = reverse("admin:profiles_profile_reveal", args=[profile.pk])

    responses = [
        client.get(reverse("admin:profiles_profile_changelist")),
        client.get(change),
        client.get(reveal),
        client.post(reveal, {"reason": REASON}),
        client.get(reverse("admin:profiles_profile_history", args=[profile.pk])),
        client.get(reverse("admin:profiles_profile_delete", args=[profile.pk])),
    ]

    assert [r.status_code for r in responses] == [403] * 6
    assert "홍길동" not in "".join(r.content.decode() for r in responses)
    # The page says why and whom to ask, in the access log's words.
    assert f"(사유: {why})" in responses[0].content.decode()
    assert "개인정보 보호책임자에게 문의해 주세요" in responses[0].content.decode()
    assert not staff_may_handle_personal_data(user)
    # Each attempt is in the access log, naming the account, the model and (when the page
    # names one object) whose data it was; nothing was logged as seen.
    entries = denied_entries()
    assert len(entries) == 6
    assert {e.actor_id for e in entries} == {user.pk}
    assert {e.target_type for e in entries} == {"profiles.profile"}
    assert [e.subject_ids for e in entries] == [[]] + [[member.pk]] * 5
    assert {e.detail["why"] for e in entries} == {str(why)}
    seen = (AccessLogAction.LIST, AccessLogAction.VIEW, AccessLogAction.REVEAL)
    assert not AccessLogEntry.objects.filter(action__in=seen, actor_id=user.pk)


def test_designated_and_educated_staff_open_the_profile(client, profile, member):
    user = make_staff("handler", superuser=True)  # designated, educated today
    client.force_login(user)

    changelist = client.get(reverse("admin:profiles_profile_changelist"))
    change = client.get(reverse("admin:profiles_profile_change", args=[profile.pk]))
    reveal = client.post(
        reverse("admin:profiles_profile_reveal", args=[profile.pk]), {"reason": REASON}
    )

    assert (changelist.status_code, change.status_code, reveal.status_code) == (200, 200, 200)
    assert "홍길동" in reveal.content.decode()
    assert not denied_entries()


def test_a_handler_who_is_not_a_superuser_opens_what_their_permissions_allow(client, profile):
    user = make_staff("clerk")
    user.user_permissions.add(*Permission.objects.filter(codename="view_profile"))
    client.force_login(user)

    assert client.get(reverse("admin:profiles_profile_changelist")).status_code == 200


def test_education_exactly_a_year_old_still_counts_and_a_day_more_does_not(client, profile):
    user = make_staff("handler", superuser=True, designated=False)
    designation = designate_staff(user, educated_on=today() - datetime.timedelta(days=365))
    client.force_login(user)
    url = reverse("admin:profiles_profile_change", args=[profile.pk])

    assert client.get(url).status_code == 200
    assert staff_designations()[user.pk].current

    designation.staff.privacy_educations.update(completed_on=today() - datetime.timedelta(days=366))
    assert client.get(url).status_code == 403
    assert not staff_designations()[user.pk].current


def test_the_officers_rule_decides_how_recent_the_education_must_be(client, profile):
    user = education_366_days_old()
    client.force_login(user)
    url = reverse("admin:profiles_profile_change", args=[profile.pk])
    assert client.get(url).status_code == 403

    StaffAccessRule.objects.update_or_create(pk=1, defaults={"education_valid_days": 400})
    assert client.get(url).status_code == 200

    StaffAccessRule.objects.filter(pk=1).update(education_valid_days=180)
    user.privacy_educations.update(completed_on=today() - datetime.timedelta(days=200))
    assert client.get(url).status_code == 403


def test_a_designation_that_has_not_begun_yet_opens_nothing(client, profile):
    user = make_staff("newcomer", superuser=True, designated=False)
    designate_staff(user, designated_on=today() + datetime.timedelta(days=1))
    client.force_login(user)

    assert client.get(reverse("admin:profiles_profile_changelist")).status_code == 403


def test_a_deactivated_account_is_no_longer_designated():
    user = make_staff("leaver")
    assert staff_may_handle_personal_data(user)
    user.is_active = False
    user.save(update_fields=["is_active"])

    assert not staff_may_handle_personal_data(user)
    assert user.pk not in staff_designations()


def test_staff_designations_names_role_scope_dates_and_whether_current():
    officer = make_staff("officer", designated=False)
    designate_staff(officer, role=StaffRole.OFFICER)
    lapsed = education_366_days_old()
    make_staff("engineer", designated=False)
    former = designation_ended()

    found = staff_designations()

    assert set(found) == {officer.pk, lapsed.pk}
    assert found[officer.pk].role == "개인정보 보호책임자" and found[officer.pk].current
    assert found[officer.pk].educated_on == today()
    assert found[lapsed.pk].scope and not found[lapsed.pk].current
    assert former.pk not in found
    assert StaffDesignation.objects.filter(staff=former).exists()


def test_the_decision_is_made_once_per_request_so_list_pages_cost_the_same_for_1_and_50(client):
    user = make_staff("handler", superuser=True)
    client.force_login(user)
    url = reverse("admin:profiles_profile_changelist")
    make_profile(make_member())
    client.get(url)  # warm caches (content types, permissions)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for i in range(49):
        make_profile(make_member(phone=f"010-1000-{i:04d}"))
    with CaptureQueriesContext(connection) as fifty:
        response = client.get(url)

    def counted(queries) -> list[str]:
        # Each row's data key is the encryption layer's; everything else must not grow.
        return [q["sql"] for q in queries if "privacy_datakey" not in q["sql"]]

    assert response.status_code == 200
    assert len(counted(fifty)) == len(counted(one))
    # The gate: one query for the whole page, whatever the rows, columns and inlines.
    assert len([q for q in counted(fifty) if "privacy_staffdesignation" in q]) == 1


def test_the_dev_admin_of_make_run_is_the_designated_officer(settings, client, profile):
    from io import StringIO

    from django.core.management import call_command

    from accounts.models import User

    settings.DEV_ADMIN_PASSWORD = "dev-password-123"
    call_command("ensure_dev_admin", stdout=StringIO())
    call_command("ensure_dev_admin", stdout=StringIO())  # make run, twice

    admin = User.objects.get(username=settings.DEV_ADMIN_USERNAME)
    info = staff_designations()[admin.pk]
    assert info.role == "개인정보 보호책임자" and info.current and info.educated_on == today()
    assert StaffDesignation.objects.filter(staff=admin).count() == 1
    assert admin.privacy_educations.count() == 1
    client.force_login(admin)
    assert (
        client.get(reverse("admin:profiles_profile_change", args=[profile.pk])).status_code == 200
    )


@pytest.mark.parametrize("who", sorted(REFUSED))
def test_the_offer_form_is_closed_to_them_too(client, member, who):
    """The offer form lists applicants and finds members by phone: members' data."""
    make_factory, _ = REFUSED[who]
    client.force_login(make_factory())

    offer_form = client.get(reverse("admin:recruiting_offer_add"))
    found = client.post(reverse("admin:recruiting_offer_add"), {"phone": member.phone})

    assert offer_form.status_code == 403 and found.status_code == 403
    assert not AccessLogEntry.objects.filter(action=AccessLogAction.SEARCH).exists()
    assert not AccessLogEntry.objects.filter(action=AccessLogAction.LIST).exists()
    denied = AccessLogEntry.objects.filter(action=AccessLogAction.DENIED)
    assert denied.count() == 2

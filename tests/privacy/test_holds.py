"""Processing holds (privacy.holds): while a correction or deletion request is open, and for
the purposes a member suspended, the member's data is neither used nor provided.

No consultant view exists yet; `consultant_profile_stand_in` plays the caller every future
consultant view must be: it asks the central check before it reads the profile.
"""

import pytest

from accounts.models import User
from privacy import holds
from privacy.holds import CONSULTANT_VIEW, MESSAGING, RECOMMENDATION, ProcessingHeld
from privacy.rights import steps
from privacy.rights.models import RightsKind
from profiles.models import Profile
from tests.conftest import make_member
from tests.privacy.rights_support import file_request, in_progress
from tests.profiles.factories import make_profile

pytestmark = pytest.mark.django_db


def consultant_profile_stand_in(member) -> Profile:
    holds.require_processing(member, CONSULTANT_VIEW)
    return Profile.objects.get(member=member)


def test_consultant_is_refused_profile_while_correction_request_is_open(member):
    make_profile(member)
    file_request(member, RightsKind.CORRECTION)

    with pytest.raises(ProcessingHeld) as held:
        consultant_profile_stand_in(member)

    assert held.value.purpose == CONSULTANT_VIEW and "정정" in held.value.reason


def test_consultant_sees_profile_again_after_correction_is_completed(member):
    make_profile(member)
    request = in_progress(member, RightsKind.CORRECTION)
    assert not holds.processing_allowed(member, CONSULTANT_VIEW)

    steps.rights_request_complete(request=request, actor=None, result="정정했어요")

    assert consultant_profile_stand_in(member).member_id == member.pk


def test_access_returns_after_correction_request_is_refused(member):
    request = file_request(member, RightsKind.CORRECTION)

    steps.rights_request_refuse(request=request, actor=None, grounds="사유", objection="방법")

    assert holds.processing_allowed(member, CONSULTANT_VIEW)


def test_correction_hold_covers_waiting_on_the_requester(member):
    request = file_request(member, RightsKind.CORRECTION)
    steps.rights_request_pause(request=request, actor=None, note="증빙 필요")

    assert not holds.processing_allowed(member, MESSAGING)


def test_open_deletion_request_holds_every_purpose(member):
    file_request(member, RightsKind.DELETION)

    for purpose in holds.PURPOSES:
        assert not holds.processing_allowed(member, purpose)


def test_suspension_holds_only_the_purposes_named_once_in_progress(member):
    request = file_request(member, RightsKind.SUSPENSION, suspend_purposes=[MESSAGING])
    # Received but not yet checked: not in force yet.
    assert holds.processing_allowed(member, MESSAGING)

    steps.rights_request_verify_identity(request=request, actor=None)

    assert not holds.processing_allowed(member, MESSAGING)
    assert holds.processing_allowed(member, CONSULTANT_VIEW)
    assert holds.processing_allowed(member, RECOMMENDATION)


def test_granted_suspension_keeps_holding_after_completion(member):
    request = in_progress(member, RightsKind.SUSPENSION, suspend_purposes=[RECOMMENDATION])

    steps.rights_request_complete(request=request, actor=None)

    with pytest.raises(ProcessingHeld):
        holds.require_processing(member, RECOMMENDATION)


def test_refused_suspension_holds_nothing(member):
    request = in_progress(member, RightsKind.SUSPENSION, suspend_purposes=[MESSAGING])

    steps.rights_request_refuse(request=request, actor=None, grounds="사유", objection="방법")

    assert holds.processing_allowed(member, MESSAGING)


def test_access_request_holds_nothing(member):
    file_request(member, RightsKind.ACCESS)

    assert all(holds.processing_allowed(member, p) for p in holds.PURPOSES)


def test_a_hold_on_one_member_leaves_others_alone(member, other_member):
    file_request(member, RightsKind.CORRECTION)

    assert holds.processing_allowed(other_member, CONSULTANT_VIEW)


def test_batch_callers_get_only_members_not_held(member, other_member):
    third = make_member(name="이하늘", phone="010-5555-0000")
    file_request(member, RightsKind.DELETION)
    in_progress(third, RightsKind.SUSPENSION, suspend_purposes=[MESSAGING])

    allowed = holds.members_allowed(User.objects.filter(role="member"), MESSAGING)

    assert set(allowed.values_list("pk", flat=True)) == {other_member.pk}
    profiles = holds.members_allowed(Profile.objects.all(), RECOMMENDATION, "member")
    make_profile(other_member)
    make_profile(third)
    assert set(profiles.values_list("member_id", flat=True)) == {other_member.pk, third.pk}


def test_the_check_is_one_query(member, django_assert_num_queries):
    file_request(member, RightsKind.CORRECTION)

    with django_assert_num_queries(1):
        holds.processing_allowed(member, CONSULTANT_VIEW)


def test_unknown_purpose_is_a_programming_error(member):
    with pytest.raises(ValueError):
        holds.processing_allowed(member, "advertising")

"""The consent ledger: decisions are appended, the current state is the latest row."""

import pytest

from privacy.consents.models import ConsentRecord
from privacy.consents.policy_version import current_policy_version
from privacy.consents.purposes import Purpose
from privacy.consents.services import consent_change, current_consents, has_consent


def test_withdrawing_an_optional_consent_appends_a_row_and_keeps_history(client, member):
    consent_change(member=member, purpose=Purpose.KAKAOTALK, granted=True)
    client.force_login(member)

    response = client.post(f"/privacy/consents/{Purpose.KAKAOTALK}/", {"granted": "0"})

    assert response.status_code == 302
    rows = list(ConsentRecord.objects.filter(member=member, purpose=Purpose.KAKAOTALK))
    assert [r.granted for r in rows] == [False, True, False]  # signup, granted, withdrawn
    assert rows[-1].channel == "settings"
    assert has_consent(member, Purpose.KAKAOTALK) is False


def test_granting_an_optional_consent_from_settings(client, member):
    client.force_login(member)

    client.post(f"/privacy/consents/{Purpose.MARKETING}/", {"granted": "1"})

    assert has_consent(member, Purpose.MARKETING) is True
    assert current_consents(member)[Purpose.MARKETING].policy_version == current_policy_version()
    page = client.get("/accounts/me/").content.decode()
    assert "마케팅 및 광고 활용에 동의했어요." in page


def test_repeated_click_adds_no_duplicate_row(client, member):
    client.force_login(member)

    client.post(f"/privacy/consents/{Purpose.MARKETING}/", {"granted": "0"})

    assert ConsentRecord.objects.filter(member=member, purpose=Purpose.MARKETING).count() == 1


def test_required_consent_cannot_be_withdrawn_by_toggle(client, member):
    client.force_login(member)

    response = client.post(f"/privacy/consents/{Purpose.MEMBERSHIP}/", {"granted": "0"})

    assert response.status_code == 404
    assert has_consent(member, Purpose.MEMBERSHIP) is True
    with pytest.raises(ValueError):
        consent_change(member=member, purpose=Purpose.MEMBERSHIP, granted=False)


def test_a_member_changes_only_their_own_consents(client, member, other_member):
    client.force_login(member)

    client.post(f"/privacy/consents/{Purpose.MARKETING}/", {"granted": "1"})

    assert has_consent(other_member, Purpose.MARKETING) is False


@pytest.mark.parametrize("role", ["consultant", "staff"])
def test_consultant_and_staff_cannot_post_consents(client, request, role):
    client.force_login(request.getfixturevalue(role))

    response = client.post(f"/privacy/consents/{Purpose.MARKETING}/", {"granted": "1"})

    assert response.status_code == 403
    assert ConsentRecord.objects.count() == 0


def test_anonymous_cannot_post_consents(client, db):
    response = client.post(f"/privacy/consents/{Purpose.MARKETING}/", {"granted": "1"})

    assert response.status_code == 302
    assert ConsentRecord.objects.count() == 0


def test_settings_page_query_count_is_constant(client, member, django_assert_max_num_queries):
    for _ in range(20):
        consent_change(member=member, purpose=Purpose.MARKETING, granted=True)
        consent_change(member=member, purpose=Purpose.MARKETING, granted=False)
    client.force_login(member)

    # The header's unread-notification count is one query of its own.
    with django_assert_max_num_queries(5):
        client.get("/accounts/me/")

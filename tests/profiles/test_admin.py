"""The admin shows profiles read-only and keeps names out of the list."""

from tests.conftest import make_staff
from tests.profiles.factories import add_career, add_education, make_profile


def test_admin_lists_profiles_without_names_and_shows_entries_read_only(client, member):
    profile = make_profile(member, name="홍길동")
    add_education(profile, school="한국대학교")
    add_career(profile, company="라이프컴퍼니")
    client.force_login(make_staff("root", "root-password-123", superuser=True))

    changelist = client.get("/admin/profiles/profile/").content.decode()
    change = client.get(f"/admin/profiles/profile/{profile.pk}/change/")

    assert f"프로필 #{profile.pk}" in changelist and "홍길동" not in changelist
    assert change.status_code == 200
    page = change.content.decode()
    # Masked by default (privacy.staff.mixins); the plaintext needs a reason (reveal).
    assert "한국대학교" not in page and "라이프컴퍼니" not in page
    assert "한…(5자)" in page and "라이…(6자)" in page
    assert 'name="name"' not in page and 'name="educations-0-school"' not in page

"""The admin lists experiences without the member's own writing."""

from tests.conftest import make_staff
from tests.experiences.conftest import make_experience


def test_admin_changelist_lists_experiences_without_their_text(client, member):
    make_experience(member, title="비밀스러운 제목", summary="비밀스러운 요약")
    admin = make_staff("boss", "boss-password-123", superuser=True)
    client.force_login(admin)

    page = client.get("/admin/experiences/experience/").content.decode()

    assert "경험 #" in page
    assert "비밀스러운" not in page
    # 경험의 종류 is a personal item too (policy: 경험 나열): neither a column nor a filter.
    assert "인턴" not in page

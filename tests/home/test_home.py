"""The member home: completeness, counts, recent cover letters and the next thing to do."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from experiences.models import Experience
from profiles.models import Profile
from tests.core.test_html import audit
from tests.coverletters.conftest import make_letter


def test_new_member_is_asked_to_fill_the_profile_first(client, member):
    client.force_login(member)

    page = client.get("/home/").content.decode()

    assert "프로필을 채워 주세요" in page
    # The name Kakao gave counts (25); nothing else is filled yet.
    assert "프로필 25% 완성" in page
    assert audit(page) == []


def test_with_a_profile_the_next_step_is_experiences_then_a_cover_letter(client, member):
    Profile.objects.create(
        member=member,
        name="김지원",
        desired_job="마케팅",
        desired_industry="IT·인터넷",
        situation="첫 취업 준비 중",
    )
    client.force_login(member)
    assert "경험을 쌓아 두세요" in client.get("/home/").content.decode()

    for i in range(3):
        Experience.objects.create(member=member, title=f"경험 {i}", kind="project")
    assert "첫 자기소개서를 시작해 보세요" in client.get("/home/").content.decode()


def test_home_shows_counts_and_the_three_most_recent_letters(client, member, other_member):
    for i in range(5):
        make_letter(member, title=f"자소서 {i}")
    make_letter(other_member, title="남의 자소서")
    Experience.objects.create(member=member, title="인턴", kind="intern")
    client.force_login(member)

    page = client.get("/home/").content.decode()

    assert "<strong>5</strong><span>자기소개서</span>" in page
    assert "<strong>1</strong><span>경험</span>" in page
    assert "자소서 4" in page and "자소서 2" in page and "자소서 1" not in page
    assert "남의 자소서" not in page


def test_home_runs_the_same_queries_with_few_and_many_entries(
    client, member, django_assert_num_queries
):
    make_letter(member)
    client.force_login(member)
    client.get("/home/")
    with CaptureQueriesContext(connection) as few:
        client.get("/home/")
    for i in range(60):
        make_letter(member, title=f"자소서 {i}")
        Experience.objects.create(member=member, title=f"경험 {i}", kind="project")

    with django_assert_num_queries(len(few.captured_queries)):
        client.get("/home/")

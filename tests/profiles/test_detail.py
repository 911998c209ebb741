"""/profile/: the member's own profile, with how complete it is."""

import datetime

from tests.core.test_html import audit
from tests.profiles.factories import add_career, add_education, make_profile


def full_profile(member, entries: int = 1):
    profile = make_profile(
        member,
        desired_industry="IT·인터넷",
        birth_date=datetime.date(1999, 5, 17),
        situation="첫 취업을 준비하고 있어요.\n면접이 걱정돼요.",
    )
    for i in range(entries):
        add_education(profile, i, school=f"학교{i}")
        add_career(profile, i, company=f"회사{i}", description=f"업무{i}")
    return profile


def test_member_without_a_profile_is_invited_to_write_one(member_client):
    page = member_client.get("/profile/").content.decode()

    assert "아직 프로필이 없어요" in page
    assert '<a class="button block" href="/profile/edit/">프로필 작성하기</a>' in page
    assert audit(page) == []


def test_profile_shows_every_item_and_the_entries_in_order(member_client, member):
    profile = full_profile(member)
    add_education(profile, 1, school="나중대학교", start_date=datetime.date(2024, 3, 1))
    add_education(profile, 0, school="먼저대학교")  # same position: the older row first
    add_career(profile, 1, company="지금회사", is_current=True, end_date=None)

    page = member_client.get("/profile/").content.decode()

    for text in ("김지원", "서비스 기획(PM·PO)", "IT·인터넷", "1999년 5월 17일"):
        assert text in page
    assert "첫 취업을 준비하고 있어요.<br>면접이 걱정돼요." in page
    assert page.index("학교0") < page.index("먼저대학교") < page.index("나중대학교")
    assert "2018.03 ~ 2024.02" in page
    assert "2024.03 ~" in page
    assert page.index("회사0") < page.index("지금회사")
    assert '<p class="meta">재직 중</p>' in page
    assert audit(page) == []


def test_completeness_shows_percent_bar_and_what_is_missing_with_why_and_a_link(
    member_client, member
):
    make_profile(member)

    page = member_client.get("/profile/").content.decode()

    assert "50%" in page and 'aria-valuenow="50"' in page
    assert 'href="/profile/edit/#educations"' in page
    assert "학력</strong>" in page and "전공과 학교를 알면" in page
    assert 'href="/profile/edit/#id_birth_date"' in page
    assert audit(page) == []


def test_complete_profile_says_so_and_lists_nothing_missing(member_client, member):
    full_profile(member)

    page = member_client.get("/profile/").content.decode()

    assert "100%" in page and "빠짐없이 채웠어요" in page
    assert 'class="missing-list"' not in page


def test_detail_page_query_count_does_not_grow_with_entries(
    client, member, other_member, django_assert_num_queries
):
    full_profile(member, entries=1)
    full_profile(other_member, entries=50)

    client.force_login(member)
    # session, user, profile, data key (once per request), educations, careers, and the
    # header's unread notifications
    with django_assert_num_queries(7):
        one = client.get("/profile/")
    client.force_login(other_member)
    with django_assert_num_queries(7):
        fifty = client.get("/profile/")

    assert one.content.decode().count("<li>") == 2
    assert fifty.content.decode().count("<li>") == 100

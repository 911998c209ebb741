"""The experience list: cards, filters, search, sort, the htmx fragment and query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from experiences.models import ExperienceKind
from tests.conftest import make_member
from tests.experiences.conftest import make_experience


@pytest.fixture
def signed_in(client, member):
    client.force_login(member)
    return client


def titles(client, **params) -> list[str]:
    """The card titles the list shows, in order (read from the htmx fragment)."""
    response = client.get("/experiences/", params, headers={"HX-Request": "true"})
    return [e.title for e in response.context["experiences"]]


@pytest.fixture
def bank(member):
    """A small, varied experience bank."""
    return {
        "intern": make_experience(
            member,
            title="데이터팀 인턴",
            kind=ExperienceKind.INTERN,
            start_date=datetime.date(2024, 3, 1),
            end_date=datetime.date(2024, 8, 1),
            summary="대시보드를 만들었어요",
            details="SQL로 매출 지표를 정리했어요.",
            tags=["분석력", "SQL"],
        ),
        "club": make_experience(
            member,
            title="밴드 동아리 회장",
            kind=ExperienceKind.CLUB,
            start_date=datetime.date(2022, 3, 1),
            ongoing=True,
            star_action="공연 일정을 조율하고 팀원 갈등을 중재했어요",
            tags=["리더십", "협업"],
        ),
        "volunteer": make_experience(
            member,
            title="지역아동센터 학습 봉사",
            kind=ExperienceKind.VOLUNTEER,
            start_date=datetime.date(2023, 1, 1),
            end_date=datetime.date(2023, 12, 1),
            tags=["책임감"],
        ),
        "certificate": make_experience(
            member, title="컴퓨터활용능력 1급", kind=ExperienceKind.CERTIFICATE, tags=["전문성"]
        ),
    }


# --- Cards and empty states -----------------------------------------------------------------


def test_list_shows_cards_with_kind_period_summary_and_tags(signed_in, bank):
    page = signed_in.get("/experiences/").content.decode()

    assert "데이터팀 인턴" in page and "대시보드를 만들었어요" in page
    assert "2024.03 – 2024.08" in page
    assert "2022.03 – 진행 중" in page
    assert '<span class="xp-kind">동아리·대외활동</span>' in page
    assert "<li>리더십</li>" in page
    assert "모두 <strong>4개</strong>" in page
    assert f'href="/experiences/{bank["intern"].pk}/"' in page


def test_empty_bank_invites_the_first_experience(signed_in):
    page = signed_in.get("/experiences/").content.decode()

    assert "아직 적어 둔 경험이 없어요" in page
    assert page.count(">경험 추가하기</a>") == 1
    assert 'href="/experiences/new/"' in page
    assert 'id="xp-filters"' not in page


def test_list_with_experiences_has_one_add_button_and_the_filters(signed_in, bank):
    page = signed_in.get("/experiences/").content.decode()

    assert page.count(">경험 추가하기</a>") == 1
    assert 'id="xp-filters"' in page


def test_no_match_says_so_and_offers_to_clear_filters(signed_in, bank):
    page = signed_in.get("/experiences/", {"q": "우주비행"}).content.decode()

    assert "조건에 맞는 경험이 없어요" in page
    assert "전체 4개 중 <strong>0개</strong>를 찾았어요" in page
    assert '<a class="button secondary" href="/experiences/">필터 모두 지우기</a>' in page
    assert "아직 적어 둔 경험이 없어요" not in page


def test_markup_in_a_new_title_is_shown_as_text_in_the_message(signed_in):
    from tests.experiences.conftest import valid_form

    response = signed_in.post(
        "/experiences/new/", valid_form(title="<script>alert(1)</script>"), follow=True
    )
    page = response.content.decode()

    assert "‘&lt;script&gt;alert(1)&lt;/script&gt;’ 경험을 추가했어요." in page
    assert "<script>alert(1)</script>" not in page


def test_markup_is_shown_as_text_on_the_list(signed_in, member):
    make_experience(
        member,
        title="<script>alert(1)</script>",
        summary="<b>굵게</b>",
        tags=["<i>태그</i>"],
    )

    page = signed_in.get("/experiences/").content.decode()

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;굵게&lt;/b&gt;" in page and "<b>굵게</b>" not in page
    assert "&lt;i&gt;태그&lt;/i&gt;" in page


# --- Filters --------------------------------------------------------------------------------


def test_filter_by_kind(signed_in, bank):
    assert titles(signed_in, kind="club") == ["밴드 동아리 회장"]


def test_filter_by_tag(signed_in, bank):
    assert titles(signed_in, tag="리더십") == ["밴드 동아리 회장"]


def test_filter_by_tag_ignores_case(signed_in, bank):
    assert titles(signed_in, tag="sql") == ["데이터팀 인턴"]


def test_kind_and_tag_filters_combine(signed_in, bank):
    assert titles(signed_in, kind="intern", tag="리더십") == []
    assert titles(signed_in, kind="intern", tag="SQL") == ["데이터팀 인턴"]


def test_unknown_filter_values_are_ignored(signed_in, bank):
    response = signed_in.get("/experiences/", {"kind": "astronaut", "sort": "random"})

    assert response.status_code == 200
    assert len(response.context["experiences"]) == 4


def test_filter_options_list_the_members_kinds_and_tags_with_counts(signed_in, bank):
    page = signed_in.get("/experiences/", {"tag": "리더십"}).content.decode()

    assert "<span>전체 4</span>" in page
    assert "<span>인턴 1</span>" in page
    assert "<span>해외경험" not in page  # unused kinds are not offered
    assert '<option value="리더십" selected>리더십 (1)</option>' in page


def test_a_bookmarked_filter_on_an_unused_tag_stays_visible(signed_in, bank):
    page = signed_in.get("/experiences/", {"tag": "우주", "kind": "overseas"}).content.decode()

    assert '<option value="우주" selected>우주 (0)</option>' in page
    assert 'value="overseas" checked' in page


# --- Search ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("데이터팀", ["데이터팀 인턴"]),  # title
        ("대시보드", ["데이터팀 인턴"]),  # summary
        ("매출 지표", ["데이터팀 인턴"]),  # details
        ("갈등을 중재", ["밴드 동아리 회장"]),  # STAR
        ("책임감", ["지역아동센터 학습 봉사"]),  # tag
        ("봉사", ["지역아동센터 학습 봉사"]),  # kind
        ("리더", ["밴드 동아리 회장"]),  # part of a word
    ],
)
def test_search_finds_title_summary_details_star_and_tags(signed_in, bank, q, expected):
    assert titles(signed_in, q=q) == expected


def test_search_ignores_case(signed_in, bank):
    assert titles(signed_in, q="sql") == ["데이터팀 인턴"]
    assert titles(signed_in, q="ＳＱＬ") == ["데이터팀 인턴"]


def test_search_needs_every_word(signed_in, bank):
    assert titles(signed_in, q="동아리 공연") == ["밴드 동아리 회장"]
    assert titles(signed_in, q="동아리 매출") == []


def test_search_forgives_korean_spacing(signed_in, bank):
    assert titles(signed_in, q="학습봉사") == ["지역아동센터 학습 봉사"]


def test_search_never_returns_another_members_experience(signed_in, bank):
    make_experience(
        make_member(name="이도윤", phone="010-5555-0101"), title="데이터팀 인턴 (남의 것)"
    )

    assert titles(signed_in, q="데이터팀") == ["데이터팀 인턴"]


def test_emoji_and_rare_hangul_are_searchable(signed_in, member, bank):
    make_experience(member, title="똠방각하 뷁 쀍 😀 𠀀", details="쀍")

    assert titles(signed_in, q="뷁") == ["똠방각하 뷁 쀍 😀 𠀀"]
    assert titles(signed_in, q="😀") == ["똠방각하 뷁 쀍 😀 𠀀"]
    assert titles(signed_in, q="𠀀") == ["똠방각하 뷁 쀍 😀 𠀀"]


def test_search_and_filter_combine(signed_in, bank):
    assert titles(signed_in, q="했어요", kind="club") == ["밴드 동아리 회장"]


# --- Sort -----------------------------------------------------------------------------------


def test_newest_first_with_undated_last(signed_in, bank):
    assert titles(signed_in) == [
        "데이터팀 인턴",
        "지역아동센터 학습 봉사",
        "밴드 동아리 회장",
        "컴퓨터활용능력 1급",
    ]


def test_oldest_first_with_undated_last(signed_in, bank, member):
    make_experience(member, title="날짜 없는 두 번째")

    assert titles(signed_in, sort="oldest") == [
        "밴드 동아리 회장",
        "지역아동센터 학습 봉사",
        "데이터팀 인턴",
        "컴퓨터활용능력 1급",
        "날짜 없는 두 번째",
    ]


def test_same_start_month_newest_written_first(signed_in, member):
    march = datetime.date(2024, 3, 1)
    make_experience(member, title="먼저 쓴 글", start_date=march)
    make_experience(member, title="나중에 쓴 글", start_date=march)

    assert titles(signed_in) == ["나중에 쓴 글", "먼저 쓴 글"]
    assert titles(signed_in, sort="oldest") == ["먼저 쓴 글", "나중에 쓴 글"]


# --- htmx -----------------------------------------------------------------------------------


def test_htmx_request_gets_only_the_results(signed_in, bank):
    response = signed_in.get("/experiences/", {"kind": "intern"}, headers={"HX-Request": "true"})
    fragment = response.content.decode()

    assert response.status_code == 200
    assert "데이터팀 인턴" in fragment and "밴드 동아리 회장" not in fragment
    assert "전체 4개 중 <strong>1개</strong>를 찾았어요" in fragment
    assert "<html" not in fragment and "<h1" not in fragment
    assert 'id="xp-filters"' not in fragment and 'id="xp-results"' not in fragment
    assert "HX-Request" in response["Vary"]


def test_full_page_wraps_the_results_for_htmx_to_swap(signed_in, bank):
    page = signed_in.get("/experiences/").content.decode()

    assert 'hx-get="/experiences/"' in page
    assert 'hx-target="#xp-results"' in page
    assert '<section id="xp-results"' in page
    assert "delay:300ms" in page


def test_history_restore_gets_the_whole_page(signed_in, bank):
    headers = {"HX-Request": "true", "HX-History-Restore-Request": "true"}

    page = signed_in.get("/experiences/", headers=headers).content.decode()

    assert "<html" in page and 'id="xp-filters"' in page


# --- Query count ----------------------------------------------------------------------------

FILTERS = [{}, {"kind": "project", "tag": "협업", "q": "기획", "sort": "oldest"}]
# The fragment's whole budget: the session, the member, the member's experiences.
FRAGMENT_QUERIES = 4  # session, user, the member's data key, experiences


def fill_bank(member, n):
    kinds = list(ExperienceKind)
    for i in range(n):
        make_experience(
            member,
            title=f"경험 {i} 기획",
            kind=kinds[i % len(kinds)],
            start_date=datetime.date(2020 + i % 5, i % 12 + 1, 1) if i % 3 else None,
            details="세부 내용 " * 20,
            star_action="행동",
            tags=["협업", f"태그{i % 7}"],
        )


@pytest.mark.parametrize("params", FILTERS)
def test_list_query_count_does_not_grow_with_the_bank(
    signed_in, member, params, django_assert_num_queries
):
    fill_bank(member, 1)
    with CaptureQueriesContext(connection) as one:
        assert signed_in.get("/experiences/", params).status_code == 200

    fill_bank(member, 199)
    with django_assert_num_queries(len(one)):
        response = signed_in.get("/experiences/", params)
    assert response.context["total"] == 200


@pytest.mark.parametrize("params", FILTERS)
def test_htmx_fragment_query_count_does_not_grow_with_the_bank(
    signed_in, member, params, django_assert_num_queries
):
    fill_bank(member, 1)
    with django_assert_num_queries(FRAGMENT_QUERIES):
        signed_in.get("/experiences/", params, headers={"HX-Request": "true"})

    fill_bank(member, 199)
    with django_assert_num_queries(FRAGMENT_QUERIES):
        signed_in.get("/experiences/", params, headers={"HX-Request": "true"})

"""Adding and editing an experience: what is saved, and the Korean messages for bad input."""

import datetime

import pytest

from experiences.models import Experience
from tests.experiences.conftest import make_experience, valid_form


@pytest.fixture
def signed_in(client, member):
    client.force_login(member)
    return client


def error_page(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


# --- Create ---------------------------------------------------------------------------------


def test_member_adds_an_experience_with_only_the_required_fields(signed_in, member):
    response = signed_in.post("/experiences/new/", valid_form())

    assert response.status_code == 302 and response["Location"] == "/experiences/"
    experience = Experience.objects.get(member=member)
    assert (experience.title, experience.kind) == ("카페 아르바이트", "parttime")
    assert experience.tags == [] and not experience.has_star
    assert "‘카페 아르바이트’ 경험을 추가했어요." in signed_in.get("/experiences/").content.decode()


def test_member_adds_an_experience_with_everything(signed_in, member):
    signed_in.post(
        "/experiences/new/",
        valid_form(
            title="글로벌 서비스 기획 인턴",
            kind="intern",
            summary="해외 이용자 인터뷰로 온보딩을 고쳤어요",
            start_date="2024-03",
            end_date="2024-08",
            details="첫째 줄\r\n둘째 줄",
            star_situation="가입 후 이탈이 많았어요",
            star_task="이탈 원인 찾기",
            star_action="이용자 12명을 인터뷰했어요",
            star_result="이탈률 18% 감소",
            tags_choice=["리더십", "문제해결"],
            tags_other="데이터 분석, 영어 회화",
        ),
    )

    experience = Experience.objects.get(member=member)
    assert experience.start_date == datetime.date(2024, 3, 1)
    assert experience.end_date == datetime.date(2024, 8, 1)
    assert experience.period == "2024.03 – 2024.08"
    assert experience.details == "첫째 줄\n둘째 줄"
    assert experience.star_situation == "가입 후 이탈이 많았어요"
    assert experience.star_result == "이탈률 18% 감소"
    assert experience.tags == ["리더십", "문제해결", "데이터 분석", "영어 회화"]


def test_ongoing_experience_is_saved_without_an_end(signed_in, member):
    signed_in.post("/experiences/new/", valid_form(start_date="2025-01", ongoing="on"))

    experience = Experience.objects.get(member=member)
    assert experience.ongoing and experience.end_date is None
    assert experience.period == "2025.01 – 진행 중"


@pytest.mark.parametrize("typed", ["2024-03", "2024.03", "2024. 3.", "2024-03-17", "2024/03"])
def test_start_month_is_understood_in_the_ways_people_type_it(signed_in, member, typed):
    signed_in.post("/experiences/new/", valid_form(start_date=typed))

    assert Experience.objects.get(member=member).start_date == datetime.date(2024, 3, 1)


def test_tags_are_trimmed_deduplicated_and_hashes_dropped(signed_in, member):
    signed_in.post(
        "/experiences/new/",
        valid_form(
            tags_choice=["협업"],
            tags_other="  협업 , #SQL,sql，  데이터   분석 ,, 、엑셀",
        ),
    )

    assert Experience.objects.get(member=member).tags == ["협업", "SQL", "데이터 분석", "엑셀"]


def test_markup_is_stored_as_typed(signed_in, member):
    script = "<script>alert(1)</script>"
    signed_in.post(
        "/experiences/new/",
        valid_form(title=script, summary=script, details=script, tags_other="<b>굵게</b>"),
    )

    experience = Experience.objects.get(member=member)
    assert experience.title == experience.summary == experience.details == script
    assert experience.tags == ["<b>굵게</b>"]


def test_emoji_and_rare_hangul_round_trip_unchanged(signed_in, member):
    text = "똠방각하 뷁 쀍 😀 𠀀"
    signed_in.post(
        "/experiences/new/",
        valid_form(title=text, summary=text, details=text, star_action=text, tags_other="뷁😀"),
    )

    experience = Experience.objects.get(member=member)
    assert experience.title == experience.summary == experience.details == text
    assert experience.star_action == text
    assert experience.tags == ["뷁😀"]
    detail = signed_in.get(f"/experiences/{experience.pk}/").content.decode()
    assert text in detail


# --- Edit -----------------------------------------------------------------------------------


def test_edit_form_shows_the_saved_values(signed_in, member):
    experience = make_experience(
        member,
        start_date=datetime.date(2023, 9, 1),
        ongoing=True,
        tags=["리더십", "데이터 분석", "SQL"],
    )

    page = signed_in.get(f"/experiences/{experience.pk}/edit/").content.decode()

    assert 'value="2023-09"' in page
    assert 'value="데이터 분석, SQL"' in page
    assert 'value="리더십" id="id_tags_choice_0" checked' in page


def test_member_edits_an_experience(signed_in, member, experience):
    response = signed_in.post(
        f"/experiences/{experience.pk}/edit/",
        valid_form(
            title="교내 앱 공모전 (대상)",
            kind="contest",
            start_date="2023-05",
            end_date="2023-11",
            star_situation="",
            star_result="대상 수상",
            tags_choice=["창의성"],
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == f"/experiences/{experience.pk}/"
    experience.refresh_from_db()
    assert experience.title == "교내 앱 공모전 (대상)"
    assert experience.star_situation == "" and experience.star_result == "대상 수상"
    assert experience.tags == ["창의성"]
    assert experience.period == "2023.05 – 2023.11"


# --- Bad input ------------------------------------------------------------------------------


def test_missing_title_and_kind_are_named_and_typed_text_is_kept(signed_in, member):
    page = error_page(
        signed_in.post(
            "/experiences/new/",
            valid_form(title="", kind="", summary="남겨 둘 요약", tags_other="엑셀"),
        )
    )

    assert "경험 제목을 입력해 주세요." in page
    assert "경험의 종류를 골라 주세요." in page
    assert 'value="남겨 둘 요약"' in page and 'value="엑셀"' in page
    assert not Experience.objects.exists()


def test_unknown_kind_is_refused(signed_in):
    page = error_page(signed_in.post("/experiences/new/", valid_form(kind="astronaut")))

    assert "목록에 있는 항목을 골라 주세요." in page
    assert not Experience.objects.exists()


@pytest.mark.parametrize(
    ("field", "limit", "label"),
    [
        ("title", 100, "경험 제목은"),
        ("summary", 150, "경험 한줄 요약은"),
        ("details", 5000, "경험 세부 내용은"),
        ("star_action", 2000, "행동 (A)는"),
    ],
)
def test_over_long_text_is_refused_with_the_limit(signed_in, field, limit, label):
    page = error_page(
        signed_in.post("/experiences/new/", valid_form(**{field: "가" * (limit + 1)}))
    )

    assert f"{label} {limit}자까지 쓸 수 있어요 (지금 {limit + 1}자)." in page
    assert not Experience.objects.exists()


def test_text_at_the_limit_with_line_breaks_is_accepted(signed_in, member):
    # The browser counts each line break once; the server must agree.
    details = ("가" * 99 + "\r\n") * 50

    signed_in.post("/experiences/new/", valid_form(details=details[:-2]))

    assert len(Experience.objects.get(member=member).details) == 4999


def test_end_before_start_is_refused(signed_in):
    page = error_page(
        signed_in.post("/experiences/new/", valid_form(start_date="2024-08", end_date="2024-03"))
    )

    assert "종료일이 시작일보다 빨라요." in page
    assert 'value="2024-08"' in page and 'value="2024-03"' in page
    assert not Experience.objects.exists()


def test_same_start_and_end_month_is_fine(signed_in, member):
    signed_in.post("/experiences/new/", valid_form(start_date="2024-08", end_date="2024-08"))

    assert Experience.objects.get(member=member).period == "2024.08"


def test_end_date_while_ongoing_gets_a_clear_message(signed_in):
    page = error_page(
        signed_in.post(
            "/experiences/new/", valid_form(start_date="2024-03", end_date="2024-08", ongoing="on")
        )
    )

    assert "진행 중인 경험에는 종료일을 비워 두세요." in page
    assert "‘진행 중’ 체크를 풀어 주세요." in page
    assert not Experience.objects.exists()


def test_unreadable_date_is_refused_with_an_example(signed_in):
    page = error_page(signed_in.post("/experiences/new/", valid_form(start_date="작년 봄")))

    assert "날짜를 2024-03처럼 연도와 월로 적어 주세요." in page
    assert 'value="작년 봄"' in page


def test_more_than_ten_tags_are_refused(signed_in):
    others = ", ".join(f"태그{i}" for i in range(9))
    page = error_page(
        signed_in.post(
            "/experiences/new/", valid_form(tags_choice=["리더십", "협업"], tags_other=others)
        )
    )

    assert "태그는 10개까지 달 수 있어요. 지금 11개예요." in page
    assert not Experience.objects.exists()


def test_ticking_every_competency_is_too_many_tags(signed_in):
    from experiences.models import COMPETENCY_TAGS

    page = error_page(
        signed_in.post("/experiences/new/", valid_form(tags_choice=list(COMPETENCY_TAGS)))
    )

    assert f"지금 {len(COMPETENCY_TAGS)}개예요." in page


def test_duplicate_tags_count_once_toward_the_limit(signed_in, member):
    tags = ", ".join(["리더십"] * 12 + [f"태그{i}" for i in range(9)])

    signed_in.post("/experiences/new/", valid_form(tags_other=tags))

    assert len(Experience.objects.get(member=member).tags) == 10


def test_too_long_tag_is_refused_and_named(signed_in):
    long_tag = "아주아주긴태그" * 3  # 21 characters

    page = error_page(
        signed_in.post("/experiences/new/", valid_form(tags_other=f"협업, {long_tag}"))
    )

    assert "태그는 하나에 20자까지 쓸 수 있어요." in page
    assert long_tag in page
    assert not Experience.objects.exists()


def test_star_section_opens_when_it_has_an_error(signed_in):
    page = error_page(signed_in.post("/experiences/new/", valid_form(star_task="가" * 2001)))

    assert '<details class="card xp-star" open>' in page


def test_star_section_is_closed_when_empty(signed_in):
    page = signed_in.get("/experiences/new/").content.decode()

    assert '<details class="card xp-star">' in page


def test_failed_edit_changes_nothing(signed_in, experience):
    error_page(signed_in.post(f"/experiences/{experience.pk}/edit/", valid_form(title="")))

    experience.refresh_from_db()
    assert experience.title == "교내 앱 공모전"

"""/profile/edit/: writing the profile and its 학력 / 경력 lists."""

import datetime
import html

import pytest
from django.utils import timezone

from profiles.models import Career, Education, Profile
from tests.core.test_html import audit
from tests.profiles.factories import (
    add_career,
    add_education,
    career_row,
    education_row,
    form_data,
    make_profile,
)


def saved(member) -> Profile:
    return Profile.objects.get(member=member)


# --- Creating and editing -------------------------------------------------------------------


def test_new_profile_form_starts_with_the_name_from_kakao(member_client, member):
    page = member_client.get("/profile/edit/").content.decode()

    assert "<h1>프로필 작성하기</h1>" in page
    assert f'value="{member.name}"' in page
    assert not Profile.objects.exists()


def test_member_creates_profile_with_two_educations_and_one_career(member_client, member):
    data = form_data(
        desired_job="서비스 기획(PM·PO)",
        desired_industry="IT·인터넷",
        birth_date="1999-05-17",
        situation="첫 취업을 준비하고 있어요.",
        educations=[
            education_row(school="한국대학교", status="graduated"),
            education_row(school="한국대학교 대학원", status="enrolled", end_date=""),
        ],
        careers=[career_row(company="라이프컴퍼니", end_date="2023-12")],
    )

    response = member_client.post("/profile/edit/", data)

    assert response.status_code == 302 and response["Location"] == "/profile/"
    profile = saved(member)
    assert (profile.name, profile.desired_job, profile.desired_industry) == (
        "김지원",
        "서비스 기획(PM·PO)",
        "IT·인터넷",
    )
    assert profile.birth_date == datetime.date(1999, 5, 17)
    assert [(e.school, e.position) for e in profile.educations.all()] == [
        ("한국대학교", 0),
        ("한국대학교 대학원", 1),
    ]
    first = profile.educations.first()
    assert (first.start_date, first.end_date) == (
        datetime.date(2018, 3, 1),
        datetime.date(2024, 2, 1),
    )
    career = profile.careers.get()
    assert (career.company, career.start_date, career.end_date) == (
        "라이프컴퍼니",
        datetime.date(2023, 7, 1),
        datetime.date(2023, 12, 1),
    )
    detail = member_client.get("/profile/").content.decode()
    assert "프로필을 저장했어요." in detail
    assert detail.index("한국대학교</strong>") < detail.index("한국대학교 대학원</strong>")


def test_member_edits_an_entry_and_removes_another_keeping_the_order(member_client, member):
    profile = make_profile(member)
    first = add_education(profile, 0, school="첫째대학교")
    middle = add_education(profile, 1, school="둘째대학교")
    last = add_education(profile, 2, school="셋째대학교")
    career = add_career(profile, 0)
    data = form_data(
        profile=profile,
        desired_job="데이터 분석",
        educations=[
            education_row(first),
            education_row(middle, DELETE=True),
            education_row(last, major="통계학"),
        ],
        careers=[career_row(career, DELETE=True)],
    )

    response = member_client.post("/profile/edit/", data)

    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.desired_job == "데이터 분석"
    assert [(e.pk, e.school, e.major, e.position) for e in profile.educations.all()] == [
        (first.pk, "첫째대학교", "경영학", 0),
        (last.pk, "셋째대학교", "통계학", 1),
    ]
    assert not Education.objects.filter(pk=middle.pk).exists()
    assert not profile.careers.exists()


def test_new_row_added_after_existing_ones_goes_last(member_client, member):
    profile = make_profile(member)
    existing = add_education(profile, 0, school="원래대학교")
    data = form_data(
        profile=profile,
        educations=[education_row(existing), education_row(school="새대학교")],
    )

    member_client.post("/profile/edit/", data)

    assert [(e.school, e.position) for e in profile.educations.all()] == [
        ("원래대학교", 0),
        ("새대학교", 1),
    ]


def test_completely_empty_extra_rows_are_ignored(member_client, member):
    blank_education = {"school": "", "major": "", "status": "", "start_date": "", "end_date": ""}
    blank_career = {"company": "", "role": "", "start_date": "", "description": ""}
    data = form_data(educations=[blank_education], careers=[blank_career])

    response = member_client.post("/profile/edit/", data)

    assert response.status_code == 302
    assert saved(member).desired_job == "마케팅"
    assert not Education.objects.exists() and not Career.objects.exists()


def test_current_job_is_saved_without_a_leaving_date(member_client, member):
    data = form_data(careers=[career_row(is_current=True, end_date="")])

    member_client.post("/profile/edit/", data)

    career = saved(member).careers.get()
    assert career.is_current and career.end_date is None
    assert "~ 재직 중" in member_client.get("/profile/").content.decode()


@pytest.mark.parametrize("typed", ["2024.3", "2024/03", "2024-03-15", "202403"])
def test_month_accepts_what_people_type_without_a_month_picker(member_client, member, typed):
    member_client.post(
        "/profile/edit/", form_data(educations=[education_row(start_date=typed, end_date="")])
    )

    assert saved(member).educations.get().start_date == datetime.date(2024, 3, 1)


def test_line_breaks_count_as_one_character_like_the_browser_counts_them(member_client, member):
    situation = "가" * 1000 + "\r\n" + "나" * 999  # 2000 characters as typed, 2001 as sent

    response = member_client.post("/profile/edit/", form_data(situation=situation))

    assert response.status_code == 302
    assert saved(member).situation == "가" * 1000 + "\n" + "나" * 999


def test_markup_is_stored_as_typed_and_shown_as_text(member_client, member):
    script = "<script>alert(1)</script>"
    data = form_data(
        name=script,
        situation=f"고민 {script}",
        educations=[education_row(school=script)],
        careers=[career_row(description=script)],
    )

    member_client.post("/profile/edit/", data)

    profile = saved(member)
    assert profile.name == script and profile.educations.get().school == script
    page = member_client.get("/profile/").content.decode()
    assert script not in page
    assert page.count(html.escape(script)) == 4
    assert html.escape(script) in member_client.get("/profile/edit/").content.decode()


def test_emoji_and_rare_hangul_round_trip_unchanged(member_client, member):
    text = "똠방각하 뷁 쀍 😀 𠀀"
    data = form_data(
        name=text,
        desired_job=text,
        desired_industry=text,
        situation=text,
        educations=[education_row(school=text, major=text)],
        careers=[career_row(company=text, role=text, description=text)],
    )

    member_client.post("/profile/edit/", data)

    profile = saved(member)
    education, career = profile.educations.get(), profile.careers.get()
    assert {profile.name, profile.desired_job, profile.desired_industry, profile.situation} == {
        text
    }
    assert {education.school, education.major, career.company, career.role} == {text}
    assert career.description == text
    assert member_client.get("/profile/").content.decode().count(text) == 9


# --- Bad input --------------------------------------------------------------------------------

TODAY = timezone.localdate()
TOMORROW = (TODAY + datetime.timedelta(days=1)).isoformat()


BAD_INPUT = [
    pytest.param({"name": ""}, "id_name", "이름을 입력해 주세요.", id="missing-name"),
    pytest.param({"name": "   "}, "id_name", "이름을 입력해 주세요.", id="blank-name"),
    pytest.param(
        {"desired_job": ""}, "id_desired_job", "희망 직무를 입력해 주세요.", id="missing-job"
    ),
    pytest.param(
        {"name": "김" * 51},
        "id_name",
        "이름은 50자까지 쓸 수 있어요 (지금 51자).",
        id="long-name",
    ),
    pytest.param(
        {"desired_industry": "가" * 101},
        "id_desired_industry",
        "희망 산업은 100자까지 쓸 수 있어요 (지금 101자).",
        id="long-industry",
    ),
    pytest.param(
        {"situation": "가" * 2001},
        "id_situation",
        "현재 상황 및 고민은 2000자까지 쓸 수 있어요 (지금 2001자).",
        id="long-situation",
    ),
    pytest.param(
        {"birth_date": TOMORROW},
        "id_birth_date",
        "생년월일이 오늘보다 뒤예요. 다시 확인해 주세요.",
        id="birth-date-in-future",
    ),
    pytest.param(
        {"birth_date": "1899-12-31"},
        "id_birth_date",
        "생년월일은 1900년 1월 1일 이후 날짜로 입력해 주세요.",
        id="birth-date-before-1900",
    ),
    pytest.param(
        {"birth_date": "1999-02-30"},
        "id_birth_date",
        "날짜를 2025-03-01처럼 입력해 주세요.",
        id="birth-date-not-a-date",
    ),
    pytest.param(
        {"educations": [education_row(school="")]},
        "id_educations-0-school",
        "학교를 입력해 주세요.",
        id="education-without-school",
    ),
    pytest.param(
        {"educations": [education_row(status="")]},
        "id_educations-0-status",
        "상태를 골라 주세요.",
        id="education-without-status",
    ),
    pytest.param(
        {"educations": [education_row(school="가" * 101)]},
        "id_educations-0-school",
        "학교는 100자까지 쓸 수 있어요 (지금 101자).",
        id="long-school",
    ),
    pytest.param(
        {"educations": [education_row(start_date="2020-03", end_date="2019-02")]},
        "id_educations-0-end_date",
        "졸업(예정) 연월이 입학 연월보다 빨라요. 다시 확인해 주세요.",
        id="education-ends-before-it-starts",
    ),
    pytest.param(
        {"educations": [education_row(start_date="2024-13")]},
        "id_educations-0-start_date",
        "입학 연월을 2024-03처럼 연도와 월로 입력해 주세요.",
        id="education-month-not-a-month",
    ),
    pytest.param(
        {"educations": [education_row(start_date="0202-03")]},
        "id_educations-0-start_date",
        "입학 연월의 연도를 다시 확인해 주세요.",
        id="education-absurd-year",
    ),
    pytest.param(
        {"careers": [career_row(company="")]},
        "id_careers-0-company",
        "회사를 입력해 주세요.",
        id="career-without-company",
    ),
    pytest.param(
        {"careers": [career_row(description="가" * 2001)]},
        "id_careers-0-description",
        "주요 업무·성과는 2000자까지 쓸 수 있어요 (지금 2001자).",
        id="long-career-description",
    ),
    pytest.param(
        {"careers": [career_row(start_date="2023-07", end_date="2023-01")]},
        "id_careers-0-end_date",
        "퇴사 연월이 입사 연월보다 빨라요. 다시 확인해 주세요.",
        id="career-ends-before-it-starts",
    ),
    pytest.param(
        {"careers": [career_row(is_current=True, end_date="2024-01")]},
        "id_careers-0-end_date",
        "재직 중이면 퇴사 연월은 비워 주세요.",
        id="leaving-date-while-still-working-there",
    ),
]


def tag_with_id(page: str, element_id: str) -> str:
    at = page.index(f'id="{element_id}"')
    return page[page.rindex("<", 0, at) : page.index(">", at) + 1]


@pytest.mark.parametrize(("bad", "field_id", "message"), BAD_INPUT)
def test_bad_input_is_explained_next_to_the_field_and_nothing_is_saved(
    member_client, bad, field_id, message
):
    typed = {
        "situation": "입력하던 고민이에요",
        "educations": [education_row(school="유지대학교")],
        "careers": [career_row(company="유지회사", description="맡았던 일")],
    }
    data = form_data(**(typed | bad))

    response = member_client.post("/profile/edit/", data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "저장하지 못했어요." in page
    errors = page[page.index(f'id="{field_id}_error"') :]
    assert html.escape(message) in errors[: errors.index("</ul>")]
    assert 'aria-invalid="true"' in tag_with_id(page, field_id)
    assert not Profile.objects.exists()
    assert not Education.objects.exists() and not Career.objects.exists()
    # Everything typed is still on the page, the rows included.
    for key, value in data.items():
        if value and not key.endswith(("FORMS", "-id", "-status", "-is_current")):
            assert html.escape(value) in page, key
    for key, value in data.items():
        if key.endswith("-status") and value:
            assert f'<option value="{value}" selected>' in page
    assert audit(page) == []


def test_bad_input_on_an_existing_profile_changes_nothing(member_client, member):
    profile = make_profile(member, desired_job="원래 직무")
    education = add_education(profile, school="원래대학교")
    data = form_data(
        profile=profile,
        desired_job="",
        educations=[education_row(education, school="바꾼대학교")],
    )

    response = member_client.post("/profile/edit/", data)

    assert "희망 직무를 입력해 주세요." in response.content.decode()
    assert 'value="바꾼대학교"' in response.content.decode()
    profile.refresh_from_db()
    education.refresh_from_db()
    assert (profile.desired_job, education.school) == ("원래 직무", "원래대학교")


def test_more_than_twenty_entries_are_refused(member_client):
    data = form_data(educations=[education_row(school=f"학교{i}") for i in range(21)])

    response = member_client.post("/profile/edit/", data)

    assert "학력은 20개까지 입력할 수 있어요." in response.content.decode()
    assert not Education.objects.exists()


# --- Another member's entries -----------------------------------------------------------------


def test_another_members_entry_id_cannot_be_changed(member_client, member, other_member):
    others = make_profile(other_member, desired_job="남의 직무")
    foreign = add_education(others, school="남의대학교")
    data = form_data(educations=[education_row(foreign, school="가로챈대학교")])
    data["educations-INITIAL_FORMS"] = "1"

    response = member_client.post("/profile/edit/", data)

    assert response.status_code == 200
    assert "이 학력을 찾을 수 없어요." in response.content.decode()
    foreign.refresh_from_db()
    assert foreign.school == "남의대학교" and foreign.profile == others
    assert not Profile.objects.filter(member=member).exists()


def test_another_members_entry_id_cannot_be_deleted(member_client, member, other_member):
    mine = make_profile(member)
    own_career = add_career(mine, company="내회사")
    foreign = add_career(make_profile(other_member), company="남의회사")
    data = form_data(
        profile=mine,
        careers=[career_row(own_career), career_row(foreign, DELETE=True)],
    )

    member_client.post("/profile/edit/", data)

    assert Career.objects.get(pk=foreign.pk).company == "남의회사"
    assert [c.company for c in mine.careers.all()] == ["내회사"]


def test_another_members_entry_id_cannot_be_moved_into_my_profile(
    member_client, member, other_member
):
    mine = make_profile(member)
    own = add_education(mine, school="내대학교")
    foreign = add_education(make_profile(other_member), school="남의대학교")
    data = form_data(profile=mine, educations=[education_row(own), education_row(foreign)])

    response = member_client.post("/profile/edit/", data)

    assert "이 학력을 찾을 수 없어요." in response.content.decode()
    foreign.refresh_from_db()
    assert foreign.profile.member == other_member
    assert [e.school for e in mine.educations.all()] == ["내대학교"]


def test_a_row_posted_with_another_profiles_id_is_still_saved_to_my_own(
    member_client, member, other_member
):
    # The page no longer carries the profile's id; a post that names another profile anyway
    # (an old page, a crafted post) cannot put a row there.
    mine = make_profile(member)
    others = make_profile(other_member)
    data = form_data(profile=mine, educations=[education_row(school="새대학교")])
    data["educations-0-profile"] = str(others.pk)

    member_client.post("/profile/edit/", data)

    assert [e.school for e in mine.educations.all()] == ["새대학교"]
    assert not others.educations.exists()


# --- Adding rows ------------------------------------------------------------------------------


def test_page_carries_an_empty_row_template_for_adding_rows_without_reload(member_client):
    page = member_client.get("/profile/edit/").content.decode()

    for prefix in ("educations", "careers"):
        template = page[page.index(f'<template data-empty-row="{prefix}">') :]
        template = template[: template.index("</template>")]
        assert f'name="{prefix}-__prefix__-' in template
        assert f'for="id_{prefix}-__prefix__-' in template
    assert 'data-add-row="educations"' in page and "학력 추가" in page
    assert 'data-add-row="careers"' in page and "경력 추가" in page


def test_the_blank_row_is_the_same_for_every_member_and_names_no_profile(
    client, member, other_member
):
    def blank_rows(who) -> list[str]:
        make_profile(who)
        client.force_login(who)
        page = client.get("/profile/edit/").content.decode()
        rows = []
        for prefix in ("educations", "careers"):
            template = page[page.index(f'<template data-empty-row="{prefix}">') :]
            rows.append(template[: template.index("</template>")])
        return rows

    mine, theirs = blank_rows(member), blank_rows(other_member)

    assert mine == theirs
    assert "-profile" not in "".join(mine)


def test_adding_a_row_without_javascript_keeps_what_was_typed_and_saves_nothing(member_client):
    data = form_data(
        name="", situation="적던 고민", educations=[education_row(school="적던대학교")]
    )
    data["add"] = "educations"

    response = member_client.post("/profile/edit/", data)

    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="educations-TOTAL_FORMS" value="2"' in page
    assert 'value="적던대학교"' in page and "적던 고민" in page
    assert 'name="educations-1-school"' in page
    assert "autofocus" in page[page.index('name="educations-1-school"') - 200 :][:400]
    assert "입력해 주세요" not in page and "저장하지 못했어요" not in page
    assert not Profile.objects.exists()
    assert audit(page) == []


def test_enter_in_a_text_box_saves_rather_than_adds_a_row(member_client):
    page = member_client.get("/profile/edit/").content.decode()

    form = page[page.index('<form method="post" class="profile-form"') :]
    first_submit = form[form.index('type="submit"') - 40 :][:120]
    assert "저장하기" in first_submit and 'name="add"' not in first_submit


# --- HTML -------------------------------------------------------------------------------------


def test_edit_page_for_a_new_profile_is_well_formed_and_labelled(member_client):
    assert audit(member_client.get("/profile/edit/").content.decode()) == []


def test_edit_page_with_entries_is_well_formed_and_labelled(member_client, member):
    profile = make_profile(member)
    for i in range(2):
        add_education(profile, i)
        add_career(profile, i, is_current=bool(i))

    page = member_client.get("/profile/edit/").content.decode()

    assert audit(page) == []
    assert "<h1>프로필 수정하기</h1>" in page
    assert 'list="desired-job-options"' in page and '<datalist id="desired-job-options">' in page
    assert 'list="desired-industry-options"' in page
    assert 'type="month"' in page and 'type="date"' in page


# --- Queries --------------------------------------------------------------------------------


def entries_profile(member, n: int):
    profile = make_profile(member)
    for i in range(n):
        add_education(profile, i)
        add_career(profile, i)
    return profile


def unchanged_post(profile) -> dict:
    return form_data(
        profile=profile,
        name=profile.name,
        desired_job=profile.desired_job,
        educations=[education_row(e) for e in profile.educations.all()],
        careers=[career_row(c) for c in profile.careers.all()],
    )


def test_edit_page_query_count_does_not_grow_with_entries(
    client, member, other_member, django_assert_num_queries
):
    entries_profile(member, 1)
    entries_profile(other_member, 20)

    for who in (member, other_member):
        client.force_login(who)
        # session, user, profile, data key (once per request), educations, careers, and the
        # header's unread notifications
        with django_assert_num_queries(7):
            assert client.get("/profile/edit/").status_code == 200


def test_saving_checks_posted_row_ids_without_a_query_per_row(
    client, member, other_member, django_assert_num_queries
):
    one, twenty = entries_profile(member, 1), entries_profile(other_member, 20)

    for who, profile in ((member, one), (other_member, twenty)):
        client.force_login(who)
        data = unchanged_post(profile)
        # session, user, profile, data key, educations, careers, savepoint, profile update,
        # release
        with django_assert_num_queries(9):
            assert client.post("/profile/edit/", data).status_code == 302

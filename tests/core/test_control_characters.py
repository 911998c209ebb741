"""Control characters (issue 10): member forms normalise them on input (core.text), a NUL is a
Korean form error, and every export works whatever was stored before: the .docx download, the
print view and the data download ZIP."""

import io
import json
import zipfile

import pytest
from django.db import connection
from docx import Document

from core.text import clean_text, xml_safe
from coverletters.models import CoverLetter, Question
from privacy.rights.models import RightsRequest
from profiles.models import Profile
from tests.coverletters.conftest import make_letter
from tests.profiles.factories import career_row, form_data

pytestmark = pytest.mark.django_db

CONTROLS = "".join(chr(c) for c in [*range(0x01, 0x20), *range(0x7F, 0xA0)])
KEPT = "\t\n\r"
JSON = {"HTTP_ACCEPT": "application/json"}


def every_control_character(with_nul: bool) -> str:
    # PostgreSQL cannot store NUL in text at all; SQLite can, so only there can a letter
    # already hold one.
    return ("\x00" if with_nul else "") + "자기\x0b소개" + CONTROLS + "끝\ufffe\uffff"


def stored_may_hold_nul() -> bool:
    return connection.vendor != "postgresql"


# --- The normalisation ----------------------------------------------------------------------


def test_tab_and_line_breaks_are_kept_and_other_controls_removed():
    assert clean_text("가\t나\r\n다") == "가\t나\r\n다"
    assert clean_text("가\x0b나\x0c다") == "가\n나\n다"  # Word's manual line break, page break
    assert clean_text("가\x01\x1b[31m\x7f\x85\x9f나") == "가[31m나"
    assert clean_text("가\ufffe\uffff나") == "가나"
    for ch in CONTROLS:
        assert clean_text(ch) in ("", "\n", ch)
        assert clean_text(ch) == ch if ch in KEPT else True


def test_plain_text_passes_unchanged_including_emoji_and_old_hangul():
    text = "저는 ᄒᆞᆫ글과 👩‍💻 이모지, 中文, العربية를 써요.\n  들여쓰기도요."
    assert clean_text(text) == text == xml_safe(text)


def test_xml_safe_removes_nul_too():
    assert xml_safe("가\x00나\x0b") == "가나\n"
    assert xml_safe(None) == ""


# --- Forms ----------------------------------------------------------------------------------


def test_cover_letter_form_stores_the_normalised_text(client, member):
    client.force_login(member)

    response = client.post(
        "/coverletters/new/",
        {"title": "하반기\x0b공채\x07", "job_title": "마케팅\x1b", "company": "라이프\x0c전자"},
    )

    assert response.status_code == 302
    letter = CoverLetter.objects.get(member=member)
    assert (letter.title, letter.job_title, letter.company) == (
        "하반기\n공채",
        "마케팅",
        "라이프\n전자",
    )


def test_autosave_stores_the_normalised_answer(client, member):
    client.force_login(member)
    question = make_letter(member, questions=1).questions.get()
    typed = "첫 줄\x0b둘째 줄\t탭" + CONTROLS

    response = client.post(
        f"/coverletters/questions/{question.pk}/answer/",
        {"answer": typed, "revision": 0},
        **JSON,
    )

    assert response.status_code == 200
    question.refresh_from_db()
    # The service stores line breaks as LF (a lone CR too), as the browser counts them.
    assert clean_text(typed) == "첫 줄\n둘째 줄\t탭\t\n\n\n\r"
    assert question.answer == "첫 줄\n둘째 줄\t탭\t\n\n\n\n"


def test_autosave_refuses_a_nul_in_korean_and_keeps_the_stored_answer(client, member):
    client.force_login(member)
    question = make_letter(member, questions=1).questions.get()

    response = client.post(
        f"/coverletters/questions/{question.pk}/answer/",
        {"answer": "가\x00나", "revision": 0},
        **JSON,
    )

    assert response.status_code == 400
    assert "쓸 수 없는 문자(NUL)" in response.json()["error"]
    question.refresh_from_db()
    assert question.answer == "" and question.revision == 0


def test_question_prompt_is_normalised(client, member):
    client.force_login(member)
    letter = make_letter(member)

    client.post(
        f"/coverletters/{letter.pk}/questions/new/",
        {"prompt": "지원\x0b동기\x08", "limit": "", "limit_unit": "with_spaces"},
    )

    assert Question.objects.get(cover_letter=letter).prompt == "지원\n동기"


def test_profile_and_career_rows_are_normalised(client, member):
    client.force_login(member)
    data = form_data(
        situation="막막해요\x0b정말\x1f",
        careers=[career_row(company="라이프\x07컴퍼니", description="맡은 일\x0c성과")],
    )

    response = client.post("/profile/edit/", data)

    assert response.status_code == 302, response.content.decode()[:2000]
    profile = Profile.objects.get(member=member)
    assert profile.situation == "막막해요\n정말"
    career = profile.careers.get()
    assert (career.company, career.description) == ("라이프컴퍼니", "맡은 일\n성과")


def test_a_nul_in_a_profile_field_is_a_korean_form_error(client, member):
    client.force_login(member)

    response = client.post("/profile/edit/", form_data(desired_job="마케\x00팅"))

    assert response.status_code == 200
    assert "희망 직무에 쓸 수 없는 문자(NUL)가 들어 있어요" in response.content.decode()
    assert not Profile.objects.filter(member=member).exists()


def test_experience_form_is_normalised(client, member):
    client.force_login(member)

    response = client.post(
        "/experiences/new/",
        {
            "title": "인턴\x1b[0m",
            "kind": "intern",
            "summary": "요약\x0b",
            "start_date": "2024-03",
            "details": "세부\x0c내용",
            "tags_other": "데이터\x07분석",
        },
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    experience = member.experiences.get()
    assert (experience.title, experience.details) == ("인턴[0m", "세부\n내용")
    assert experience.tags == ["데이터분석"]


def test_member_rights_request_detail_is_normalised(client, member):
    client.force_login(member)

    response = client.post(
        "/privacy/requests/new/", {"kind": "access", "detail": "열람\x0b요청\x01"}
    )

    assert response.status_code == 302
    assert RightsRequest.objects.get(member=member).detail == "열람\n요청"


# --- Exports of what is already stored ------------------------------------------------------


@pytest.fixture
def hostile_letter(member):
    text = every_control_character(stored_may_hold_nul())
    letter = make_letter(member, title=text, job_title=text, company=text)
    Question.objects.create(cover_letter=letter, position=1, prompt=text, answer=text, limit=100)
    return letter


def test_docx_downloads_for_a_letter_holding_every_control_character(
    client, member, hostile_letter
):
    client.force_login(member)

    response = client.get(f"/coverletters/{hostile_letter.pk}/download.docx")

    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "자기\n소개" in text or ("자기" in text and "소개" in text)
    assert "끝" in text
    assert not any(ch in text for ch in CONTROLS if ch not in KEPT and ch != "\x0b")


def test_print_view_shows_a_letter_holding_every_control_character(client, member, hostile_letter):
    client.force_login(member)

    response = client.get(f"/coverletters/{hostile_letter.pk}/print/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "자기<br>소개" in page
    assert not any(ch in page for ch in "\x00\x01\x07\x0b\x0c\x1b\x7f\x85\ufffe")


def test_data_download_zip_holds_a_letter_with_every_control_character(
    client, member, hostile_letter
):
    client.force_login(member)

    response = client.post("/privacy/me/download/")

    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        data = json.loads(archive.read("data.json"))
        html = archive.read("내정보.html").decode()
    assert "끝" in json.dumps(data, ensure_ascii=False) and "<html" in html
